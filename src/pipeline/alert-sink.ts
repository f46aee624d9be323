// Where alert events go besides the live view: JSON lines in the store, one file per closed
// window (named by the window, so a rerun rewrites the same file), each line the alert as it
// stood after the event plus `event` and `eventAt`, so a reader of alerts reads alerts; the
// alerts topic through
// the transport port (in-process or Kafka); and, when configured, a webhook that receives
// each event as a JSON POST, with retries. Each channel keeps its own order, and a slow or
// failing one delays neither the others nor the pipeline: failures are logged and counted.
import { type Clock, describeError, WorkbenchError, type Log, withRetry } from '../core/index';
import { hourPartition, ROOT, type Store } from '../store/index';
import type { Alert, AlertDesk, AlertEvent, AlertEventType } from '../stream/index';
import type { Transport, TransportProducer } from '../transport/index';
import { createSerial } from './serial';

export const ALERT_ROOT = `${ROOT}/alerts`;

const pad = (n: number): string => String(n).padStart(2, '0');
const stampOf = (t: number): string => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
};

/** The events the detector raised when the window ending at `windowEnd` closed. */
export const alertEventsPath = (windowEnd: number): string => `${ALERT_ROOT}/${hourPartition(windowEnd)}/events-${stampOf(windowEnd)}.jsonl`;
/** An acknowledgement, next to the events, named by its time. */
export const alertAckPath = (alertId: string, at: number): string => `${ALERT_ROOT}/${hourPartition(at)}/events-${stampOf(at)}-ack-${alertId}.json`;
/**
 * Stores list paths in order, so an acknowledgement is named to sort after the alert's events
 * before it: a second past its last event at least, as event time may run faster than the
 * clock (--speedup), and "-ack" sorts before ".jsonl" within one second.
 */
const ackTime = (e: AlertEvent): number => Math.max(e.at, e.alert.lastSeenAt + 1_000);

/** A stored line: the alert after the event, with what happened and when. */
export type AlertRecord = Alert & { event: AlertEventType; eventAt: number };
export const alertRecord = (e: AlertEvent): AlertRecord => ({ ...e.alert, event: e.type, eventAt: e.at });

export interface AlertSinkOptions {
  store?: Store;
  /** Publishes to `topic` when given. */
  transport?: Transport;
  topic: string;
  webhook?: string;
  clock: Clock;
  log: Log;
  /** For tests: the HTTP client (defaults to the global fetch). */
  fetch?: typeof fetch;
  webhookTimeoutMs?: number;
  retries?: number;
}

export interface AlertSink {
  accept(events: readonly AlertEvent[]): void;
  /** Resolves once everything accepted so far has been written, published and posted (or given up on). */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly stats: { files: number; published: number; posted: number; failed: number };
}

const RECENT_FILES = 64;
/**
 * Deliveries waiting per channel, at most: a channel that cannot keep up (a webhook that is
 * down, say) drops new events, counted as failed, instead of queueing them without bound.
 */
export const MAX_WAITING_DELIVERIES = 1_000;

