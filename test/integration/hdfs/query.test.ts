// purchase-trends query --store hdfs against the real HDFS: the views read the files a reader
// should see (WebHDFS downloads into a temporary folder), and the answer equals DuckDB reading a
// download made with plain fetch.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactClosedHours, createWebHdfsStore, systemClock } from '../../../src/index';
import { BIN } from '../../helpers/cli';
import { queryParquet } from '../../helpers/duckdb';
import { FIXTURE_HOUR, writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';
import { downloadHdfs, hdfsTestRoot, NAMENODE } from './webhdfs-direct';

// Money is summed in whole cents: a sum of doubles depends on the order DuckDB's threads add them
// in, and once came out 927.67 against 927.68 (CI, stop 17).
const SQL = 'SELECT department, sum(round(line_revenue * 100))::INT AS cents, count(*)::INT AS lines FROM raw GROUP BY 1 ORDER BY 2 DESC, 1';

describe('purchase-trends query --store hdfs', () => {
  it('answers over HDFS as over a download of it, hiding compacted inputs', async () => {
    const root = hdfsTestRoot('query');
    const store = createWebHdfsStore({ namenode: NAMENODE, root, user: 'purchase-trends-test', clock: systemClock });
    await writeSmallFiles(store, { orders: 200, batchOrders: 20 });
    // Compact 09:00-10:00, then put one merged input back, as an interrupted compaction leaves it.
    const local = await tempDir('hdfs-query');
    await downloadHdfs(`${root}/purchase-analytics`, join(local, 'before'));
    await compactClosedHours({ store, closedBefore: FIXTURE_HOUR + 3_600_000 + 5 * 60_000 });
    const input = 'purchase-analytics/raw/dt=2026-11-24/hour=09/part-0-0-19.parquet';
    await store.write(input, new Uint8Array(await readFile(join(local, 'before', input.replace('purchase-analytics/', '')))));

    const expected = await queryParquet<{ department: string; cents: number; lines: number }>(
      SQL.replace('FROM raw', `FROM read_parquet('${join(local, 'before', 'raw', '**', '*.parquet')}')`));
    const ran = spawnSync(process.execPath, [BIN, 'query', SQL, '--store', 'hdfs', '--namenode', NAMENODE, '--hdfs-path', root, '--format', 'json'],
      { env: { ...process.env, TZ: 'UTC' }, encoding: 'utf8', timeout: 60_000 });
    expect(ran.status, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual(expected);
    expect(ran.stderr).toMatch(/query: downloaded \d+ files \([\d.]+ MB\) from http:\/\/127\.0\.0\.1:9870\/webhdfs\/v1\/purchase-trends-test\//);
  }, 120_000);
});
