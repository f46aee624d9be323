import { describe, expect, it } from 'vitest';
import { compactClosedHours, createFsStore, createHistoryReader, verifyStore, type Store } from '../../../src/index';
import { FIXTURE_HOUR, writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';

const H10 = FIXTURE_HOUR + 3_600_000;

describe('history reader', () => {
  it('reads a dataset for a time range, from only the partitions it touches', async () => {
    const store = createFsStore({ root: await tempDir('history-reader') });
    const orders = await writeSmallFiles(store, { orders: 300, batchOrders: 60 });
    const reader = createHistoryReader(store);
    const all = await reader.rows('raw');
    expect(new Set(all.map((r) => r.event_id)).size).toBe(orders);
    const late = await reader.rows('raw', { from: H10, to: H10 + 3_600_000 });
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((r) => (r.event_time as Date).getTime() >= H10)).toBe(true);
    expect(late.length + (await reader.rows('raw', { to: H10 })).length).toBe(all.length);
    // Only hour 10's folder: its files, named by partition and offsets.
    expect((await reader.files('raw', { from: H10, to: H10 + 60_000 })).every((f) => f.path.includes('hour=10/part-'))).toBe(true);
    const minute = await reader.rows('by_hour', { from: FIXTURE_HOUR + 59 * 60_000, to: H10 });
    expect(minute.map((r) => (r.window_start as Date).toISOString())).toEqual(['2026-11-24T09:59:00.000Z']);
  });

  it('reads merged files instead of their inputs', async () => {
    const store = createFsStore({ root: await tempDir('history-reader-compacted') });
    await writeSmallFiles(store, { orders: 300, batchOrders: 60 });
    const reader = createHistoryReader(store);
    const before = (await reader.rows('by_product')).length;
    await compactClosedHours({ store, closedBefore: H10 + 3_600_000 * 2 });
    expect((await reader.files('by_product')).map((f) => f.path.slice(f.path.lastIndexOf('/') + 1))).toEqual([
      'windows-20261124T095800-20261124T095900-60s.parquet', 'window-20261124T100000-60s.parquet',
    ]);
    expect((await reader.rows('by_product')).length).toBe(before);
  });

  it('names the files another file covers from the listing it reads by, and verify lists each dataset once', async () => {
    const store = createFsStore({ root: await tempDir('history-reader-covered') });
    await writeSmallFiles(store, { orders: 300, batchOrders: 60 });
    const [first] = await createHistoryReader(store).files('raw');
    // A leftover of a failed write: the first raw file's first offsets again, under their own name.
    const covered = first!.path.replace(/part-(\d+)-(\d+)-(\d+)\.parquet$/, (_, p, lo) => `part-${p}-${lo}-${lo}.parquet`);
    await store.write(covered, await store.read(first!.path));
    const listed: string[] = [];
    const counting: Store = { ...store, list: (path) => { listed.push(path); return store.list(path); } };
    const { files, covered: skipped } = await createHistoryReader(counting).listing('raw');
    expect(skipped.map((f) => f.path)).toEqual([covered]);
    expect(files.map((f) => f.path)).not.toContain(covered);
    listed.length = 0;
    const report = await verifyStore(counting, 60_000);
    expect(report.covered).toEqual([covered]);
    expect(report.mismatches).toEqual([]);
    expect(listed.filter((path) => path.includes('/raw'))).toHaveLength(1);
    expect(new Set(listed).size).toBe(listed.length);
  });
});
