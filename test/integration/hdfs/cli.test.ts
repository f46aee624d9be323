// The real CLI with the real HDFS: history lands under <hdfs-path>/purchase-analytics, is listable
// over WebHDFS, and reconciles after download; an unreachable or vanishing NameNode loses nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';
import { startTcpProxy } from './tcp-proxy';
import { downloadHdfs, hdfsTestRoot, listHdfs, NAMENODE } from './webhdfs-direct';

const FAST = ['--port', '0', '--flush-interval', '2s', '--window', '2s', '--lateness', '500ms', '--no-progress'];

/** Downloads a run's history and checks that raw, by_hour, by_department and by_product agree. */
async function reconcile(root: string, label: string): Promise<{ orders: number; lines: number }> {
  const local = await tempDir(label);
  await downloadHdfs(`${root}/purchase-analytics`, local);
  const g = (d: string) => `read_parquet('${join(local, d, '**/*.parquet')}')`;
  const [c] = await queryParquet<Record<string, number>>(`SELECT
    (SELECT count(DISTINCT event_id) FROM ${g('raw')})::INT AS orders,
    (SELECT count(*) FROM ${g('raw')})::INT AS lines,
    (SELECT count(*) FROM (SELECT DISTINCT source_partition, source_offset FROM ${g('raw')}))::INT AS offsets,
    (SELECT sum(transaction_count) FROM ${g('aggregated/by_hour')})::INT AS byHourOrders,
    (SELECT sum(line_count) FROM ${g('aggregated/by_department')})::INT AS departmentLines,
    (SELECT sum(transaction_count) FROM ${g('aggregated/by_product')})::INT AS productLines`);
  expect(c!.byHourOrders).toBe(c!.orders);
  expect(c!.offsets).toBe(c!.orders);
  expect(c!.departmentLines).toBe(c!.lines);
  expect(c!.productLines).toBe(c!.lines);
  return { orders: c!.orders!, lines: c!.lines! };
}

describe('purchase-trends with --store hdfs', () => {
  it('leaves Parquet under purchase-analytics in HDFS that DuckDB reads and reconciles', async () => {
    const root = hdfsTestRoot('cli-run');
    const cli = runCli(['run', '--store', 'hdfs', '--hdfs-path', root, '--duration', '6', '--rate', '500', '--seasonality', 'off', ...FAST]);
    await cli.waitFor(/store webhdfs \(http:\/\/127\.0\.0\.1:9870\/webhdfs\/v1\/purchase-trends-test\//);
    expect(await cli.exited).toBe(0);
    const listed = (await listHdfs(`${root}/purchase-analytics`)).map((f) => f.path);
    for (const dataset of ['raw', 'aggregated/by_product', 'aggregated/by_department', 'aggregated/by_hour']) {
      expect(listed.some((p) => p.startsWith(`${dataset}/dt=`) && p.endsWith('.parquet')), dataset).toBe(true);
    }
    expect(listed.filter((p) => p.includes('/_tmp.'))).toEqual([]);
    const { orders } = await reconcile(root, 'cli-run');
    expect(orders).toBeGreaterThan(500);
    expect(cli.output()).toContain(`sent ${orders} orders`);
  }, 60_000);

  it('is selected by HDFS_NAMENODE and HDFS_DATA_PATH', async () => {
    const root = hdfsTestRoot('cli-env');
    const cli = runCli(['run', '--duration', '2', '--rate', '50', '--seasonality', 'off', ...FAST], { HDFS_NAMENODE: NAMENODE, HDFS_DATA_PATH: root });
    await cli.waitFor(/store webhdfs/);
    expect(await cli.exited).toBe(0);
    expect((await listHdfs(`${root}/purchase-analytics/raw`)).length).toBeGreaterThan(0);
  }, 30_000);

  it('stops before accepting any order when the NameNode cannot be reached, naming its URL', async () => {
    const started = Date.now();
    const cli = runCli(['run', '--store', 'hdfs', '--namenode', 'http://127.0.0.1:9', '--duration', '20', ...FAST]);
    expect(await cli.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(cli.output()).toMatch(/error .*cannot reach the HDFS NameNode at http:\/\/127\.0\.0\.1:9 /);
    expect(cli.output()).not.toMatch(/dashboard and API at|producer finished|orders sent/);
  }, 30_000);

  it('rides out a NameNode outage mid-run by retrying, and loses nothing', async () => {
    const root = hdfsTestRoot('cli-outage');
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(NAMENODE).port) });
    const cli = runCli(['run', '--store', 'hdfs', '--namenode', `http://127.0.0.1:${proxy.port}`, '--hdfs-path', root, '--duration', '14', '--rate', '300', '--seasonality', 'off', ...FAST]);
    await cli.waitFor(/dashboard and API at/);
    await new Promise((r) => setTimeout(r, 3_000));
    await proxy.cut();
    await cli.waitFor(/failed \(attempt 2\), retrying/, 15_000);
    await new Promise((r) => setTimeout(r, 3_000));
    await proxy.restore();
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(`cannot reach the HDFS NameNode at http://127.0.0.1:${proxy.port}`);
    // Temporary files a failed write could not remove while the NameNode was away are gone too.
    expect((await listHdfs(`${root}/purchase-analytics`)).filter((f) => f.path.includes('/_tmp.'))).toEqual([]);
    const sent = Number(cli.output().match(/sent (\d+) orders/)![1]);
    const { orders } = await reconcile(root, 'cli-outage');
    expect(orders).toBe(sent);
  }, 60_000);
});
