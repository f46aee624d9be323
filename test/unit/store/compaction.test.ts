// Compaction on the local store: what it merges, that readers see the same rows at every step,
// that it is idempotent and recovers from a crash. The same runs against real HDFS in
// test/integration/hdfs/compaction.test.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactClosedHours, createFsStore, type CompactionOptions, createHistoryReader, WorkbenchError, type FileParts, type Store } from '../../../src/index';
import { describeParquet, queryParquet } from '../../helpers/duckdb';
import { DATASETS, FIXTURE_HOUR, readerView, writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';

const HOUR = 3_600_000;
const closedBefore = FIXTURE_HOUR + HOUR + 5 * 60_000; // 09:00-10:00 is closed, 10:00-11:00 is not
const hour09 = 'dt=2026-11-24/hour=09';
const dirs = { raw: 'raw', by_product: 'aggregated/by_product', by_department: 'aggregated/by_department', by_hour: 'aggregated/by_hour', by_department_hour: 'aggregated/by_department_hour', by_pair: 'aggregated/by_pair' };

async function fixture(label: string, options = {}): Promise<{ root: string; store: Store; orders: number }> {
  const root = await tempDir(label);
  const store = createFsStore({ root });
  return { root, store, orders: await writeSmallFiles(store, options) };
}

/** A store that records what readers see after every change, and can fail on a chosen call. */
function watched(store: Store, failOn?: (op: string, path: string) => boolean) {
  const views: Array<Awaited<ReturnType<typeof readerView>>> = [];
  const wrap = (op: 'write' | 'delete' | 'rename') => async (...args: [string, ...unknown[]]) => {
    if (failOn?.(op, args[0])) throw Object.assign(new Error(`simulated crash before ${op} ${args[0]}`), { retriable: true });
    await (store[op] as (...a: unknown[]) => Promise<void>)(...args);
    views.push(await readerView(store));
  };
  return { views, store: { ...store, write: wrap('write'), delete: wrap('delete'), rename: wrap('rename') } as Store };
}

// Each case runs twice: with every row group re-encoded, and with every row group copied as it is
// (compaction's default copies those of COPY_MIN_GROUP_ROWS rows or more; the fixture's are smaller).
describe.each([
  ['re-encoding every row group', Infinity],
  ['copying every row group as it is', 1],
])('compaction of closed hours, %s', (_how, copyMinRows) => {
  const compact = (options: CompactionOptions) => compactClosedHours({ copyMinRows, ...options });

  it('merges each closed hour into one file per source partition and dataset, keeping rows, checksum and types', async () => {
    const { root, store, orders } = await fixture('compact');
    const before = await readerView(store);
    const filesBefore = (await store.list('purchase-analytics')).map((f) => f.path);
    await queryParquet(`COPY (SELECT * FROM read_parquet('${join(root, 'purchase-analytics/raw', hour09, '*.parquet')}')) TO '${join(root, 'raw09-before.parquet')}' (FORMAT parquet)`);
    const typesBefore = Object.fromEntries(await Promise.all(DATASETS.map(async (d) => [d, await describeParquet(join(root, 'purchase-analytics', dirs[d], '**/*.parquet'))])));

    const results = await compact({ store, closedBefore });
    expect(await readerView(store)).toEqual(before);
    expect(before.by_hour.rows).toBeGreaterThan(0);

    const after = (await store.list('purchase-analytics')).map((f) => f.path);
    const in09 = (d: keyof typeof dirs) => after.filter((p) => p.includes(`${dirs[d]}/${hour09}/`)).map((p) => p.slice(p.lastIndexOf('/') + 1));
    expect(in09('raw')).toEqual([expect.stringMatching(/^parts-0-0-\d+\.parquet$/), expect.stringMatching(/^parts-1-0-\d+\.parquet$/)]);
    for (const d of ['by_product', 'by_department', 'by_hour', 'by_department_hour', 'by_pair'] as const) expect(in09(d)).toEqual(['windows-20261124T095800-20261124T095900-60s.parquet']);
    // The open hour is left alone.
    expect(after.filter((p) => p.includes('hour=10'))).toEqual(filesBefore.filter((p) => p.includes('hour=10')));
    expect(results.map((r) => r.partition.slice(r.partition.indexOf('/') + 1))).toEqual(DATASETS.map((d) => `${dirs[d]}/${hour09}`));
    expect(results.every((r) => r.merged.every((m) => m.inputs.length > 1) && r.problems.length === 0)).toBe(true);

    // DuckDB, which shares no code with us, agrees: same columns and types, same multiset of rows.
    for (const d of DATASETS) expect(await describeParquet(join(root, 'purchase-analytics', dirs[d], '**/*.parquet'))).toEqual(typesBefore[d]);
    const merged = join(root, 'purchase-analytics/raw', hour09, '*.parquet');
    const [diff] = await queryParquet<{ missing: number; extra: number; orders: number }>(`SELECT
      (SELECT count(*) FROM (SELECT * FROM '${join(root, 'raw09-before.parquet')}' EXCEPT ALL SELECT * FROM read_parquet('${merged}')))::INT AS missing,
      (SELECT count(*) FROM (SELECT * FROM read_parquet('${merged}') EXCEPT ALL SELECT * FROM '${join(root, 'raw09-before.parquet')}'))::INT AS extra,
      (SELECT count(DISTINCT event_id) FROM read_parquet('${join(root, 'purchase-analytics/raw/**/*.parquet')}'))::INT AS orders`);
    expect(diff).toEqual({ missing: 0, extra: 0, orders });
  });

  it('changes nothing when run again', async () => {
    const { store } = await fixture('again');
    await compact({ store, closedBefore });
    const once = await store.list('purchase-analytics');
    expect(await compact({ store, closedBefore })).toEqual([]);
    expect(await store.list('purchase-analytics')).toEqual(once);
  });

  it('writes a few files of about the target size when an hour is bigger', async () => {
    const { store } = await fixture('target', { orders: 450, batchOrders: 15, partitions: 1, start: FIXTURE_HOUR + 10 * 60_000 });
    const before = await readerView(store);
    const raw = (await store.list(`purchase-analytics/raw/${hour09}`));
    // Re-encoded, merged files come out smaller than their inputs added up (one footer and dictionary
    // instead of many); copied, about as big.
    const target = raw.reduce((n, f) => n + f.size, 0) / 5;
    const [result] = await compact({ store, closedBefore, targetBytes: target, datasets: ['raw'] });
    // A few files of consecutive offset ranges, each within the target (an input whose neighbours fill a run on their own stays as it is).
    const left = await store.list(`purchase-analytics/raw/${hour09}`);
    expect(left.length).toBeGreaterThanOrEqual(2);
    expect(left.length).toBeLessThanOrEqual(raw.length / 5);
    const spans = left.map((f) => f.path.match(/parts?-0-(\d+)-(\d+)\.parquet$/)!.slice(1).map(Number)).sort((a, b) => a[0]! - b[0]!);
    expect(spans[0]![0]).toBe(0);
    spans.forEach(([lo], i) => i > 0 && expect(lo).toBe(spans[i - 1]![1]! + 1));
    expect(left.every((f) => f.size <= target)).toBe(true);
    expect(await readerView(store)).toEqual(before);
    expect(await compact({ store, closedBefore, targetBytes: target, datasets: ['raw'] })).toEqual([]);
  });

  it('never lets a reader see both a merged file and its inputs, or neither', async () => {
    const { store } = await fixture('swap', { orders: 120, batchOrders: 20 });
    const before = await readerView(store);
    const spy = watched(store);
    await compact({ store: spy.store, closedBefore });
    expect(spy.views.length).toBeGreaterThan(10);
    for (const view of spy.views) expect(view).toEqual(before);
  });

  it('finishes after a crash between writing a merged file and deleting its inputs', async () => {
    const { store } = await fixture('crash', { orders: 120, batchOrders: 20 });
    const before = await readerView(store);
    const crashing = watched(store, (op, path) => op === 'delete' && path.includes('/raw/'));
    await expect(compact({ store: crashing.store, closedBefore, datasets: ['raw'] })).rejects.toThrow(/simulated crash/);
    const raw09 = await store.list(`purchase-analytics/raw/${hour09}`);
    expect(raw09.some((f) => f.path.includes('/parts-'))).toBe(true); // the merged file is in place …
    expect(raw09.filter((f) => f.path.includes('/part-')).length).toBeGreaterThan(1); // … and its inputs still there
    expect(await readerView(store)).toEqual(before);
    expect((await createHistoryReader(store).files('raw')).some((f) => f.path.includes(`${hour09}/part-0-`))).toBe(false);

    const [again] = await compact({ store, closedBefore, datasets: ['raw'] });
    expect(again!.removed.length).toBeGreaterThan(1);
    expect(await readerView(store)).toEqual(before);
    expect((await store.list(`purchase-analytics/raw/${hour09}`)).every((f) => f.path.includes('/parts-'))).toBe(true);
  });

  // A merged file is written part after part to a temporary name, then read back from the store.
  const failingWrites = async (label: string, parts: (path: string, real: FileParts) => FileParts) => {
    const { store } = await fixture(label, { orders: 120, batchOrders: 20 });
    const before = await readerView(store);
    const files = await store.list('purchase-analytics/raw');
    const failing: Store = { ...store, writeParts: async (path) => parts(path, await store.writeParts(path)) };
    const results = await compact({ store: failing, closedBefore, datasets: ['raw'] });
    // The inputs are as they were, and no temporary file is left.
    expect(await store.list('purchase-analytics/raw')).toEqual(files);
    expect(await readerView(store)).toEqual(before);
    const [again] = await compact({ store, closedBefore, datasets: ['raw'] });
    expect(again!.merged.length).toBeGreaterThan(0);
    expect(await readerView(store)).toEqual(before);
    return results;
  };

  it('leaves the inputs and no temporary file when the merged file cannot be written (a full disk)', async () => {
    const results = await failingWrites('full-disk', (path, real) => ({
      ...real,
      append: async () => {
        throw new WorkbenchError('STORE_FAILED', `could not write ${path}: ENOSPC`, { where: path, retriable: false });
      },
    }));
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.error).toMatch(/_tmp\..*\.parquet\.tmp: ENOSPC/);
  });

  it('checks the merged file the store holds: one written short fails its merge, naming where it ends', async () => {
    const results = await failingWrites('short-write', (_path, real) => ({ ...real, append: (bytes) => real.append(bytes.subarray(0, bytes.byteLength - 100)) }));
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.error).toMatch(/\.parquet\.tmp in .* ends at byte \d+, before the \d+ bytes written to it/);
  });

  it('leaves a source partition whose files overlap as it is, and says why', async () => {
    const { store } = await fixture('overlap', { orders: 60, batchOrders: 20, partitions: 1, start: FIXTURE_HOUR + 60_000 });
    const dir = `purchase-analytics/raw/${hour09}`;
    await store.write(`${dir}/part-0-10-29.parquet`, await store.read(`${dir}/part-0-20-39.parquet`));
    const [result] = await compact({ store, closedBefore, datasets: ['raw'] });
    expect(result!.merged).toEqual([]);
    expect(result!.problems).toEqual(['part-0-0-19.parquet and part-0-10-29.parquet overlap; partition 0 left as it is']);
  });

  it('stops between the inputs of a merge when asked, writing and deleting nothing', async () => {
    const { store } = await fixture('compact-stop');
    const files = await store.list('purchase-analytics');
    let reads = 0;
    const counting: Store = { ...store, read: (path) => ((reads += 1), store.read(path)) };
    const results = await compact({ store: counting, closedBefore, stopRequested: () => reads >= 2 });
    expect(reads).toBe(2);
    expect(results.flatMap((r) => r.merged)).toEqual([]);
    expect(await store.list('purchase-analytics')).toEqual(files);
  });
});
