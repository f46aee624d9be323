// The raw archive's columns are filled in one pass into typed arrays. DuckDB (an independent
// reader) must see every line exactly as the events say, with the same types as before, and
// statistics only on the columns a query prunes on.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSyntheticSource, lineRevenue } from '../../../src/index';
import type { RawRecord } from '../../../src/store/index';
import { encodeRaw } from '../../../src/store/tables';
import { describeParquet, queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';

const records: RawRecord[] = [0, 1].flatMap((partition) =>
  [...createSyntheticSource({ seed: 21 + partition, startTime: Date.UTC(2026, 10, 24, 23, 50), ordersPerSecond: 2, maxOrders: 400, seasonality: false }).generate()]
    .map((event, i) => ({ partition, offset: 1_000 + i * 3, event, late: i % 5 === 0 })));

async function written(): Promise<string> {
  const path = join(await tempDir('raw-table'), 'raw.parquet');
  await writeFile(path, await encodeRaw(records, 700));
  return path;
}

describe('the raw archive', () => {
  it('holds every line with its order, product and source fields as the events have them', async () => {
    const path = await written();
    const expected = records.flatMap(({ partition, offset, event: e, late }) => e.lines.map((l) => ({
      event_id: e.event_id, event_ms: e.event_time, order_id: e.order_id, user_id: e.user_id, order_number: e.order_number,
      order_dow: e.order_dow, order_hour_of_day: e.order_hour_of_day, days_since_prior_order: e.days_since_prior_order,
      product_id: l.product_id, product_name: l.product_name, aisle_id: l.aisle_id, aisle: l.aisle, department_id: l.department_id,
      department: l.department, quantity: l.quantity, unit_price: l.unit_price, discount: l.discount, reordered: l.reordered,
      add_to_cart_order: l.add_to_cart_order, line_revenue: lineRevenue(l), source_partition: partition, source_offset: offset, late,
    })));
    expect(expected.some((r) => r.days_since_prior_order === null)).toBe(true);
    const rows = await queryParquet<Record<string, unknown>>(
      `SELECT * EXCLUDE (event_time, order_id, source_offset), epoch_ms(event_time)::DOUBLE AS event_ms, order_id::DOUBLE AS order_id,
       source_offset::DOUBLE AS source_offset FROM read_parquet('${path}')`);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => expect(row).toEqual(expected[i]));
  });

  it('keeps the schema readers know: timestamps, 64-bit ids, a nullable double', async () => {
    expect(await describeParquet(await written())).toEqual({
      event_id: 'VARCHAR', event_time: 'TIMESTAMP', order_id: 'BIGINT', user_id: 'INTEGER', order_number: 'INTEGER',
      order_dow: 'INTEGER', order_hour_of_day: 'INTEGER', days_since_prior_order: 'DOUBLE', product_id: 'INTEGER', product_name: 'VARCHAR',
      aisle_id: 'INTEGER', aisle: 'VARCHAR', department_id: 'INTEGER', department: 'VARCHAR', quantity: 'INTEGER', unit_price: 'DOUBLE',
      discount: 'DOUBLE', reordered: 'BOOLEAN', add_to_cart_order: 'INTEGER', line_revenue: 'DOUBLE', source_partition: 'INTEGER',
      source_offset: 'BIGINT', late: 'BOOLEAN',
    });
  });

  it('writes statistics for times, ids and offsets, and none for names and prices', async () => {
    const path = await written();
    const stats = await queryParquet<{ path_in_schema: string; has: boolean }>(
      `SELECT DISTINCT path_in_schema, (stats_min_value IS NOT NULL OR stats_min IS NOT NULL) AS has FROM parquet_metadata('${path}') WHERE row_group_id = 0 ORDER BY 1`);
    const has = Object.fromEntries(stats.map((s) => [s.path_in_schema, s.has]));
    expect(has).toMatchObject({ event_time: true, order_id: true, product_id: true, department_id: true, source_offset: true });
    expect(has).toMatchObject({ product_name: false, department: false, unit_price: false, line_revenue: false, late: false });
  });
});
