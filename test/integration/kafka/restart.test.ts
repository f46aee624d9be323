// Exactly once to storage on real Kafka: a stream worker killed with SIGKILL mid-run and
// started again leaves raw with every produced order exactly once, and aggregates that
// count each once (stage 2 replays partials from its durable point, dropping repeats).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';
import { aggregatedGlob, rawGlob, rawOrders, sendOrders, showingLogs, stopWorker, streamWorker, uniqueTopic, waitForRawOrders } from './helpers';

const ORDERS = 6_000;

async function rawFiles(dir: string): Promise<Array<{ partition: number; first: number; last: number }>> {
  const root = join(dir, 'purchase-analytics', 'raw');
  const names = (await readdir(root, { recursive: true })).map(String).filter((f) => /(^|\/)part-\d+-\d+-\d+\.parquet$/.test(f));
  return names.map((f) => {
    const [, partition, first, last] = /part-(\d+)-(\d+)-(\d+)\.parquet$/.exec(f)!.map(Number) as [number, number, number, number];
    return { partition, first, last };
  });
}

describe('restart on Kafka', () => {
  it('keeps every order exactly once in raw and in the aggregates after a SIGKILL and a restart', async () => {
    const dir = await tempDir('kafka-restart');
    const topic = uniqueTopic('restart');
    const crashed = streamWorker(topic, dir);
    await crashed.waitFor(new RegExp(`group purchase-trends-stage1\\.${topic}: joined`), 60_000);
    // Orders keep arriving while the worker is killed, so it dies with data in flight.
    const sending = sendOrders([topic], { orders: ORDERS, chunk: 200, pauseMs: 150 });
    const deadline = Date.now() + 60_000;
    while ((await rawOrders(dir)) < ORDERS / 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await rawOrders(dir)).toBeGreaterThan(0);
    // Kill it right after a flush starts renaming raw files: files written, offsets not yet committed.
    const before = (await rawFiles(dir)).length;
    while ((await rawFiles(dir)).length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    crashed.child.kill('SIGKILL');
    expect(await crashed.exited).not.toBe(0);

    const restarted = streamWorker(topic, dir);
    const sent = await sending;
    await showingLogs(waitForRawOrders(dir, sent.orders, 120_000), { crashed, restarted });
    expect(await stopWorker(restarted)).toBe(0);

    const [raw] = await queryParquet<Record<string, number>>(`SELECT count(*)::INT AS lines, count(DISTINCT event_id)::INT AS orders,
      count(DISTINCT (event_id, add_to_cart_order))::INT AS distinct_lines FROM read_parquet('${rawGlob(dir)}')`);
    expect(raw).toEqual({ lines: sent.lines, orders: sent.orders, distinct_lines: sent.lines });
    // Every offset of every partition once: no gap, no repeat.
    const partitions = await queryParquet<Record<string, number>>(`SELECT source_partition AS p, count(DISTINCT source_offset)::INT AS offsets,
      max(source_offset)::INT AS last, count(DISTINCT event_id)::INT AS orders FROM read_parquet('${rawGlob(dir)}') GROUP BY 1 ORDER BY 1`);
    expect(partitions).toHaveLength(4);
    for (const p of partitions) expect([p.offsets, p.orders]).toEqual([p.last! + 1, p.last! + 1]);
    // No two files of a partition cover overlapping offsets.
    const files = await rawFiles(dir);
    for (const a of files) {
      for (const b of files) {
        if (a !== b && a.partition === b.partition && !(a.first === b.first && a.last === b.last)) expect(a.last < b.first || b.last < a.first).toBe(true);
      }
    }
    const [byHour] = await queryParquet<{ orders: number }>(`SELECT sum(transaction_count)::INT AS orders FROM read_parquet('${aggregatedGlob(dir, 'by_hour')}')`);
    const [byDepartment] = await queryParquet<{ lines: number }>(`SELECT sum(line_count)::INT AS lines FROM read_parquet('${aggregatedGlob(dir, 'by_department')}')`);
    expect(byHour!.orders).toBe(sent.orders);
    expect(byDepartment!.lines).toBe(sent.lines);
  }, 240_000);
});
