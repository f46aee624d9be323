// purchase-trends query as a user runs it: each output format against DuckDB reading the
// fixture's files directly, refusals, a timeout, and bad flags.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFsStore } from '../../src/index';
import { BIN, runCli } from '../helpers/cli';
import { queryParquet } from '../helpers/duckdb';
import { writeSmallFiles } from '../helpers/history-fixture';
import { tempDir } from '../helpers/tmp';

interface Ran { code: number; stdout: string; stderr: string }

function query(args: string[], input?: string): Promise<Ran> {
  const child = spawn(process.execPath, [BIN, 'query', ...args], { env: { ...process.env, TZ: 'UTC' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

// Money in whole cents: a sum of doubles depends on the order DuckDB's threads add them in.
const SQL = 'SELECT department, sum(round(line_revenue * 100))::INT AS cents, count(*)::INT AS lines FROM raw GROUP BY 1 ORDER BY 2 DESC, 1';
let dir: string;
let expected: Array<{ department: string; cents: number; lines: number }>;

beforeAll(async () => {
  dir = await tempDir('query-cli');
  await writeSmallFiles(createFsStore({ root: dir }), { orders: 120 });
  expected = await queryParquet(SQL.replace('FROM raw', `FROM read_parquet('${join(dir, 'purchase-analytics', 'raw', '**', '*.parquet')}')`));
});

describe('purchase-trends query', () => {
  it('prints a table on standard output', async () => {
    const ran = await query([SQL, '--data-dir', dir]);
    expect(ran.code, ran.stderr).toBe(0);
    const lines = ran.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^department\s+│\s+cents │ lines$/);
    const rows = lines.slice(2, -1).map((l) => l.split('│').map((c) => c.trim()));
    expect(rows).toEqual(expected.map((r) => [r.department, String(r.cents), String(r.lines)]));
    expect(lines.at(-1)).toBe(`(${expected.length} rows)`);
  }, 30_000);

  it('prints JSON, and reads the SQL from standard input with "-"', async () => {
    const ran = await query(['-', '--data-dir', dir, '--format', 'json'], SQL);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual(expected);
  }, 30_000);

  it('writes CSV and Parquet files with --out', async () => {
    const out = await tempDir('query-cli-out');
    const csv = await query([SQL, '--data-dir', dir, '--format', 'csv', '--out', join(out, 'result.csv')]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe('');
    expect((await readFile(join(out, 'result.csv'), 'utf8')).split('\r\n')[0]).toBe('department,cents,lines');
    expect(await queryParquet(`SELECT department, cents::INT AS cents, lines::INT AS lines FROM read_csv('${join(out, 'result.csv')}')`)).toEqual(expected);
    const parquet = await query([SQL, '--data-dir', dir, '--format', 'parquet', '--out', join(out, 'result.parquet')]);
    expect(parquet.code, parquet.stderr).toBe(0);
    expect(parquet.stderr).toContain(`query: ${expected.length} rows written to ${join(out, 'result.parquet')}`);
    expect(await queryParquet(`SELECT department, cents::INT AS cents, lines::INT AS lines FROM read_parquet('${join(out, 'result.parquet')}')`)).toEqual(expected);
  }, 60_000);

  it('refuses a statement that is not a SELECT, exiting 1 with the reason', async () => {
    const ran = await query(['DROP VIEW raw', '--data-dir', dir]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/error purchase-trends: query: refused a DROP statement: only a single read-only SELECT statement is accepted/);
    expect(ran.stdout).toBe('');
  }, 30_000);

  it('stops a query past --query-timeout', async () => {
    const started = Date.now();
    const ran = await query(['SELECT sum(a.range * b.range) FROM range(100000000) a, range(1000) b', '--data-dir', dir, '--query-timeout', '500ms']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/query: the query ran longer than 500 ms and was stopped/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('exits 2 on bad flags: no SQL, or Parquet without a file', async () => {
    const none = await query(['--data-dir', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/query needs the SQL as its one argument/);
    const parquet = await query(['SELECT 1', '--format', 'parquet']);
    expect(parquet.code).toBe(2);
    expect(parquet.stderr).toMatch(/--format parquet writes a file: give it with --out <file>/);
  }, 30_000);
});

describe('POST /api/query on a running pipeline', () => {
  const FAST = ['--port', '0', '--rate', '300', '--flush-interval', '1s', '--window', '1s', '--lateness', '0s', '--no-progress'];
  const ask = (url: string, sql: string) => fetch(`${url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }) });

  it('is 404 without --enable-query', async () => {
    const cli = runCli(['run', '--duration', '3', '--data-dir', await tempDir('query-api-off'), ...FAST]);
    const [, url] = await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/);
    expect((await ask(url!, 'SELECT 1')).status).toBe(404);
    expect(await cli.exited).toBe(0);
  }, 30_000);

  it('answers over the history being written with --enable-query, with the row limit it was given', async () => {
    const data = await tempDir('query-api-on');
    const cli = runCli(['run', '--duration', '20', '--data-dir', data, '--enable-query', '--query-row-limit', '2', ...FAST]);
    const [, url] = await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/);
    expect(cli.output()).toMatch(/POST \/api\/query is on: .* at most 2 rows, stopped after 30 s/);
    let lines = 0;
    // Until the first flush there is no raw file, and the query answers with an error.
    for (let tries = 0; lines === 0 && tries < 60; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      const body = (await (await ask(url!, 'SELECT count(*) AS lines FROM raw')).json()) as { rows?: number[][] };
      lines = body.rows?.[0]?.[0] ?? 0;
    }
    expect(lines).toBeGreaterThan(0);
    // A flush writes hundreds of lines at once: more than the limit.
    const limited = (await (await ask(url!, 'SELECT * FROM raw')).json()) as { rows: unknown[]; truncated: boolean };
    expect(limited.rows).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    expect(await cli.exited).toBe(0);
  }, 60_000);
});
