// Compaction against the real HDFS: merged files replace the small ones atomically, DuckDB reads
// the same rows and types from a download, a second run changes nothing, and a crash mid-way heals.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactClosedHours, createWebHdfsStore, systemClock, type Store } from '../../../src/index';
import { describeParquet, queryParquet } from '../../helpers/duckdb';
import { FIXTURE_HOUR, readerView, writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';
import { downloadHdfs, hdfsTestRoot, listHdfs, NAMENODE } from './webhdfs-direct';

const closedBefore = FIXTURE_HOUR + 3_600_000 + 5 * 60_000; // 09:00-10:00 is closed, 10:00-11:00 is not
const hour09 = 'dt=2026-11-24/hour=09';
const open = (root: string): Store => createWebHdfsStore({ namenode: NAMENODE, root, user: 'purchase-trends-test', clock: systemClock });

describe('compaction on HDFS', () => {
  it('merges a closed hour into one file per source partition and dataset; DuckDB reads the same rows and types', async () => {
    const root = hdfsTestRoot('compaction');
    const store = open(root);
    const orders = await writeSmallFiles(store, { orders: 240, batchOrders: 20 });
    const before = await readerView(store);
    const local = await tempDir('hdfs-compaction');
    const filesBefore = await downloadHdfs(`${root}/purchase-analytics`, join(local, 'before'));
    expect(filesBefore.filter((f) => f.startsWith(`raw/${hour09}/`)).length).toBeGreaterThan(6);

    await compactClosedHours({ store, closedBefore });
    const filesAfter = await downloadHdfs(`${root}/purchase-analytics`, join(local, 'after'));
    expect(filesAfter.filter((f) => f.includes(hour09))).toEqual([
      expect.stringMatching(/^aggregated\/by_department_hour\/.*\/windows-20261124T095800-20261124T095900-60s\.parquet$/),
      expect.stringMatching(/^aggregated\/by_department\/.*\/windows-20261124T095800-20261124T095900-60s\.parquet$/),
      expect.stringMatching(/^aggregated\/by_hour\/.*\/windows-/),
      expect.stringMatching(/^aggregated\/by_pair\/.*\/windows-/),
      expect.stringMatching(/^aggregated\/by_product\/.*\/windows-/),
      expect.stringMatching(/^raw\/.*\/parts-0-0-\d+\.parquet$/),
      expect.stringMatching(/^raw\/.*\/parts-1-0-\d+\.parquet$/),
    ]);
    expect(filesAfter.filter((f) => f.includes('hour=10'))).toEqual(filesBefore.filter((f) => f.includes('hour=10')));
    expect(await readerView(store)).toEqual(before);

    for (const dataset of ['raw', 'aggregated/by_product', 'aggregated/by_department', 'aggregated/by_hour', 'aggregated/by_department_hour', 'aggregated/by_pair']) {
      const [b, a] = ['before', 'after'].map((s) => join(local, s, dataset, '**/*.parquet'));
      expect(await describeParquet(a!)).toEqual(await describeParquet(b!));
      const [diff] = await queryParquet<{ missing: number; extra: number }>(`SELECT
        (SELECT count(*) FROM (SELECT * FROM read_parquet('${b}') EXCEPT ALL SELECT * FROM read_parquet('${a}')))::INT AS missing,
        (SELECT count(*) FROM (SELECT * FROM read_parquet('${a}') EXCEPT ALL SELECT * FROM read_parquet('${b}')))::INT AS extra`);
      expect(diff, dataset).toEqual({ missing: 0, extra: 0 });
    }
    const [counts] = await queryParquet<{ orders: number; byHour: number }>(`SELECT
      (SELECT count(DISTINCT event_id) FROM read_parquet('${join(local, 'after/raw/**/*.parquet')}'))::INT AS orders,
      (SELECT sum(transaction_count) FROM read_parquet('${join(local, 'after/aggregated/by_hour/**/*.parquet')}'))::INT AS byHour`);
    expect(counts).toEqual({ orders, byHour: orders });

    const listed = await listHdfs(`${root}/purchase-analytics`);
    expect(await compactClosedHours({ store, closedBefore })).toEqual([]);
    expect(await listHdfs(`${root}/purchase-analytics`)).toEqual(listed);
  });

  it('heals after a crash between writing a merged file and deleting its inputs', async () => {
    const root = hdfsTestRoot('compaction-crash');
    const store = open(root);
    await writeSmallFiles(store, { orders: 120, batchOrders: 20, partitions: 1 });
    const before = await readerView(store);
    const crashing: Store = { ...store, delete: async (path) => { throw Object.assign(new Error(`simulated crash before deleting ${path}`), { retriable: true }); } };
    await expect(compactClosedHours({ store: crashing, closedBefore, datasets: ['raw'] })).rejects.toThrow(/simulated crash/);
    const mid = (await listHdfs(`${root}/purchase-analytics/raw/${hour09}`)).map((f) => f.path);
    expect(mid.filter((p) => p.startsWith('parts-'))).toHaveLength(1);
    expect(mid.filter((p) => p.startsWith('part-')).length).toBeGreaterThan(1);
    expect(await readerView(store)).toEqual(before);

    const [healed] = await compactClosedHours({ store, closedBefore, datasets: ['raw'] });
    expect(healed!.removed).toHaveLength(mid.length - 1);
    expect((await listHdfs(`${root}/purchase-analytics/raw/${hour09}`)).map((f) => f.path)).toEqual(mid.filter((p) => p.startsWith('parts-')));
    expect(await readerView(store)).toEqual(before);
  });
});
