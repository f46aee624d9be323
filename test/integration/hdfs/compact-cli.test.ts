// `purchase-trends compact` and `run --compact-every` against the real HDFS: hours that have
// closed, full of small files, are merged, and the counts still agree.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebHdfsStore, systemClock } from '../../../src/index';
import { runCli } from '../../helpers/cli';
import { queryParquet } from '../../helpers/duckdb';
import { writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';
import { downloadHdfs, hdfsTestRoot, listHdfs, NAMENODE } from './webhdfs-direct';

// 1,500 orders at 0.3/s reach 83 minutes back: at least one whole hour before the current one.
const BACKFILL = ['run', '--store', 'hdfs', '--backfill', '--max-orders', '1500', '--rate', '0.3', '--window', '10m',
  '--flush-interval', '300ms', '--port', '0', '--no-progress'];
const closedHour = (path: string): boolean => {
  const m = /dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//.exec(path);
  return m !== null && Date.parse(`${m[1]}T${m[2]}:00:00Z`) + 3_600_000 < Date.now() - 60_000;
};

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));

async function counts(root: string, label: string): Promise<Record<string, number>> {
  const local = await tempDir(label);
  await downloadHdfs(`${root}/purchase-analytics`, local);
  const g = (d: string) => `read_parquet('${join(local, d, '**/*.parquet')}')`;
  const [c] = await queryParquet<Record<string, number>>(`SELECT
    (SELECT count(DISTINCT event_id) FROM ${g('raw')})::INT AS orders, (SELECT count(*) FROM ${g('raw')})::INT AS lines,
    (SELECT sum(transaction_count) FROM ${g('aggregated/by_hour')})::INT AS byHour,
    (SELECT sum(line_count) FROM ${g('aggregated/by_department')})::INT AS departmentLines`);
  return c!;
}

describe('compaction from the command line, on HDFS', () => {
  it('compact merges closed hours full of small files, and a second run finds nothing to do', async () => {
    // One file per window and per raw batch, as the stream wrote before it grouped a flush's
    // windows: a backfill now leaves a file or two per dataset and hour, and run compacts them itself.
    const root = hdfsTestRoot('compact-cli');
    const orders = await writeSmallFiles(createWebHdfsStore({ namenode: NAMENODE, root, user: 'purchase-trends-test', clock: systemClock }), { orders: 600 });
    const before = await listHdfs(`${root}/purchase-analytics`);
    const smallBefore = before.filter((f) => closedHour(f.path));
    expect(smallBefore.length).toBeGreaterThan(8);
    const countsBefore = await counts(root, 'compact-cli-before');

    const compact = runCli(['compact', '--store', 'hdfs', '--hdfs-path', root, '--compact-grace', '1m']);
    expect(await compact.exited).toBe(0);
    expect(compact.output()).toMatch(/compact done: [1-9]\d* hour partitions compacted: \d+ files merged into \d+, \d+ rows kept/);
    const after = await listHdfs(`${root}/purchase-analytics`);
    const mergedAfter = after.filter((f) => closedHour(f.path));
    expect(mergedAfter.length).toBeLessThan(smallBefore.length);
    // One file per source partition (raw) or per window size (aggregates) in each closed hour.
    const groups = new Set(mergedAfter.map((f) => f.path.replace(/\/(parts?|windows?)-(\d+-)?[^/]*$/, (_, kind, p) => `/${kind.replace(/s$/, '')}-${p ?? ''}`)));
    expect(mergedAfter.length).toBe(groups.size);
    expect(await counts(root, 'compact-cli-after')).toEqual(countsBefore);
    expect(countsBefore.byHour).toBe(countsBefore.orders);
    expect(countsBefore.orders).toBe(orders);

    const again = runCli(['compact', '--store', 'hdfs', '--hdfs-path', root, '--compact-grace', '1m']);
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain('0 hour partitions compacted: 0 files merged into 0');
    expect(await listHdfs(`${root}/purchase-analytics`)).toEqual(after);
  }, 120_000);

  it('run --compact-every merges closed hours while the stream runs, and nothing is lost', async () => {
    const root = hdfsTestRoot('compact-every');
    // Small files in an hour long closed, as an older writer or a slow trickle leaves them: how
    // many files the backfill itself leaves per hour depends on how its flushes fall, which the
    // test cannot hold still. --keep-serving keeps the run (and its compaction every 2 s) going
    // after the source is consumed, up to --duration.
    const seeded = await writeSmallFiles(createWebHdfsStore({ namenode: NAMENODE, root, user: 'purchase-trends-test', clock: systemClock }), { orders: 600 });
    const smallBefore = (await listHdfs(`${root}/purchase-analytics`)).filter((f) => closedHour(f.path));
    const run = runCli([...BACKFILL, '--max-orders', '3000', '--rate', '0.2', '--hdfs-path', root, '--duration', '20', '--keep-serving',
      '--compact-every', '2s', '--compact-grace', '1s']);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/compacting closed hours every 2 s/);
    expect(run.output()).toMatch(/compacted \d+ files of purchase-analytics\/\S+\/dt=\S+ into (parts|windows)-/);
    const seededAfter = (await listHdfs(`${root}/purchase-analytics`)).filter((f) => smallBefore.some((b) => dirOf(b.path) === dirOf(f.path)));
    expect(seededAfter.length).toBeLessThan(smallBefore.length);
    const c = await counts(root, 'compact-every');
    expect(run.output()).toContain(`sent ${c.orders! - seeded} orders`);
    expect(c.byHour).toBe(c.orders);
    expect(c.departmentLines).toBe(c.lines);
  }, 120_000);
});
