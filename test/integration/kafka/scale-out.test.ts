// Scale-out on real Kafka: two `purchase-trends stream` processes share the 4 partitions of a
// topic and must leave exactly the aggregates one process leaves for the same orders.
import { describe, expect, it } from 'vitest';
import { queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';
import { aggregatedGlob, consumedBy, rawGlob, sendOrders, stopWorker, streamWorker, uniqueTopic, waitForRawOrders } from './helpers';

const ORDERS = 3_000;

const joins = (output: string, topic: string): string[] =>
  [...output.matchAll(new RegExp(`group purchase-trends-stage1\\.${topic}: joined .*?, assigned (.*)`, 'g'))].map((m) => m[1]!);

async function waitUntil(what: string, done: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const TABLES: Record<string, string> = {
  by_hour: 'window_start, order_hour_of_day, transaction_count, line_count, total_revenue',
  by_department: 'window_start, department_id, transaction_count, line_count, total_quantity, total_revenue, unique_users, unique_products',
  by_product: 'window_start, product_id, transaction_count, total_quantity, total_revenue, reorder_count, unique_customers',
};

const aggregates = async (dir: string) =>
  Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([table, columns]) =>
    [table, await queryParquet(`SELECT ${columns} FROM read_parquet('${aggregatedGlob(dir, table)}') ORDER BY ALL`)] as const)));

describe('scale-out on Kafka', () => {
  it('gives the same aggregates with two stream workers on 4 partitions as with one', async () => {
    const [oneDir, twoDir] = [await tempDir('kafka-one'), await tempDir('kafka-two')];
    const [oneTopic, twoTopic] = [uniqueTopic('one'), uniqueTopic('two')];
    const single = streamWorker(oneTopic, oneDir);
    const first = streamWorker(twoTopic, twoDir);
    await waitUntil('the first workers joined', () => joins(single.output(), oneTopic).length > 0 && joins(first.output(), twoTopic).length > 0);
    const second = streamWorker(twoTopic, twoDir);
    // The group settles when the first worker has given up half its partitions to the second.
    await waitUntil('the partitions are shared', () =>
      joins(first.output(), twoTopic).at(-1)?.split(', ').length === 2 && joins(second.output(), twoTopic).at(-1)?.split(', ').length === 2);

    const sent = await sendOrders([oneTopic, twoTopic], { orders: ORDERS, chunk: 250, pauseMs: 50 });
    await Promise.all([waitForRawOrders(oneDir, sent.orders), waitForRawOrders(twoDir, sent.orders)]);
    expect(await Promise.all([stopWorker(single), stopWorker(first), stopWorker(second)])).toEqual([0, 0, 0]);

    // Both workers did real work, and together read every order once.
    expect(consumedBy(first)).toBeGreaterThan(0);
    expect(consumedBy(second)).toBeGreaterThan(0);
    expect(consumedBy(first) + consumedBy(second)).toBe(sent.orders);
    for (const dir of [oneDir, twoDir]) {
      const [raw] = await queryParquet<{ orders: number; lines: number }>(`SELECT count(DISTINCT event_id)::INT AS orders, count(*)::INT AS lines FROM read_parquet('${rawGlob(dir)}')`);
      expect(raw).toEqual({ orders: sent.orders, lines: sent.lines });
    }
    const [one, two] = [await aggregates(oneDir), await aggregates(twoDir)];
    expect(one.by_hour!.length).toBeGreaterThan(0);
    expect(one.by_hour!.reduce((n, r) => n + Number(r.transaction_count), 0)).toBe(sent.orders);
    expect(two).toEqual(one);
  }, 240_000);
});
