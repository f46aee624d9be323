import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  alertAckPath, alertEventsPath, MAX_WAITING_DELIVERIES, createAlertSink, type AlertRecord,
} from '../../../src/pipeline/alert-sink';
import { attachAlertSink } from '../../../src/pipeline/index';
import { createAlertDesk, createFsStore, silentLog, type AlertEvent, type Clock, type TrendSignal } from '../../../src/index';
import { createMemoryTransport } from '../../../src/transport/index';
import { readStoredAlerts } from '../../../src/report/history';
import { tempDir } from '../../helpers/tmp';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 5);
/** Retries without waiting. */
const instant: Clock = { now: () => T0, sleep: async () => undefined, every: () => () => undefined };

const signal = (kind: TrendSignal['kind'], at: number, subjectId = 7): TrendSignal => ({
  kind, level: 'product', subjectId, subjectName: 'Bananas', departmentId: 4, polarity: 'up', direction: 'surge',
  severity: 'warning', windowStart: at - MINUTE, at, observed: 40, baseline: 20, changePct: 100, ratio: 2, evidence: 1,
  rank: null, baselineRank: null, message: 'Bananas surged',
});

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A webhook receiver that answers the given statuses in turn (then 200), recording what it got. */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: AlertEvent[]; hits: () => number }> {
  const bodies: AlertEvent[] = [];
  let hits = 0;
  server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      const status = statuses[hits++] ?? 200;
      if (status === 200) {
        expect(req.headers['content-type']).toBe('application/json');
        bodies.push(JSON.parse(text) as AlertEvent);
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, hits: () => hits };
}

