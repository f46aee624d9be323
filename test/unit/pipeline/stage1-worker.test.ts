// The stage-1 worker's cut and commit logic, driven by a manual clock: nothing reaches stage 2
// before the emit interval, nothing is committed before raw is durable, and a quiet partition
// is reported idle only once it has been silent for the idle timeout.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFsStore, createLog, createSyntheticSource, DEFAULT_STREAM_SETTINGS, encodeCheckout, partialsTopicFor, silentLog, type Transport,
} from '../../../src/index';
import { createManualClock } from '../../../src/core/index';
import { createMemoryTransport, partitionForKey } from '../../../src/transport/index';
import { createStage1Worker } from '../../../src/pipeline/index';
import { decodePartial, type Stage1Partial } from '../../../src/stream/index';
import { queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';

const TOPIC = 'orders';
const EMIT_MS = 250;
const FLUSH_MS = 30_000;

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every partial on the partials topic so far, decoded. */
async function partials(transport: Transport): Promise<Stage1Partial[]> {
  const reader = await transport.createConsumer({ groupId: `reader-${Math.random()}`, topics: [partialsTopicFor(TOPIC)], fromBeginning: true });
  const seen: Stage1Partial[] = [];
  const end = (await reader.standings(partialsTopicFor(TOPIC)))[0]?.end ?? 0;
  await reader.run({ onBatch: async (b) => void seen.push(...b.messages.map((m) => decodePartial(m.value))) });
  await until(() => seen.length >= end, 'the partials topic to be read');
  await reader.stop();
  return seen;
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

async function setUp(orders: number, partitions: number) {
  const clock = createManualClock(Date.UTC(2026, 10, 24, 12));
  const transport = createMemoryTransport();
  await transport.ensureTopic(TOPIC, partitions);
  const producer = await transport.createProducer();
  const events = [...createSyntheticSource({ seed: 1, startTime: clock.now() - 60_000, ordersPerSecond: 50, maxOrders: orders, seasonality: false }).generate()];
  // All on partition 0: the others stay empty.
  const key = ['a', 'b', 'c', 'd', 'e'].find((k) => partitionForKey(k, partitions, 0) === 0)!;
  await producer.send(TOPIC, events.map((e) => ({ key, value: encodeCheckout(e) })));
  const dir = await tempDir('stage1-worker');
  const worker = createStage1Worker({
    transport, store: createFsStore({ root: dir }), topic: TOPIC, partialsTopic: partialsTopicFor(TOPIC), groupId: 'g',
    settings: DEFAULT_STREAM_SETTINGS, flushIntervalMs: FLUSH_MS, emitIntervalMs: EMIT_MS, badRecords: 'skip', clock, log: silentLog,
  });
  await worker.start();
  stops.push(() => worker.stop());
  await until(() => worker.stats.consumed === orders, 'the worker to read every order');
  return { clock, transport, worker, dir };
}

/** One single-partition topic on the in-process log, with 60 synthetic orders to send by index range. */
async function oneTopic(seed: number) {
  const clock = createManualClock(Date.UTC(2026, 10, 24, 12));
  const transport = createMemoryTransport();
  await transport.ensureTopic(TOPIC, 1);
  const producer = await transport.createProducer();
  const events = [...createSyntheticSource({ seed, startTime: clock.now() - 60_000, ordersPerSecond: 50, maxOrders: 60, seasonality: false }).generate()];
  const send = (from: number, to: number) => producer.send(TOPIC, events.slice(from, to).map((e) => ({ key: 'k', value: encodeCheckout(e) })));
  return { clock, transport, send };
}

describe('stage-1 worker on a manual clock', () => {
  it('hands partials over at the emit interval and commits only once the flush has made raw durable', async () => {
    const { clock, transport, worker } = await setUp(40, 1);
    expect(await partials(transport)).toEqual([]);
    clock.advance(EMIT_MS);
    await until(async () => (await partials(transport)).length > 0, 'a partial');
    const [first] = await partials(transport);
    expect([first!.partition, first!.firstOffset, first!.lastOffset, first!.totals.orders]).toEqual([0, 0, 39, 40]);
    expect(worker.stats.rawFiles).toBe(0);
    expect(await worker.lag()).toBe(40);
    clock.advance(FLUSH_MS - EMIT_MS);
    await until(async () => (await worker.lag()) === 0, 'the commit');
    expect(worker.stats.rawFiles).toBeGreaterThan(0);
  });

  it('reports a quiet partition to stage 2, idle only after the idle timeout of silence at its log end', async () => {
    const { clock, transport } = await setUp(10, 2);
    const idleOf = async (partition: number) => (await partials(transport)).filter((p) => p.partition === partition).map((p) => p.idle === true);
    clock.advance(EMIT_MS);
    await until(async () => (await idleOf(1)).length === 1, 'a progress report of the empty partition');
    expect(await idleOf(1)).toEqual([false]);
    clock.advance(DEFAULT_STREAM_SETTINGS.idleTimeoutMs);
    await until(async () => (await idleOf(1)).length === 2, 'the idle report');
    expect(await idleOf(1)).toEqual([false, true]);
    // Partition 0 had records 10 s ago and has read them all: idle too, with its watermark.
    const reports0 = (await partials(transport)).filter((p) => p.partition === 0);
    expect(reports0[reports0.length - 1]).toMatchObject({ idle: true, firstOffset: 10, lastOffset: 9 });
  });

  // A raw flush of 10,000 orders is a second or more of encoding; the live view must not wait for
  // it. While raw is written, batches are still read and partials still leave; the cuts made
  // meanwhile carry over into the next intent record, so a replay after a crash still repeats them.
  it('keeps reading and handing partials over while a raw flush is being written, and carries its cuts over', async () => {
    const { clock, transport, send } = await oneTopic(5);
    await send(0, 40);
    const dir = await tempDir('stage1-write-behind');
    const inner = createFsStore({ root: join(dir, 'data') });
    let release: () => void = () => undefined;
    let gate: Promise<void> | null = new Promise<void>((resolve) => (release = resolve));
    let rawWritesStarted = 0;
    const store = { ...inner, write: async (path: string, bytes: Uint8Array) => {
      if (path.includes('raw')) {
        rawWritesStarted++;
        if (gate) await gate;
      }
      return inner.write(path, bytes);
    } };
    const checkpoints = createFsStore({ root: join(dir, 'checkpoints') });
    const intent = async () => JSON.parse(new TextDecoder().decode(await checkpoints.read(`stage1/${TOPIC}/partition-0.json`)));
    const worker = createStage1Worker({
      transport, store, checkpoints, topic: TOPIC, partialsTopic: partialsTopicFor(TOPIC), groupId: 'g',
      settings: DEFAULT_STREAM_SETTINGS, flushIntervalMs: FLUSH_MS, emitIntervalMs: EMIT_MS, badRecords: 'skip', clock, log: silentLog,
    });
    await worker.start();
    stops.push(() => {
      release();
      return worker.stop();
    });
    await until(() => worker.stats.consumed === 40, 'the first 40 orders');

    clock.advance(FLUSH_MS); // emits 0-39, records the raw cut at 39, starts writing
    await until(() => rawWritesStarted > 0, 'the raw write to start');
    await send(40, 60);
    await until(() => worker.stats.consumed === 60, 'orders read while raw is written');
    clock.advance(EMIT_MS);
    // Progress reports (nothing new: first offset past the last) are left out.
    const ranges = async () => (await partials(transport)).filter((p) => p.lastOffset >= p.firstOffset).map((p) => [p.firstOffset, p.lastOffset]);
    await until(async () => (await ranges()).length === 2, 'a partial handed over while raw is written');
    expect(await ranges()).toEqual([[0, 39], [40, 59]]);
    expect(worker.stats.rawFiles).toBe(0);
    expect(await worker.lag()).toBe(60); // nothing committed before raw is durable
    expect(await intent()).toEqual({ from: 0, cuts: [39, 59], raw: 39 });

    gate = null;
    release();
    await until(async () => (await worker.lag()) === 20, 'the commit of the written flush');
    expect(worker.stats.rawFiles).toBeGreaterThan(0);
    clock.advance(FLUSH_MS); // the next flush: its record starts at the commit and keeps the cut at 59
    await until(async () => (await worker.lag()) === 0, 'the second commit');
    expect(await intent()).toEqual({ from: 40, cuts: [59], raw: 59 });
  });

  // A write that fails must lose nothing and duplicate nothing. Here the store wrote the file and
  // then failed (a lost answer; or one hour's file of several was written): the cut is written
  // again under the same bounds, replacing it, and the newer orders go in a file of their own.
  // Merged into the newer orders, it once came back as part-0-0-59 beside part-0-0-39.
  it('writes a failed raw cut again exactly as it was, then the newer orders, so no file overlaps another', async () => {
    const { clock, transport, send } = await oneTopic(6);
    await send(0, 40);
    const dir = await tempDir('stage1-write-fails');
    const inner = createFsStore({ root: dir });
    let failNext = true;
    const written: string[] = [];
    const store = { ...inner, write: async (path: string, bytes: Uint8Array) => {
      await inner.write(path, bytes);
      if (!path.includes('part-')) return;
      written.push(path.slice(path.lastIndexOf('/') + 1));
      if (failNext) {
        failNext = false;
        throw new Error('ENOSPC: no space left on device');
      }
    } };
    const errors: unknown[] = [];
    const worker = createStage1Worker({
      transport, store, checkpoints: inner, topic: TOPIC, partialsTopic: partialsTopicFor(TOPIC), groupId: 'g',
      settings: DEFAULT_STREAM_SETTINGS, flushIntervalMs: FLUSH_MS, emitIntervalMs: EMIT_MS, badRecords: 'skip', clock, log: silentLog,
      onError: (error) => errors.push(error),
    });
    await worker.start();
    stops.push(() => worker.stop());
    await until(() => worker.stats.consumed === 40, 'the first 40 orders');

    clock.advance(FLUSH_MS);
    await until(() => errors.length === 1, 'the failed write to be reported');
    expect((errors[0] as Error).message).toContain('ENOSPC');
    expect(await worker.lag()).toBe(40);
    await send(40, 60);
    await until(() => worker.stats.consumed === 60, 'the next 20 orders');
    clock.advance(FLUSH_MS);
    await until(async () => (await worker.lag()) === 20, 'the failed cut written again and committed');
    expect(written).toEqual(['part-0-0-39.parquet', 'part-0-0-39.parquet']);
    await worker.flush();
    expect(await worker.lag()).toBe(0);
    expect(written).toEqual(['part-0-0-39.parquet', 'part-0-0-39.parquet', 'part-0-40-59.parquet']);
    expect(errors).toHaveLength(1);
    // Read back by a second library: every offset once.
    const rows = await queryParquet<{ offsets: number; duplicated: number }>(
      `SELECT count(DISTINCT source_offset)::INT AS offsets, (count(*) - count(DISTINCT (source_offset, add_to_cart_order)))::INT AS duplicated
       FROM read_parquet('${dir}/**/part-*.parquet')`);
    expect(rows).toEqual([{ offsets: 60, duplicated: 0 }]);
  });

  // A backlog older than the log's retention loses records before anyone reads them (this is how
  // Kafka records stamped with old event times vanished). The worker cannot bring them back; it
  // must say so, with the offsets, and count them.
  it('says which offsets the log deleted between the group commit and the first record handed over', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 24, 12));
    const transport = createMemoryTransport({ retention: { bytes: 6_000 }, producerHoldBytes: Infinity });
    await transport.ensureTopic(TOPIC, 1);
    const producer = await transport.createProducer();
    const events = [...createSyntheticSource({ seed: 3, startTime: clock.now() - 60_000, ordersPerSecond: 50, maxOrders: 60, seasonality: false }).generate()];
    await producer.send(TOPIC, events.slice(0, 5).map((e) => ({ key: 'k', value: encodeCheckout(e) })));
    const earlier = await transport.createConsumer({ groupId: 'g', topics: [TOPIC], fromBeginning: true });
    await earlier.run({ onBatch: async () => undefined });
    await earlier.commit([{ topic: TOPIC, partition: 0, offset: 3 }]);
    await earlier.stop();
    await producer.send(TOPIC, events.slice(5).map((e) => ({ key: 'k', value: encodeCheckout(e) })));
    const [standing] = await transport.createConsumer({ groupId: 'g', topics: [TOPIC] }).then((c) => c.standings(TOPIC));
    expect(standing!.committed).toBe(3);
    expect(standing!.start).toBeGreaterThan(3); // retention deleted records the group had not read

    const lines: string[] = [];
    const worker = createStage1Worker({
      transport, store: createFsStore({ root: await tempDir('stage1-unread') }), topic: TOPIC, partialsTopic: partialsTopicFor(TOPIC), groupId: 'g',
      settings: DEFAULT_STREAM_SETTINGS, flushIntervalMs: FLUSH_MS, emitIntervalMs: EMIT_MS, badRecords: 'skip', clock,
      log: createLog({ level: 'warn', write: (line) => lines.push(line) }),
    });
    await worker.start();
    stops.push(() => worker.stop());
    await until(() => worker.stats.consumed === 60 - standing!.start, 'the worker to read what is left');
    expect(worker.stats.unread).toBe(standing!.start - 3);
    expect(lines.join('\n')).toContain(`orders[0]: offsets 3-${standing!.start - 1} (${standing!.start - 3} records) were deleted by the log's retention before group "g" read them`);
  });
});
