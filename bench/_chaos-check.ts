// The chaos suite's verdict, from sources independent of the pipeline's own code paths:
// - what was produced: the same seeded synthetic stream, generated again in this process;
// - what is stored: the HDFS folder downloaded over plain WebHDFS and read with DuckDB;
// - whether the aggregates reconcile: `purchase-trends verify` (window by window) and DuckDB's
//   totals of by_hour and by_department against what was produced.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSyntheticSource } from '../src/index';
import { queryParquet } from '../test/helpers/duckdb';
import { downloadHdfsFiles } from '../test/helpers/webhdfs-files';
import { spawnCli } from './_chaos-procs';

/** event_id → number of lines, of the orders `produce --seed S --max-orders N --seasonality off` sends. */
export function expectedOrders(seed: number, orders: number): Map<string, number> {
  // Without seasonality the synthetic stream does not depend on its start time or rate.
  const source = createSyntheticSource({ seed, startTime: 0, ordersPerSecond: 1, maxOrders: orders, seasonality: false });
  const expected = new Map<string, number>();
  for (const event of source.generate()) expected.set(event.event_id, event.lines.length);
  return expected;
}

export interface RawVerdict {
  /** Produced orders with a line missing from raw (or missing altogether). */
  lost: number;
  /** Produced orders with a line stored more than once. */
  duplicated: number;
  lostLines: number;
  duplicatedLines: number;
  /** Orders in raw that were never produced. */
  unexpected: number;
  rawFiles: number;
  rawLines: number;
  /**
   * Pairs of raw files of one folder and source partition whose offset ranges overlap (at most
   * 6, named): where a duplicate comes from. The pipeline's readers skip a file another covers,
   * so verify passes over such a pair; a reader globbing the folder does not.
   */
  overlaps: string[];
}

const PART = /\/part-(\d+)-(\d+)-(\d+)\.parquet$/;

/** Raw files whose offsets overlap within one folder and source partition, as "a ~ b". */
export function overlappingFiles(files: readonly string[]): string[] {
  const found: string[] = [];
  const byGroup = new Map<string, Array<{ file: string; lo: number; hi: number }>>();
  for (const file of files) {
    const m = PART.exec(file);
    if (!m) continue;
    const key = `${file.slice(0, file.lastIndexOf('/'))}|${m[1]}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), { file, lo: Number(m[2]), hi: Number(m[3]) }]);
  }
  for (const group of byGroup.values()) {
    group.sort((a, b) => a.lo - b.lo || a.hi - b.hi);
    group.forEach((a, i) => group.slice(i + 1).filter((b) => b.lo <= a.hi).forEach((b) => found.push(`${a.file} ~ ${b.file.slice(b.file.lastIndexOf('/') + 1)}`)));
  }
  return found;
}

async function parquetFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return names.map(String).filter((f) => f.endsWith('.parquet')).map((f) => join(dir, f)).sort();
}

const list = (files: string[]): string => `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;

/** Every produced line must be in raw exactly once: lines are (event_id, add_to_cart_order). */
export async function checkRaw(dir: string, expected: Map<string, number>): Promise<RawVerdict> {
  const files = (await parquetFiles(join(dir, 'raw'))).filter((f) => PART.test(f));
  const overlaps = overlappingFiles(files).map((pair) => pair.slice(join(dir, 'raw').length + 1));
  const verdict: RawVerdict = { lost: 0, duplicated: 0, lostLines: 0, duplicatedLines: 0, unexpected: 0, rawFiles: files.length, rawLines: 0, overlaps: overlaps.slice(0, 6) };
  const rows = files.length === 0 ? [] : await queryParquet<{ id: string; stored: number; lines: number[] }>(
    `SELECT event_id AS id, count(*)::INT AS stored, list(DISTINCT add_to_cart_order::INT) AS lines
     FROM read_parquet(${list(files)}) GROUP BY event_id`);
  const seen = new Set<string>();
  for (const row of rows) {
    verdict.rawLines += row.stored;
    const want = expected.get(row.id);
    if (want === undefined) {
      verdict.unexpected++;
      continue;
    }
    seen.add(row.id);
    // The produced lines are numbered 1..n.
    const present = row.lines.filter((n) => n >= 1 && n <= want).length;
    if (present < want) {
      verdict.lost++;
      verdict.lostLines += want - present;
    }
    if (row.stored > row.lines.length) {
      verdict.duplicated++;
      verdict.duplicatedLines += row.stored - row.lines.length;
    }
  }
  for (const [id, lines] of expected) {
    if (seen.has(id)) continue;
    verdict.lost++;
    verdict.lostLines += lines;
  }
  return verdict;
}

export interface AggregateTotals { byHourOrders: number; byHourLines: number; byDepartmentLines: number; files: number }

/** What an analyst summing the aggregated tables finds. */
export async function aggregateTotals(dir: string): Promise<AggregateTotals> {
  const byHour = await parquetFiles(join(dir, 'aggregated', 'by_hour'));
  const byDepartment = await parquetFiles(join(dir, 'aggregated', 'by_department'));
  const sum = async (files: string[], column: string): Promise<number> => {
    if (files.length === 0) return 0;
    const [row] = await queryParquet<{ n: number }>(`SELECT coalesce(sum(${column}), 0)::BIGINT AS n FROM read_parquet(${list(files)}, union_by_name = true)`);
    return Number(row?.n ?? 0);
  };
  return {
    byHourOrders: await sum(byHour, 'transaction_count'), byHourLines: await sum(byHour, 'line_count'),
    byDepartmentLines: await sum(byDepartment, 'line_count'), files: byHour.length + byDepartment.length + (await parquetFiles(join(dir, 'aggregated', 'by_product'))).length,
  };
}

export interface Verdict {
  lines: number;
  raw: RawVerdict;
  aggregates: AggregateTotals;
  verify: { exitCode: number | null; lines: string[] };
  /** verify passed and the aggregates' totals equal what was produced. */
  reconciled: boolean;
  storedFiles: number;
  /** Files a killed writer left half-written (*.tmp); they are never read. */
  temporaryFiles: number;
}

/** Downloads <hdfsPath>/purchase-analytics into `dir` and judges it against the produced orders. */
export async function judgeHistory(o: { namenode: string; hdfsPath: string; dir: string; seed: number; orders: number; verifyLog: string }): Promise<Verdict> {
  const expected = expectedOrders(o.seed, o.orders);
  const lines = [...expected.values()].reduce((a, b) => a + b, 0);
  const paths = await downloadHdfsFiles(o.namenode, `${o.hdfsPath}/purchase-analytics`, o.dir);
  const raw = await checkRaw(o.dir, expected);
  const aggregates = await aggregateTotals(o.dir);
  const verify = spawnCli(['verify', '--store', 'hdfs', '--namenode', o.namenode, '--hdfs-path', o.hdfsPath], o.verifyLog);
  const { code } = await verify.exited;
  const totalsMatch = aggregates.byHourOrders === o.orders && aggregates.byHourLines === lines && aggregates.byDepartmentLines === lines;
  return {
    lines, raw, aggregates, verify: { exitCode: code, lines: verify.tail().trim().split('\n').slice(-6) }, reconciled: code === 0 && totalsMatch,
    storedFiles: paths.length, temporaryFiles: paths.filter((p) => p.endsWith('.tmp')).length,
  };
}