describe('alert sink', () => {
  it('writes each window\'s events once under an idempotent name, publishes them, and posts them to the webhook with retries', async () => {
    const dir = await tempDir('alert-sink');
    const store = createFsStore({ root: dir });
    const transport = createMemoryTransport();
    const hook = await receiver([500, 503]);
    const desk = createAlertDesk({ cooldownFor: () => 0 });
    const sink = attachAlertSink({ desk }, { store, transport, topic: 'purchase-alerts', webhook: hook.url, clock: instant, log: silentLog });

    desk.apply([signal('onset', T0), signal('onset', T0, 8)]);
    desk.apply([signal('recovered', T0 + 3 * MINUTE)]);
    const id = `product-8-up-${T0}`;
    desk.acknowledge(id, T0 + 4 * MINUTE + 1_234);
    await sink.close();

    // Stored lines are the alerts themselves, with the event that changed them.
    const lines = new TextDecoder().decode(await store.read(alertEventsPath(T0))).trim().split('\n').map((l) => JSON.parse(l) as AlertRecord);
    expect(alertEventsPath(T0)).toBe('purchase-analytics/alerts/dt=2026-11-23/hour=10/events-20261123T100500.jsonl');
    expect(lines.map((r) => [r.event, r.eventAt, r.id, r.subjectId, r.resolvedAt])).toEqual([['raised', T0, `product-7-up-${T0}`, 7, null], ['raised', T0, id, 8, null]]);
    expect(JSON.parse(new TextDecoder().decode(await store.read(alertEventsPath(T0 + 3 * MINUTE))))).toMatchObject({ event: 'resolved', subjectId: 7, resolvedAt: T0 + 3 * MINUTE });
    expect(alertAckPath(id, T0 + 4 * MINUTE + 1_234)).toBe(`purchase-analytics/alerts/dt=2026-11-23/hour=10/events-20261123T100901-ack-${id}.json`);
    expect(JSON.parse(new TextDecoder().decode(await store.read(alertAckPath(id, T0 + 4 * MINUTE + 1_234))))).toMatchObject({ event: 'acknowledged', id, acknowledged: true });
    // The reports read them back as alerts.
    expect((await readStoredAlerts(store)).map((a) => [a.id, a.acknowledged, a.resolvedAt]).sort()).toEqual([[id, true, null], [`product-7-up-${T0}`, false, T0 + 3 * MINUTE]].sort());

    const consumer = await transport.createConsumer({ groupId: 'check', topics: ['purchase-alerts'], fromBeginning: true });
    const seen: Array<[string | null, string]> = [];
    await consumer.run({ onBatch: async (b) => void seen.push(...b.messages.map((m) => [m.key, (JSON.parse(new TextDecoder().decode(m.value)) as AlertEvent).type] as [string | null, string])) });
    await expect.poll(() => seen.length).toBe(4);
    await consumer.stop();
    expect(seen).toEqual([[`product-7-up-${T0}`, 'raised'], [id, 'raised'], [`product-7-up-${T0}`, 'resolved'], [id, 'acknowledged']]);

    // The first event took three tries (500, 503, then 200); the order of events is kept.
    expect(hook.hits()).toBe(6);
    expect(hook.bodies.map((e) => [e.type, e.alert.subjectId])).toEqual([['raised', 7], ['raised', 8], ['resolved', 7], ['acknowledged', 8]]);
    expect(sink.stats).toEqual({ files: 3, published: 4, posted: 4, failed: 0 });
  });

  it('rewrites a window\'s file with everything it got, when events for it come in two batches', async () => {
    const store = createFsStore({ root: await tempDir('alert-sink-twice') });
    const sink = createAlertSink({ store, topic: 'x', clock: instant, log: silentLog });
    const desk = createAlertDesk({ cooldownFor: () => 0 });
    sink.accept(desk.apply([signal('onset', T0)]));
    sink.accept(desk.apply([signal('onset', T0, 9)]));
    await sink.flush();
    const text = new TextDecoder().decode(await store.read(alertEventsPath(T0)));
    expect(text.trim().split('\n').map((l) => (JSON.parse(l) as AlertRecord).subjectId)).toEqual([7, 9]);
  });

  it('gives up on a webhook that refuses (4xx) without retrying, logs it, and carries on', async () => {
    const hook = await receiver([400]);
    const errors: string[] = [];
    const sink = createAlertSink({ topic: 'x', webhook: hook.url, clock: instant, log: { ...silentLog, error: (m) => errors.push(m) } });
    const desk = createAlertDesk({ cooldownFor: () => 0 });
    sink.accept(desk.apply([signal('onset', T0)]));
    sink.accept(desk.apply([signal('onset', T0 + MINUTE, 9)]));
    await sink.close();
    expect(hook.hits()).toBe(2);
    expect(sink.stats).toMatchObject({ posted: 1, failed: 1 });
    expect(errors[0]).toMatch(new RegExp(`posting alert product-7-up-${T0} \\(raised\\) to http://127\\.0\\.0\\.1:\\d+/hook: the alert webhook answered 400`));
  });

  it('names the webhook when it cannot be reached at all', async () => {
    const errors: string[] = [];
    const sink = createAlertSink({ topic: 'x', webhook: 'http://127.0.0.1:9/hook', clock: instant, log: { ...silentLog, error: (m) => errors.push(m) }, retries: 2 });
    sink.accept(createAlertDesk({ cooldownFor: () => 0 }).apply([signal('onset', T0)]));
    await sink.close();
    expect(sink.stats.failed).toBe(1);
    expect(errors[0]).toMatch(/http:\/\/127\.0\.0\.1:9\/hook: the alert webhook did not answer .*check --alert-webhook/);
  });

  it('drops new events, counted as failed, once a stuck webhook has its limit of deliveries waiting', async () => {
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const fetchStuck = (async () => {
      calls++;
      await stuck;
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const errors: string[] = [];
    const sink = createAlertSink({ topic: 'x', webhook: 'http://hook.invalid/', clock: instant, fetch: fetchStuck, log: { ...silentLog, error: (m) => errors.push(m) } });
    const desk = createAlertDesk({ cooldownFor: () => 0 });
    const events = desk.apply(Array.from({ length: MAX_WAITING_DELIVERIES + 5 }, (_, i) => signal('onset', T0, 100 + i)));
    sink.accept(events);
    expect(sink.stats.failed).toBe(5);
    expect(errors[0]).toMatch(/dropped, 1000 deliveries already wait on the webhook channel/);
    release();
    await sink.close();
    expect([calls, sink.stats.posted, sink.stats.failed]).toEqual([MAX_WAITING_DELIVERIES, MAX_WAITING_DELIVERIES, 5]);
  });
});

describe('acknowledgement files', () => {
  it('sort after the alert\'s own events even when event time runs ahead of the clock (--speedup)', async () => {
    const store = createFsStore({ root: await tempDir('alert-sink-ack') });
    const sink = createAlertSink({ store, topic: 'x', clock: instant, log: silentLog });
    const desk = createAlertDesk({ cooldownFor: () => 0 });
    sink.accept(desk.apply([signal('onset', T0 + 30 * MINUTE)]));
    const ack = desk.acknowledge(`product-7-up-${T0 + 30 * MINUTE}`, T0 + MINUTE)!; // the clock is behind event time
    sink.accept([ack]);
    await sink.flush();
    const paths = (await store.list('purchase-analytics/alerts')).map((f) => f.path);
    expect(paths).toEqual([alertEventsPath(T0 + 30 * MINUTE), alertAckPath(ack.alert.id, T0 + 30 * MINUTE + 1_000)]);
    expect((await readStoredAlerts(store))[0]!.acknowledged).toBe(true);
  });
});
