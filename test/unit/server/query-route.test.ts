// POST /api/query on a real server and a real query engine: off unless enabled, one SELECT with
// a row limit, refusals as 400, a timeout as 408, and the rest of the API answering meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type RunningServer } from '../../../server/app';
import { createFsStore, createQueryEngine, createTopologyDriver, tumbling, type QueryEngine } from '../../../src/index';
import { queryParquet } from '../../helpers/duckdb';
import { writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';

let dir: string;
let engine: QueryEngine;
const servers: RunningServer[] = [];

async function serve(query?: Parameters<typeof createApp>[0]['query'], token?: string): Promise<RunningServer> {
  const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(60_000), allowedLatenessMs: 0 } });
  const app = createApp({ view: driver.stage2.view, onUpdate: () => () => undefined, info: {}, ...(query ? { query } : {}), ...(token ? { token } : {}) });
  const server = await startServer(app, '127.0.0.1', 0);
  servers.push(server);
  return server;
}

// JSON of a few shapes: each test says what it expects.
const json = async (response: Response): Promise<any> => response.json();
const post = (server: RunningServer, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}/api/query`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  dir = await tempDir('query-route');
  await writeSmallFiles(createFsStore({ root: dir }), { orders: 90 });
  engine = await createQueryEngine({ store: createFsStore({ root: dir }), threads: 1 });
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await engine?.close();
});

describe('POST /api/query', () => {
  it('is off by default: 404 saying how to turn it on', async () => {
    const server = await serve();
    const response = await post(server, { sql: 'SELECT 1' });
    expect(response.status).toBe(404);
    expect((await json(response)).error).toMatch(/POST \/api\/query is off: start the server with --enable-query/);
  });

  it('answers one SELECT with columns and rows, up to the row limit', async () => {
    const server = await serve({ engine, maxRows: 3, timeoutMs: 10_000 });
    const sql = 'SELECT department, count(*) AS lines FROM raw GROUP BY 1 ORDER BY 2 DESC, 1';
    const expected = await queryParquet<{ department: string; lines: number }>(sql.replace('FROM raw', `FROM read_parquet('${dir}/purchase-analytics/raw/**/*.parquet')`).replace('count(*)', 'count(*)::INT'));
    const response = await post(server, { sql });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.columns).toEqual([{ name: 'department', type: 'VARCHAR' }, { name: 'lines', type: 'BIGINT' }]);
    expect(body.rows).toEqual(expected.slice(0, 3).map((r) => [r.department, r.lines]));
    expect(body).toMatchObject({ truncated: true, rowLimit: 3 });
    const text = await post(server, 'SELECT 7 AS n', { 'content-type': 'text/plain' });
    expect((await json(text)).rows).toEqual([[7]]);
  });

  it('refuses anything but a SELECT, and bad bodies, with 400', async () => {
    const server = await serve({ engine, maxRows: 10, timeoutMs: 10_000 });
    for (const sql of ['DROP VIEW raw', 'CREATE TABLE t AS SELECT 1', "COPY (SELECT 1) TO 'x.csv'", "ATTACH 'x.db'", 'PRAGMA version', 'SELECT 1; SELECT 2']) {
      const response = await post(server, { sql });
      expect(response.status, sql).toBe(400);
      expect((await json(response)).error, sql).toMatch(/^(refused a \w+ statement:|the query holds 2 statements;) only a single read-only SELECT/);
    }
    expect((await post(server, '{"sql": ')).status).toBe(400);
    expect((await post(server, { query: 'SELECT 1' })).status).toBe(400);
  });

  it('stops a query at the timeout with 408, while the rest of the API keeps answering and more queries wait their turn (429)', async () => {
    const server = await serve({ engine, maxRows: 10, timeoutMs: 1_500, maxRunning: 1 });
    const started = Date.now();
    const slow = post(server, { sql: 'SELECT sum(a.range * b.range) FROM range(100000000) a, range(1000) b' });
    await new Promise((r) => setTimeout(r, 300));
    const during = Date.now();
    const health = await fetch(`${server.url}/api/summary`);
    expect(health.status).toBe(200);
    expect(Date.now() - during).toBeLessThan(500);
    const second = await post(server, { sql: 'SELECT 1' });
    expect(second.status).toBe(429);
    expect((await json(second)).error).toMatch(/^1 query is running already \(at most 1\)/);
    const response = await slow;
    expect(response.status).toBe(408);
    expect((await json(response)).error).toMatch(/^the query ran longer than 1500 ms and was stopped/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('needs the access token like every route when one is set', async () => {
    const server = await serve({ engine, maxRows: 10, timeoutMs: 10_000 }, 'secret-token');
    expect((await post(server, { sql: 'SELECT 1' })).status).toBe(401);
    expect((await post(server, { sql: 'SELECT 1' }, { 'content-type': 'application/json', authorization: 'Bearer secret-token' })).status).toBe(200);
  });
});
