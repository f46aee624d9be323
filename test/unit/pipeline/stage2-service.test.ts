// The stage-2 service's write and commit logic on a manual clock: closed windows are written at
// the flush interval, or earlier once maxPendingWindows of them wait, and the committed
// partials offset never passes a partial that still feeds an open window.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createFsStore, createStage1, DEFAULT_ALERT_SETTINGS, DEFAULT_STREAM_SETTINGS, encodeCheckout, encodePartial, partialsTopicFor, silentLog, tumbling,
} from '../../../src/index';
import { createManualClock } from '../../../src/core/index';
import { createMemoryTransport } from '../../../src/transport/index';
import { createStage2Service } from '../../../src/pipeline/index';
import { line, order } from '../../helpers/events';
import { tempDir } from '../../helpers/tmp';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 12);
const FLUSH_MS = 30_000;

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const windowFiles = async (dir: string): Promise<string[]> =>
  (await readdir(join(dir, 'purchase-analytics', 'aggregated', 'by_hour'), { recursive: true }).catch(() => [])).map(String).filter((f) => f.endsWith('.parquet'));

/** A stage-2 service over a fresh in-process log and store, and partials of partition 0, one per order at the given minutes. */
async function setUp(minutes: number[], now: number, maxPendingWindows?: number, retentionBytes?: number) {
  const clock = createManualClock(now);
  const transport = createMemoryTransport(retentionBytes === undefined ? {} : { retention: { bytes: retentionBytes } });
  await transport.ensureTopic('orders', 1);
  const partialsTopic = partialsTopicFor('orders');
  await transport.ensureTopic(partialsTopic, 1);
  const settings = { ...DEFAULT_STREAM_SETTINGS, window: tumbling(MIN), allowedLatenessMs: 0 };
  const stage1 = createStage1(settings);
  const producer = await transport.createProducer();
  const partials = minutes.map((m, offset) => {
    stage1.accept('orders', 0, offset, encodeCheckout(order(T0 + m * MIN + 1_000, [line(offset + 1)])));
    return stage1.drainAll()[0]!;
  });
  const send = (from: number, to: number) => producer.send(partialsTopic, partials.slice(from, to).map((p) => ({ key: '0', value: encodePartial(p) })));
  const dir = await tempDir('stage2-service');
  const store = createFsStore({ root: dir });
  const service = createStage2Service({
    transport, sourceTopic: 'orders', partialsTopic, groupId: 's2', settings, store, checkpoints: store,
    alerts: { ...DEFAULT_ALERT_SETTINGS, enabled: false }, flushIntervalMs: FLUSH_MS, clock, log: silentLog,
    ...(maxPendingWindows === undefined ? {} : { maxPendingWindows }),
  });
  await service.start();
  onTestFinished(() => service.stop());
  const committed = async (): Promise<number | null> => {
    const consumer = await transport.createConsumer({ groupId: 's2', topics: [partialsTopic] });
    return (await consumer.standings(partialsTopic))[0]!.committed;
  };
  return { clock, dir, service, send, committed, transport, partialsTopic };
}

describe('stage-2 service on a manual clock', () => {
  it('writes closed windows at the flush interval and commits below the first partial of an open window', async () => {
    // Two partials: one in the first window, one two minutes later that closes it.
    const { clock, dir, service, send, committed } = await setUp([0, 2], T0 + 5 * MIN);
    await send(0, 2);
    await until(() => service.stage2.view.summary().orders === 2, 'both partials to be merged');
    expect(service.stage2.view.summary().windowsClosed).toBe(1);
    expect(await windowFiles(dir)).toEqual([]); // closed, but not written before the flush interval

    clock.advance(FLUSH_MS);
    await until(async () => (await windowFiles(dir)).length === 1, 'the first window to be written');
    // Offset 1 still feeds the open window: a restart must replay it.
    await until(async () => (await committed()) === 1, 'the commit at offset 1');
  });

  it('writes early, before the flush interval, once maxPendingWindows closed windows wait', async () => {
    // Orders in minutes 0, 1, 2 and 4: the second closes one window, the last three more at once.
    const { dir, service, send, committed } = await setUp([0, 1, 2, 4], T0 + 10 * MIN, 2);
    await send(0, 2);
    await until(() => service.stage2.view.summary().orders === 2, 'the first two partials to be merged');
    expect(service.stage2.view.summary().windowsClosed).toBe(1);
    expect(await windowFiles(dir)).toEqual([]); // one window waits: below the bound, the flush interval rules

    await send(2, 4);
    // Three windows closed, the clock never moved: written because they reached the bound.
    await until(() => service.stats.windowsWritten === 3, 'the closed windows to be written early');
    // The three windows of one flush and hour partition share one file per dataset.
    expect(await windowFiles(dir)).toEqual(['dt=2026-11-24/hour=12/windows-20261124T120000-20261124T120200-60s.parquet']);
    // Offset 3 feeds the open window of minute 4: the commit stops there.
    await until(async () => (await committed()) === 3, 'the commit at offset 3');
  });

  it('has nothing left to read once it has read every partial, though the log deleted some it had not committed', async () => {
    // A byte cap of ~3 partials: by the sixth, the log has deleted partials read but not committed
    // (no flush yet: the clock never moves), as the in-process log's cap does in a backlog.
    const { service, send, committed, transport, partialsTopic } = await setUp([0, 0, 0, 0, 0, 0, 0, 0], T0 + 5 * MIN, undefined, 400);
    for (let i = 0; i < 6; i++) {
      await send(i, i + 1);
      await until(() => service.stage2.view.summary().orders === i + 1, `partial ${i} to be merged`);
    }
    const [standing] = (await (await transport.createConsumer({ groupId: 'probe', topics: [partialsTopic] })).standings(partialsTopic));
    expect(standing!.start).toBeGreaterThan(0); // the log deleted the first partials
    expect(await committed()).toBeNull();
    expect(await service.lag()).toBe(0);
    await send(6, 8);
    expect(await service.lag()).toBe(2); // sent, not read yet: the service has not had its turn
    await until(() => service.stage2.view.summary().orders === 8, 'the last two partials to be merged');
    expect(await service.lag()).toBe(0);
  });
});
