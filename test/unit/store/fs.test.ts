import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsStore, createHistoryWriter, createSyntheticSource, createTopologyDriver, tumbling } from '../../../src/index';
import { readParquetRows } from '../../../src/store/tables';
import type { RawRecord } from '../../../src/store/index';
import { storeContract } from '../../contract/store.contract';
import { describeParquet, queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';

storeContract('fs', async () => createFsStore({ root: await mkdtemp(join(tmpdir(), 'purchase-trends-contract-')) }),
  async (store) => rm(store.location, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 10, 24, 9, 58, 0);

describe('Parquet history on the local store', () => {
  it('writes raw and aggregated tables that DuckDB reads with the right values and types', async () => {
    const root = await tempDir('history');
    const store = createFsStore({ root });
    const writer = createHistoryWriter(store);
    const events = [...createSyntheticSource({ seed: 11, startTime: T0, ordersPerSecond: 2, maxOrders: 600, seasonality: false }).generate()];
    const records: RawRecord[] = events.map((event, offset) => ({ partition: 0, offset, event, late: false }));
    const rawFiles = await writer.writeRaw(0, records);
    // The run crosses 10:00, so it lands in two hour partitions, both named by the batch's offset range.
    expect(rawFiles).toEqual([
      'purchase-analytics/raw/dt=2026-11-24/hour=09/part-0-0-599.parquet',
      'purchase-analytics/raw/dt=2026-11-24/hour=10/part-0-0-599.parquet',
    ]);

    const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(60_000), allowedLatenessMs: 0 } });
    events.forEach((e) => driver.pipe(e));
    driver.finish();
    for (const closed of driver.closed) await writer.writeWindow(closed);

    const glob = (dataset: string) => join(root, 'purchase-analytics', dataset, '**', '*.parquet');
    const [raw] = await queryParquet<{ orders: number; lines: number; revenue: number }>(
      `SELECT count(DISTINCT event_id)::INT AS orders, count(*)::INT AS lines, sum(line_revenue) AS revenue FROM read_parquet('${glob('raw')}')`);
    const totalLines = events.reduce((n, e) => n + e.lines.length, 0);
    expect(raw).toMatchObject({ orders: 600, lines: totalLines });
    expect(raw!.revenue).toBeCloseTo(driver.stage2.view.summary().revenue, 6);

    const types = await describeParquet(glob('raw'));
    expect(types).toMatchObject({ event_time: 'TIMESTAMP', order_id: 'BIGINT', product_name: 'VARCHAR', unit_price: 'DOUBLE', reordered: 'BOOLEAN', days_since_prior_order: 'DOUBLE' });

    const [first] = await queryParquet<{ event_id: string; event_time: string; product_id: number }>(
      `SELECT event_id, strftime(event_time, '%Y-%m-%dT%H:%M:%S.%g') AS event_time, product_id FROM read_parquet('${glob('raw')}') ORDER BY event_time, add_to_cart_order LIMIT 1`);
    expect(first).toEqual({ event_id: events[0]!.event_id, event_time: new Date(events[0]!.event_time).toISOString().slice(0, 23), product_id: events[0]!.lines[0]!.product_id });

    const [hours] = await queryParquet<{ orders: number }>(`SELECT sum(transaction_count)::INT AS orders FROM read_parquet('${glob('aggregated/by_hour')}')`);
    expect(hours!.orders).toBe(600);
    const [departments] = await queryParquet<{ lines: number }>(`SELECT sum(line_count)::INT AS lines FROM read_parquet('${glob('aggregated/by_department')}')`);
    expect(departments!.lines).toBe(totalLines);
    const [products] = await queryParquet<{ orders: number; top: number }>(
      `SELECT sum(transaction_count)::INT AS orders, count(rank_by_revenue)::INT AS top FROM read_parquet('${glob('aggregated/by_product')}')`);
    expect(products!.orders).toBe(totalLines);
    expect(products!.top).toBe(driver.closed.reduce((n, c) => n + c.topByRevenue.length, 0));
    expect(await describeParquet(glob('aggregated/by_product'))).toMatchObject({ window_start: 'TIMESTAMP', total_revenue: 'DOUBLE', transaction_count: 'INTEGER' });

    // Our own reader agrees with DuckDB on the first raw file.
    const rows = await readParquetRows(await store.read(rawFiles[0]!), rawFiles[0]!);
    const [count] = await queryParquet<{ n: number }>(`SELECT count(*)::INT AS n FROM read_parquet('${join(root, rawFiles[0]!)}')`);
    expect(rows).toHaveLength(count!.n);
  });

  it('writes the same file again for the same input, atomically', async () => {
    const root = await tempDir('idempotent');
    const store = createFsStore({ root });
    const writer = createHistoryWriter(store);
    const events = [...createSyntheticSource({ seed: 12, startTime: T0, ordersPerSecond: 2, maxOrders: 20, seasonality: false }).generate()];
    const records = events.map((event, offset) => ({ partition: 3, offset: offset + 100, event, late: false }));
    const once = await writer.writeRaw(3, records);
    const bytes = await store.read(once[0]!);
    const twice = await writer.writeRaw(3, records);
    expect(twice).toEqual(once);
    expect(await store.read(twice[0]!)).toEqual(bytes);
    expect((await store.list('purchase-analytics')).map((f) => f.path)).toEqual(once);
  });

  it('reports a file that is not Parquet with its path', async () => {
    await expect(readParquetRows(new TextEncoder().encode('not parquet'), 'x/y.parquet')).rejects.toThrow(/x\/y.parquet is not a readable Parquet file/);
  });
});
