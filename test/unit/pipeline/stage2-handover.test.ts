// A stage-2 owner stopping while its group rebalances (two workers stopped together): the group
// takes stage 2 away without a flush and hands it back a moment later. The stop must wait for
// that, read what is handed back and write the last windows, not leave them to nobody; and it
// must still end when the group never answers. The group is scripted as Kafka behaves: onLost,
// then onAssign and a replay from the committed offset.
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createFsStore, createHistoryReader, createStage1, DEFAULT_ALERT_SETTINGS, DEFAULT_STREAM_SETTINGS, encodeCheckout, encodePartial, partialsTopicFor, silentLog, tumbling, type Transport,
} from '../../../src/index';
import { createManualClock, type ManualClock } from '../../../src/core/index';
import { createStage2Service } from '../../../src/pipeline/index';
import { lagOf, type ConsumerHandlers } from '../../../src/transport/types';
import type { TransportConsumer } from '../../../src/transport/index';
import { line, order } from '../../helpers/events';
import { tempDir } from '../../helpers/tmp';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12);
const TOPIC = partialsTopicFor('orders');
const settings = { ...DEFAULT_STREAM_SETTINGS, window: tumbling(MIN), allowedLatenessMs: 0 };

/** The partials topic and one member's view of its group, driven by the test. */
function scriptedGroup(partials: Uint8Array[]) {
  let handlers: ConsumerHandlers | undefined;
  let committed: number | null = null;
  const group = { stopped: false, lagFails: false, rebalancing: false };
  const consumer: TransportConsumer = {
    run: async (h) => void (handlers = h),
    commit: async (offsets) => void (committed = offsets[0]!.offset),
    // As on Kafka, the lag is what the standings say, and reading it fails with them.
    standings: async () => {
      if (group.lagFails) throw new Error('Cannot destructure property \'partitions\' of \'low.pop(...)\'');
      return [{ partition: 0, start: 0, end: partials.length, committed }];
    },
    lag: async () => lagOf(await consumer.standings(TOPIC)),
    rebalancing: () => group.rebalancing,
    stop: async () => void (group.stopped = true),
  };
  const transport = {
    kind: 'kafka', address: 'scripted', ensureTopic: async () => undefined, partitionCount: async () => 1,
    createConsumer: async () => consumer, createProducer: async () => Promise.reject(new Error('not used')), close: async () => undefined,
  } as Transport;
  return Object.assign(group, {
    transport,
    committed: () => committed,
    /** The group assigns the partials partition; Kafka then replays it from the committed offset. */
    async assign(): Promise<void> {
      await handlers!.onAssign!([{ topic: TOPIC, partition: 0 }]);
      group.rebalancing = false;
      const from = committed ?? 0;
      const messages = partials.slice(from).map((value, i) => ({ key: '0', value, timestamp: T0, offset: from + i }));
      await handlers!.onBatch({ topic: TOPIC, partition: 0, messages, highWatermark: partials.length });
    },
    /** A rebalance noticed while idle: the partition is gone, no flush. */
    lose(): void {
      group.rebalancing = true;
      handlers!.onLost!([{ topic: TOPIC, partition: 0 }]);
    },
  });
}

/** Three orders in the 12:00 window and two in 12:01, none closed yet (no later partial). */
function partials(): Uint8Array[] {
  const stage1 = createStage1(settings);
  [T0 + 1_000, T0 + 20_000, T0 + 40_000, T0 + MIN + 5_000, T0 + MIN + 6_000].forEach((t, i) => stage1.accept('orders', 0, i, encodeCheckout(order(t, [line(i + 1)]))));
  return stage1.drainAll().map(encodePartial);
}

async function owner(group: ReturnType<typeof scriptedGroup>, clock: ManualClock) {
  const dir = await tempDir('stage2-handover');
  const store = createFsStore({ root: dir });
  const service = createStage2Service({
    transport: group.transport, sourceTopic: 'orders', partialsTopic: TOPIC, groupId: 's2', settings, store, checkpoints: store,
    alerts: { ...DEFAULT_ALERT_SETTINGS, enabled: false }, flushIntervalMs: 30_000, clock, log: silentLog,
  });
  await service.start();
  await group.assign();
  expect(service.stage2.view.summary().orders).toBe(5);
  const ordersWritten = async (): Promise<number> =>
    (await createHistoryReader(store).rows('by_hour')).reduce((sum, r) => sum + Number(r.transaction_count), 0);
  return { service, ordersWritten };
}

/** Moves the manual clock on in 50 ms steps until `work` settles (the stop polls through the clock). */
async function drive<T>(clock: ManualClock, work: Promise<T>, limitMs = 20_000): Promise<T> {
  let settled = false;
  const done = work.finally(() => void (settled = true));
  for (let spent = 0; !settled && spent < limitMs; spent += 50) {
    await new Promise((r) => setTimeout(r, 2));
    clock.advance(50);
  }
  return done;
}

describe('stage-2 owner stopping during a rebalance', () => {
  it('waits for the group to hand stage 2 back, then writes its last windows and commits every partial', async () => {
    const clock = createManualClock(T0 + 5 * MIN);
    const group = scriptedGroup(partials());
    const { service, ordersWritten } = await owner(group, clock);
    group.lose();
    let stopped = false;
    const stopping = service.stop().then(() => void (stopped = true));
    await drive(clock, new Promise((r) => setTimeout(r, 100)));
    expect(stopped).toBe(false); // still waiting for the group's answer

    await group.assign();
    await drive(clock, stopping);
    expect(await ordersWritten()).toBe(5);
    expect(service.stats.windowsWritten).toBe(2);
    expect(group.committed()).toBe(partials().length);
    expect(group.stopped).toBe(true);
  });

  it('stops at its deadline, leaving the windows to the next owner, when the group never answers', async () => {
    const clock = createManualClock(T0 + 5 * MIN);
    const group = scriptedGroup(partials());
    const { service, ordersWritten } = await owner(group, clock);
    group.lose();
    const started = clock.now();
    await drive(clock, service.stop());
    expect(clock.now() - started).toBeGreaterThanOrEqual(10_000);
    expect(clock.now() - started).toBeLessThan(11_000);
    expect(await ordersWritten()).toBe(0);
    expect(group.committed()).toBeNull();
    expect(group.stopped).toBe(true);
  });

  it('still writes the last windows when reading the lag fails after the handover, then reports that failure', async () => {
    const clock = createManualClock(T0 + 5 * MIN);
    const group = scriptedGroup(partials());
    const { service, ordersWritten } = await owner(group, clock);
    onTestFinished(() => void (group.lagFails = false));
    group.lose();
    const stopping = service.stop().then(() => 'stopped', (error: unknown) => error);
    group.lagFails = true;
    await group.assign();
    expect(await drive(clock, stopping)).toMatchObject({ message: expect.stringMatching(/low\.pop/) });
    expect(await ordersWritten()).toBe(5);
    expect(group.stopped).toBe(true);
  });
});
