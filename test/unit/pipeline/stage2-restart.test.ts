// A stage-2 owner restarted mid-run keeps alerting: the new owner learns the windows already
// written from the store, so a surge right after the restart is flagged within its usual delay,
// where an owner that starts cold is still in its 30-minute warm-up.
import { describe, expect, it } from 'vitest';
import {
  createFsStore, createStage1, createSyntheticSource, DEFAULT_ALERT_SETTINGS, DEFAULT_STREAM_SETTINGS, encodeCheckout, encodePartial, partialsTopicFor, silentLog, tumbling, type CheckoutEvent, type Transport,
} from '../../../src/index';
import { createManualClock } from '../../../src/core/index';
import { createMemoryTransport } from '../../../src/transport/index';
import { createStage2Service } from '../../../src/pipeline/index';
import type { Stage1Partial } from '../../../src/stream/index';
import { tempDir } from '../../helpers/tmp';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 8);
const SURGE_AT = T0 + 50 * MIN;
const RESTART_AT = T0 + 45 * MIN;
const settings = { ...DEFAULT_STREAM_SETTINGS, window: tumbling(MIN), allowedLatenessMs: 0 };
const failures: unknown[] = [];

/** 70 minutes of a flat store; the most sold product surges ×4 from minute 50. */
function stream(): { partials: Stage1Partial[]; surging: number } {
  const events = [...createSyntheticSource({ seed: 5, startTime: T0, ordersPerSecond: 8, maxOrders: 8 * 70 * 60, seasonality: false }).generate()];
  const sold = new Map<number, number>();
  for (const e of events) for (const l of e.lines) sold.set(l.product_id, (sold.get(l.product_id) ?? 0) + 1);
  const surging = [...sold].sort((a, b) => b[1] - a[1])[0]![0];
  let extra = 10_000_000;
  const all: CheckoutEvent[] = [];
  for (const e of events) {
    all.push(e);
    const line = e.lines.find((l) => l.product_id === surging);
    if (line && e.event_time >= SURGE_AT) for (let k = 0; k < 3; k++) all.push({ ...e, order_id: extra, event_id: `extra-${extra++}`, lines: [line] });
  }
  const stage1 = createStage1(settings);
  const partials: Stage1Partial[] = [];
  all.forEach((e, i) => {
    stage1.accept('orders', 0, i, encodeCheckout(e));
    if ((i + 1) % 200 === 0) partials.push(...stage1.drainAll());
  });
  partials.push(...stage1.drainAll());
  return { partials, surging };
}

async function owner(transport: Transport, dir: string, clock: ReturnType<typeof createManualClock>) {
  const store = createFsStore({ root: dir });
  const service = createStage2Service({
    transport, sourceTopic: 'orders', partialsTopic: partialsTopicFor('orders'), groupId: 'stage2', settings, store, checkpoints: store,
    alerts: DEFAULT_ALERT_SETTINGS, flushIntervalMs: 30_000, clock, log: silentLog, onError: (e) => failures.push(e),
  });
  await service.start();
  return service;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends partials and waits until the owner has merged them. */
async function send(transport: Transport, service: Awaited<ReturnType<typeof owner>>, partials: Stage1Partial[]): Promise<void> {
  const producer = await transport.createProducer();
  await producer.send(partialsTopicFor('orders'), partials.map((p) => ({ key: '0', value: encodePartial(p) })));
  const last = partials[partials.length - 1]!.lastOffset;
  await until(() => failures.length > 0 || (service.stage2.merger.state.partitions.find((p) => p.partition === 0)?.mergedUpTo ?? -1) >= last, `partials up to offset ${last} to be merged`);
  expect(failures).toEqual([]);
}

const surgeAlert = (service: Awaited<ReturnType<typeof owner>>, productId: number) =>
  service.stage2.alerts.desk.list().find((a) => a.level === 'product' && a.subjectId === productId && a.direction === 'surge');

describe('a stage-2 owner restarted mid-run', () => {
  it('flags a surge after the restart within its usual delay, with no new warm-up', async () => {
    const { partials, surging } = stream();
    const before = partials.filter((p) => p.maxEventTime < RESTART_AT);
    const after = partials.slice(before.length);

    const transport = createMemoryTransport();
    await transport.ensureTopic('orders', 1);
    const dir = await tempDir('stage2-restart');
    const clock = createManualClock(RESTART_AT);
    const first = await owner(transport, dir, clock);
    await send(transport, first, before);
    await first.stop(); // writes its windows and checkpoint, as a deploy would

    const second = await owner(transport, dir, clock);
    await send(transport, second, after);
    const alert = surgeAlert(second, surging);
    expect(alert, 'the restarted owner flags the surge').toBeDefined();
    expect(alert!.startedAt - SURGE_AT).toBeLessThanOrEqual(3 * MIN);
    await second.stop();

    // The same tail on a cold owner (an empty store): still warming up, it stays silent.
    const coldTransport = createMemoryTransport();
    await coldTransport.ensureTopic('orders', 1);
    const cold = await owner(coldTransport, await tempDir('stage2-cold'), clock);
    await send(coldTransport, cold, after);
    expect(surgeAlert(cold, surging)).toBeUndefined();
    await cold.stop();
    expect(failures).toEqual([]);
  }, 180_000);
});
