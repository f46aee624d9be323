// Only one read-only SELECT gets through, decided by DuckDB's parser and planner; anything else
// is refused with a message that names it, and leaves no trace. A query past its timeout is
// interrupted while the event loop stays free.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsStore, createQueryEngine, isWorkbenchError, type QueryEngine } from '../../../src/index';
import { writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';

let dir: string;
let engine: QueryEngine;
beforeAll(async () => {
  dir = await tempDir('query-refusals');
  await writeSmallFiles(createFsStore({ root: dir }), { orders: 60 });
  engine = await createQueryEngine({ store: createFsStore({ root: dir }) });
});
afterAll(() => engine?.close());

async function refusal(sql: string): Promise<string> {
  try {
    await engine.query(sql);
  } catch (error) {
    if (isWorkbenchError(error) && error.code === 'BAD_QUERY') return error.message;
    throw error;
  }
  throw new Error(`accepted: ${sql}`);
}

describe('the statements a query may be', () => {
  const refused: Array<[string, string]> = [
    ['CREATE TABLE t AS SELECT * FROM raw', 'CREATE'],
    ['CREATE VIEW raw2 AS SELECT 1', 'CREATE'],
    ['DROP VIEW raw', 'DROP'],
    ['INSERT INTO raw SELECT * FROM raw', 'INSERT'],
    [`COPY raw TO '${join('OUT', 'copy.csv')}'`, 'COPY'],
    [`ATTACH '${join('OUT', 'other.duckdb')}' AS other`, 'ATTACH'],
    ['PRAGMA version', 'PRAGMA'],
    ['PRAGMA enable_profiling', 'PRAGMA'],
    ['SET threads = 1', 'SET'],
    ['CALL pragma_version()', 'CALL'],
    ['EXPLAIN ANALYZE SELECT 1', 'EXPLAIN'],
    ['/* a comment first */ DELETE FROM raw', 'DELETE'],
  ];
  for (const [sql, word] of refused) {
    it(`refuses ${word}: ${sql.replace('OUT', '<dir>')}`, async () => {
      const out = await tempDir('query-refused');
      const message = await refusal(sql.replace('OUT', out));
      expect(message).toMatch(new RegExp(`^refused a ${word} statement: only a single read-only SELECT statement is accepted`));
      expect(await readdir(out)).toEqual([]);
    });
  }

  it('refuses two statements, even two SELECTs, and says how many it saw', async () => {
    expect(await refusal('SELECT 1; SELECT 2')).toMatch(/^the query holds 2 statements; only a single read-only SELECT/);
    expect(await refusal('SELECT 1; DROP VIEW raw')).toMatch(/holds 2 statements/);
    for (const empty of ['  ', '-- only a comment', ';']) expect(await refusal(empty)).toMatch(/^the query holds no statement; only a single/);
  });

  it('names a syntax error with its position', async () => {
    expect(await refusal('SELECT FROM WHERE')).toMatch(/^the query does not parse: Parser Error: syntax error at or near "WHERE"/);
  });

  it('accepts the read-only forms', async () => {
    for (const sql of ['SELECT count(*) FROM raw', 'FROM by_hour LIMIT 1', 'WITH x AS (SELECT 1 AS a) SELECT * FROM x', 'VALUES (1, 2)', 'DESCRIBE raw', 'SUMMARIZE by_hour', 'SELECT 1;']) {
      expect((await engine.query(sql)).columns.length, sql).toBeGreaterThan(0);
    }
  });

  it('reads no file outside the history, even in a SELECT', async () => {
    expect(await refusal(`SELECT * FROM read_csv('/etc/passwd')`)).toMatch(/Permission Error: Cannot access file "\/etc\/passwd"/);
    expect(await refusal(`SELECT * FROM read_parquet('${join(dir, '..', '**', '*.parquet')}')`)).toMatch(/Permission Error/);
    expect(await refusal(`SELECT * FROM query('DROP VIEW raw')`)).toMatch(/Expected a single SELECT statement/);
  });

  it('still runs after the refusals: nothing was created, dropped or changed', async () => {
    const result = await engine.query(`SELECT table_name FROM duckdb_tables() UNION ALL SELECT database_name FROM duckdb_databases() WHERE NOT internal`);
    expect(result.rows.flat().sort()).toEqual(['memory']);
    expect(existsSync(join(dir, 'other.duckdb'))).toBe(false);
  });
});

describe('a query past its timeout', () => {
  it('is interrupted with QUERY_TIMEOUT, and the event loop keeps running meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = Date.now();
    let caught: unknown;
    try {
      await engine.query('SELECT sum(a.range * b.range) FROM range(100000000) a, range(1000) b', { timeoutMs: 700 });
    } catch (error) {
      caught = error;
    } finally {
      clearInterval(timer);
    }
    const elapsed = Date.now() - started;
    expect(isWorkbenchError(caught) && caught.code).toBe('QUERY_TIMEOUT');
    expect((caught as Error).message).toMatch(/^the query ran longer than 700 ms and was stopped/);
    expect(elapsed).toBeGreaterThanOrEqual(700);
    expect(elapsed).toBeLessThan(5_000);
    // ~35 ticks of 20 ms in 700 ms if nothing blocked the loop.
    expect(ticks).toBeGreaterThan(15);
    expect((await engine.query('SELECT 42 AS answer')).rows).toEqual([[42]]);
  });
});
