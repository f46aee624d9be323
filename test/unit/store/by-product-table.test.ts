// by_product is filled window by window into typed columns (store/tables.ts). DuckDB, an
// independent reader, must see each product of each window as the window holds it, in id
// order, with its ranks, under the schema earlier files have (compaction merges only files whose
// schemas match), and statistics only on the times and ids a query prunes on.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSyntheticSource } from '../../../src/index';
import { addOrder, createWindowAgg, settleProducts } from '../../../src/domain/aggregates';
import type { ClosedWindow } from '../../../src/stream/index';
import { encodeProducts } from '../../../src/store/tables';
import { describeParquet, queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';

const START = Date.UTC(2026, 10, 24, 6);

function closedWindow(index: number): ClosedWindow {
  const window = createWindowAgg(START + index * 60_000, START + (index + 1) * 60_000);
  for (const e of createSyntheticSource({ seed: 5 + index, startTime: window.start, ordersPerSecond: 20, endTime: window.end, seasonality: false }).generate()) addOrder(window, e);
  const ids = [...window.products.keys()];
  // Ranks of a few products, given out of id order; the second window ranks other products.
  const ranked = (from: number) => ids.slice(from, from + 4).reverse().map((productId, i) => ({ productId, rank: i + 1 })) as ClosedWindow['topByRevenue'];
  return { window, topByRevenue: ranked(index * 3), topByUnits: ranked(7 + index) };
}

async function written(windows: ClosedWindow[]): Promise<string> {
  const path = join(await tempDir('by-product'), 'by_product.parquet');
  await writeFile(path, encodeProducts(windows));
  return path;
}

describe('the by_product table', () => {
  it('is the same file once the windows waiting to be written have settled their customer counts', () => {
    const fresh = [closedWindow(0), closedWindow(1)];
    const before = encodeProducts(fresh);
    fresh.forEach((c) => settleProducts(c.window));
    expect([...fresh[0]!.window.products.values()].every((p) => p.customers.estimate() >= 1)).toBe(true);
    expect(() => fresh[0]!.window.products.values().next().value!.customers.add(1)).toThrow(/settled/);
    expect(Buffer.from(encodeProducts(fresh)).equals(Buffer.from(before))).toBe(true);
  });

  const windows = [closedWindow(0), closedWindow(1)];

  it('holds every product of every window with its figures and ranks, in id order', async () => {
    const expected = windows.flatMap(({ window: w, topByRevenue, topByUnits }) => [...w.products.keys()].sort((a, b) => a - b).map((id) => {
      const p = w.products.get(id)!;
      return {
        start: w.start, end: w.end, product_id: id, product_name: p.name, aisle_id: p.aisleId, department_id: p.departmentId, department: p.department,
        transaction_count: p.orders, total_quantity: p.quantity, total_revenue: p.revenue, avg_price: p.revenue / p.quantity,
        reorder_count: p.reorders, unique_customers: p.customers.estimate(), latest: p.latest,
        rank_by_revenue: topByRevenue.find((r) => r.productId === id)?.rank ?? null, rank_by_units: topByUnits.find((r) => r.productId === id)?.rank ?? null,
      };
    }));
    expect(windows.every((c) => c.window.products.size > 100)).toBe(true);
    const rows = await queryParquet<Record<string, unknown>>(
      `SELECT * EXCLUDE (window_start, window_end, latest_purchase), epoch_ms(window_start)::DOUBLE AS start, epoch_ms(window_end)::DOUBLE AS "end",
       epoch_ms(latest_purchase)::DOUBLE AS latest FROM read_parquet('${await written(windows)}')`);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => expect(row).toEqual(expected[i]));
    expect(rows.filter((r) => r.rank_by_revenue !== null)).toHaveLength(8);
  });

  it('keeps the schema earlier files have: every column nullable, timestamps in milliseconds', async () => {
    const path = await written(windows.slice(0, 1));
    expect(await describeParquet(path)).toEqual({
      window_start: 'TIMESTAMP', window_end: 'TIMESTAMP', product_id: 'INTEGER', product_name: 'VARCHAR', aisle_id: 'INTEGER', department_id: 'INTEGER',
      department: 'VARCHAR', transaction_count: 'INTEGER', total_quantity: 'INTEGER', total_revenue: 'DOUBLE', avg_price: 'DOUBLE',
      reorder_count: 'INTEGER', unique_customers: 'INTEGER', latest_purchase: 'TIMESTAMP', rank_by_revenue: 'INTEGER', rank_by_units: 'INTEGER',
    });
    const schema = await queryParquet<{ name: string; repetition_type: string; converted_type: string | null }>(
      `SELECT name, repetition_type, converted_type FROM parquet_schema('${path}') WHERE name <> 'root'`);
    expect(schema.every((c) => c.repetition_type === 'OPTIONAL')).toBe(true);
    expect(schema.filter((c) => c.converted_type === 'TIMESTAMP_MILLIS').map((c) => c.name)).toEqual(['window_start', 'window_end', 'latest_purchase']);
  });

  it('writes statistics for times and ids, and none for names, counts and money', async () => {
    const stats = await queryParquet<{ path_in_schema: string; has: boolean }>(
      `SELECT DISTINCT path_in_schema, (stats_min_value IS NOT NULL OR stats_min IS NOT NULL) AS has FROM parquet_metadata('${await written(windows)}') ORDER BY 1`);
    const has = Object.fromEntries(stats.map((s) => [s.path_in_schema, s.has]));
    expect(has).toMatchObject({ window_start: true, window_end: true, product_id: true, aisle_id: true, department_id: true, latest_purchase: true });
    expect(has).toMatchObject({ product_name: false, department: false, transaction_count: false, total_revenue: false, rank_by_revenue: false });
  });
});