export function createAlertSink(options: AlertSinkOptions): AlertSink {
  const { store, transport, topic, webhook, clock, log, retries = 5 } = options;
  const fetcher = options.fetch ?? fetch;
  const channels = { store: createSerial(), topic: createSerial(), webhook: createSerial() };
  const stats = { files: 0, published: 0, posted: 0, failed: 0 };
  /** Lines already written per file: a later batch for the same window is added, not lost. */
  const written = new Map<string, string[]>();
  let producer: Promise<TransportProducer> | undefined;
  /** Deliveries not settled yet: flush waits for them; each leaves the set once settled. */
  const pending = new Set<Promise<unknown>>();
  const waiting = { store: 0, topic: 0, webhook: 0 };

  const retry = <T>(what: string, work: () => Promise<T>): Promise<T> =>
    withRetry(work, { clock, retries, onRetry: (error, attempt, delay) => log.warn(`${what} failed (attempt ${attempt}), retrying in ${delay} ms: ${describeError(error)}`) });
  const run = (channel: keyof typeof channels, what: string, work: () => Promise<void>): void => {
    if (waiting[channel] >= MAX_WAITING_DELIVERIES) {
      stats.failed++;
      log.error(`${what}: dropped, ${MAX_WAITING_DELIVERIES} deliveries already wait on the ${channel} channel`);
      return;
    }
    waiting[channel]++;
    const done: Promise<unknown> = channels[channel](() => retry(what, work)).catch((error: unknown) => {
      stats.failed++;
      log.error(`${what}: ${describeError(error)}`);
    }).finally(() => {
      waiting[channel]--;
      pending.delete(done);
    });
    pending.add(done);
  };

  const persist = (events: readonly AlertEvent[]): void => {
    if (!store) return;
    const files = new Map<string, AlertEvent[]>();
    for (const e of events) {
      const path = e.type === 'acknowledged' ? alertAckPath(e.alert.id, ackTime(e)) : alertEventsPath(e.at);
      files.set(path, [...(files.get(path) ?? []), e]);
    }
    for (const [path, batch] of files) {
      const ack = path.endsWith('.json');
      const records = batch.map((e) => JSON.stringify(alertRecord(e)));
      const lines = ack ? records.slice(-1) : [...(written.get(path) ?? []), ...records];
      if (!ack) written.set(path, lines);
      if (written.size > RECENT_FILES) written.delete(written.keys().next().value as string);
      run('store', `writing alerts to ${path}`, async () => {
        await store.write(path, new TextEncoder().encode(`${lines.join('\n')}\n`));
        stats.files++;
      });
    }
  };

  const publish = (events: readonly AlertEvent[]): void => {
    if (!transport) return;
    run('topic', `publishing ${events.length} alert events to ${topic}`, async () => {
      producer ??= transport.ensureTopic(topic, 1).then(() => transport.createProducer());
      const p = await producer.catch((error: unknown) => {
        producer = undefined;
        throw error;
      });
      await p.send(topic, events.map((e) => ({ key: e.alert.id, value: new TextEncoder().encode(JSON.stringify(e)), timestamp: e.at })));
      stats.published += events.length;
    });
  };

  const post = (events: readonly AlertEvent[]): void => {
    if (!webhook) return;
    for (const event of events) {
      run('webhook', `posting alert ${event.alert.id} (${event.type}) to ${webhook}`, async () => {
        let response: Response;
        try {
          response = await fetcher(webhook, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event),
            signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 5_000),
          });
        } catch (error) {
          throw new WorkbenchError('UNREACHABLE', `the alert webhook did not answer (${describeError(error)}); check --alert-webhook`, { where: webhook, cause: error });
        }
        await response.body?.cancel();
        // A busy or failing server may recover; a refusal (4xx) will not.
        const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
        if (!response.ok) throw new WorkbenchError('UNREACHABLE', `the alert webhook answered ${response.status} ${response.statusText}`, { where: webhook, retriable });
        stats.posted++;
      });
    }
  };

  const flush = async (): Promise<void> => {
    while (pending.size > 0) await Promise.all([...pending]);
  };

  return {
    stats,
    accept(events) {
      if (events.length === 0) return;
      persist(events);
      publish(events);
      post(events);
    },
    flush,
    async close() {
      await flush();
      if (producer) await (await producer.catch(() => undefined))?.close();
      producer = undefined;
    },
  };
}

/** A sink fed by every event of an alert desk (stage 2's), until it is closed. */
export function attachAlertSink(alerts: { desk: AlertDesk }, options: AlertSinkOptions): AlertSink {
  const sink = createAlertSink(options);
  const unsubscribe = alerts.desk.subscribe((events) => sink.accept(events));
  return {
    stats: sink.stats,
    accept: sink.accept,
    flush: sink.flush,
    async close() {
      unsubscribe();
      await sink.close();
    },
  };
}
