// Server-sent events for the dashboard. Clients watching the same selection (time range,
// department) share one snapshot per change: it is computed and serialised once and written
// to each of them. Pushes follow a change within PUSH_GAP_MS, never more often. Every event
// carries an id; a client that reconnects with Last-Event-ID gets nothing it already has and
// otherwise the current snapshot, which holds everything the page shows.
import type { Response } from 'express';
import { dashboardSnapshot, type DashboardSelection, type DashboardSnapshot, type LiveView } from '../src/index';
import type { Comparisons } from './comparisons';
import type { Health, HealthMonitor } from './health';

export interface DashboardPayload extends DashboardSnapshot {
  health: Health;
  exports: { pdf: string; xlsx: string } | null;
}

export interface DashboardHub {
  /** Streams to one client until it goes away. */
  connect(res: Response, selection: DashboardSelection, lastEventId: string | undefined): void;
  /** The payload for a selection, shared with the SSE clients of the same selection. */
  payload(selection: DashboardSelection): DashboardPayload;
  readonly clients: number;
  /** Snapshots built so far (for tests of the sharing). */
  readonly builds: number;
  close(): void;
}

export const PUSH_GAP_MS = 250;
const KEEPALIVE_MS = 15_000;

interface Client {
  res: Response;
  key: string;
  selection: DashboardSelection;
  sentId: string | undefined;
  blocked: boolean;
}

const keyOf = (s: DashboardSelection): string => `${s.range}/${s.departmentId ?? 'all'}/${s.compare ?? 'none'}`;

export function createDashboardHub(options: {
  view: LiveView;
  onUpdate: (listener: () => void) => () => void;
  health: HealthMonitor;
  exportsAvailable: () => boolean;
  /** The earlier periods of comparisons; without it a comparison is never read. */
  comparisons?: Comparisons;
  now?: () => number;
}): DashboardHub {
  const { view, health, now = Date.now } = options;
  // Distinguishes this process's ids from a previous one's, whose versions restarted at 0.
  const boot = now().toString(36);
  let healthGeneration = 0;
  let builds = 0;
  const clients = new Set<Client>();
  const cache = new Map<string, { id: string; payload: DashboardPayload; text?: string }>();

  const idFor = (s: DashboardSelection): string => `${boot}.${view.version}.${healthGeneration}.${options.comparisons?.generation ?? 0}.${keyOf(s)}`;

  const exportLinks = (s: DashboardSelection): DashboardPayload['exports'] => {
    if (!options.exportsAvailable()) return null;
    const query = `range=${s.range}&department=${s.departmentId ?? 'all'}`;
    return { pdf: `/export/report.pdf?${query}`, xlsx: `/export/report.xlsx?${query}` };
  };

  const current = (s: DashboardSelection): { id: string; payload: DashboardPayload; text?: string } => {
    const id = idFor(s);
    const key = keyOf(s);
    const hit = cache.get(key);
    if (hit?.id === id) return hit;
    builds++;
    const comparison = options.comparisons?.peek(s) ?? null;
    const entry = { id, payload: { ...dashboardSnapshot(view, s, now(), comparison), health: health.current(), exports: exportLinks(s) } };
    cache.set(key, entry);
    return entry;
  };

  const message = (s: DashboardSelection): { id: string; text: string } => {
    const entry = current(s);
    entry.text ??= `id: ${entry.id}\nevent: dashboard\ndata: ${JSON.stringify(entry.payload)}\n\n`;
    return { id: entry.id, text: entry.text };
  };

  const sendTo = (client: Client): void => {
    if (client.blocked) return;
    const { id, text } = message(client.selection);
    if (client.sentId === id) return;
    client.sentId = id;
    // A slow client is not buffered without bound: it gets the newest snapshot once it drains.
    if (!client.res.write(text)) {
      client.blocked = true;
      client.res.once('drain', () => {
        client.blocked = false;
        sendTo(client);
      });
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let lastPush = 0;
  const push = (): void => {
    timer = undefined;
    lastPush = now();
    clients.forEach(sendTo);
    // Selections nobody watches any more need no cached snapshot.
    const watched = new Set([...clients].map((c) => c.key));
    for (const key of cache.keys()) if (!watched.has(key)) cache.delete(key);
  };
  const schedule = (): void => {
    if (timer || clients.size === 0) return;
    timer = setTimeout(push, Math.max(0, PUSH_GAP_MS - (now() - lastPush)));
  };

  const unsubscribeView = options.onUpdate(schedule);
  const unsubscribeHealth = health.onChange(() => {
    healthGeneration++;
    schedule();
  });
  const keepalive = setInterval(() => clients.forEach((c) => c.blocked || c.res.write(': keep-alive\n\n')), KEEPALIVE_MS);
  keepalive.unref();

  return {
    connect(res, selection, lastEventId) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.write('retry: 1000\n\n');
      const client: Client = { res, key: keyOf(selection), selection, sentId: lastEventId, blocked: false };
      clients.add(client);
      sendTo(client);
      res.on('close', () => clients.delete(client));
    },
    payload: (selection) => current(selection).payload,
    get clients() {
      return clients.size;
    },
    get builds() {
      return builds;
    },
    close() {
      unsubscribeView();
      unsubscribeHealth();
      clearInterval(keepalive);
      if (timer) clearTimeout(timer);
      clients.forEach((c) => c.res.end());
      clients.clear();
    },
  };
}
