// SQL over the Parquet history with DuckDB (the only module that runs it). Each query gets its
// own connection with temporary views (views.ts) over the files a reader should see at that
// moment, so a query sees one consistent set of files, and a timeout interrupts that connection
// alone. DuckDB runs queries on its own threads: the event loop, and so a server, stays free.
// The instance is sandboxed: it reads only the store's folder (or the HDFS mirror) and its own
// work folder, and its configuration is locked, so a SELECT cannot read other files.
import type { DuckDBConnection } from '@duckdb/node-api';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createWindowAgg } from '../domain/index';
import { WorkbenchError } from '../core/index';
import { ALERT_ROOT } from '../pipeline/index';
import {
  DATASET_DIRS, type Dataset, encodeDepartmentHours, encodeDepartments, encodeHours, encodePairs, encodeProducts, encodeRaw, type Store,
} from '../store/index';
import { listViewFiles } from './history-files';
import { createLocalFiles } from './local-files';
import { checkSelect, duckdbMessage, tablesRead } from './sql-check';
import { plainValue, type QueryResult } from './result';
import { QUERY_VIEWS, sqlString, viewSql, type QueryView } from './views';

export interface QueryEngineOptions {
  store: Store;
  /** DuckDB threads (default: DuckDB's own, one per core). */
  threads?: number;
  /** e.g. "1GB" (default: DuckDB's, 80% of memory). */
  memoryLimit?: string;
}

export interface QueryOptions {
  /** Rows returned at most; the result says when there were more. */
  maxRows?: number;
  timeoutMs?: number;
}

export interface QueryEngine {
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** Writes the query's result as a Parquet file (DuckDB's writer); returns its row count. */
  writeParquet(sql: string, path: string, options?: QueryOptions): Promise<number>;
  readonly downloads: { downloads: number; bytes: number; reused: number };
  close(): Promise<void>;
}

const EMPTY_SCHEMA: Record<Dataset, () => Uint8Array | Promise<Uint8Array>> = {
  raw: () => encodeRaw([]),
  by_product: () => encodeProducts({ window: createWindowAgg(0, 0), topByRevenue: [], topByUnits: [] }),
  by_department: () => encodeDepartments({ window: createWindowAgg(0, 0), topByRevenue: [], topByUnits: [] }),
  by_hour: () => encodeHours({ window: createWindowAgg(0, 0), topByRevenue: [], topByUnits: [] }),
  by_department_hour: () => encodeDepartmentHours({ window: createWindowAgg(0, 0), topByRevenue: [], topByUnits: [] }),
  by_pair: () => encodePairs({ window: createWindowAgg(0, 0), topByRevenue: [], topByUnits: [] }),
};

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
/** Column names as a table needs them: a repeated name gets a suffix (x, x_2). */
const uniqueNames = (names: string[]): string[] => {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const times = (seen.get(n.toLowerCase()) ?? 0) + 1;
    seen.set(n.toLowerCase(), times);
    return times === 1 ? n : `${n}_${times}`;
  });
};
const viewFolder = (view: QueryView): string => (view === 'alerts' ? ALERT_ROOT : DATASET_DIRS[view]);
const firstLine = (error: unknown): string => ((error as Error).message ?? String(error)).split('\n')[0]!;
const vanished = (error: unknown): boolean => /IO Error/.test(firstLine(error)) && /No files found|No such file|not exist/i.test(firstLine(error));

export async function createQueryEngine(options: QueryEngineOptions): Promise<QueryEngine> {
  const { store } = options;
  const workDir = await mkdtemp(join(tmpdir(), 'purchase-trends-query-'));
  const schemas = join(workDir, 'schemas');
  await mkdir(schemas);
  for (const [dataset, encode] of Object.entries(EMPTY_SCHEMA)) await writeFile(join(schemas, `${dataset}.parquet`), await encode());
  const local = createLocalFiles(store, { mirrorDir: join(workDir, 'mirror') });
  // Loaded here, not at import: DuckDB's native library costs ~25 MB of RSS in every process
  // that imports src/index.ts (the pipeline, the `stream` workers), though only queries use it.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const setup = await instance.connect();
  const list = (items: string[]): string => `[${items.map((d) => sqlString(d)).join(', ')}]`;
  const settings = [
    `SET GLOBAL TimeZone = 'UTC'`,
    ...(options.threads ? [`SET GLOBAL threads = ${Math.max(1, Math.floor(options.threads))}`] : []),
    ...(options.memoryLimit ? [`SET GLOBAL memory_limit = ${sqlString(options.memoryLimit)}`] : []),
    `SET GLOBAL allowed_directories = ${list([...local.directories, workDir].map((d) => `${d}/`))}`,
    `SET GLOBAL enable_external_access = false`,
    `SET GLOBAL autoinstall_known_extensions = false`,
    `SET GLOBAL lock_configuration = true`,
  ];
  for (const statement of settings) await setup.run(statement);
  setup.closeSync();

  let running = 0;
  let results = 0;
  /** Creates the views the query reads, over the files stored now. */
  async function defineViews(connection: DuckDBConnection, views: QueryView[]): Promise<void> {
    const files = await listViewFiles(store, views);
    // Copies of files a compaction replaced go once no other query may still read them.
    if (running === 1) await local.prune(views.map(viewFolder), new Set([...files.values()].flat().map((f) => f.path)));
    for (const view of views) {
      const stored = files.get(view) ?? [];
      const paths = await local.localize(stored);
      await connection.run(viewSql(view, paths, view === 'alerts' ? undefined : join(schemas, `${view}.parquet`)));
    }
  }

  /** Runs work on a fresh connection with the views the SQL reads; interrupts it past the timeout. */
  async function withQuery<T>(sql: string, opts: QueryOptions, work: (connection: DuckDBConnection, checked: Awaited<ReturnType<typeof checkSelect>>) => Promise<T>): Promise<T> {
    const connection = await instance.connect();
    running++;
    let timedOut = false;
    const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), connection.interrupt()), opts.timeoutMs) : undefined;
    try {
      const checked = await checkSelect(connection, sql);
      const views = QUERY_VIEWS.filter((v) => tablesRead(checked.tree).has(v));
      for (let attempt = 1; ; attempt++) {
        try {
          await defineViews(connection, views);
          if (timedOut) throw new Error('INTERRUPT Error: Interrupted!');
          return await work(connection, checked);
        } catch (error) {
          // A compaction replaced files between listing and reading: list again, once.
          if (attempt === 1 && !timedOut && vanished(error)) continue;
          throw error;
        }
      }
    } catch (error) {
      if (timedOut) {
        throw new WorkbenchError('QUERY_TIMEOUT', `the query ran longer than ${opts.timeoutMs} ms and was stopped; narrow it (e.g. WHERE event_time >= now() - INTERVAL 1 HOUR) or allow more time`, { cause: error });
      }
      if (error instanceof WorkbenchError) throw error;
      const unknownTable = /Table with name \S+ does not exist/.test(duckdbMessage(error));
      throw new WorkbenchError('BAD_QUERY', `the query failed: ${duckdbMessage(error)}${unknownTable ? `\n(the views are ${QUERY_VIEWS.join(', ')})` : ''}`);
    } finally {
      clearTimeout(timer);
      running--;
      connection.closeSync();
    }
  }

  return {
    downloads: local.stats,
    query: (sql, opts = {}) => withQuery(sql, opts, async (_connection, checked) => {
      const started = performance.now();
      const prepared = await checked.prepare();
      const max = opts.maxRows;
      const reader = max === undefined ? await prepared.runAndReadAll() : await prepared.runAndReadUntil(max + 1);
      const rows = reader.getRowsJS();
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => t.toString());
      return {
        columns: names.map((name, i) => ({ name, type: types[i]! })),
        rows: (max === undefined ? rows : rows.slice(0, max)).map((row) => row.map(plainValue)),
        truncated: max !== undefined && rows.length > max,
        elapsedMs: Math.round(performance.now() - started),
      };
    }),
    writeParquet: (sql, path, opts = {}) => withQuery(sql, opts, async (connection, checked) => {
      // The result goes through a temporary table to DuckDB's Parquet writer, chunk by chunk:
      // the user's SQL is never pasted into another statement.
      const result = await (await checked.prepare()).run();
      const types = result.columnTypes();
      const names = uniqueNames(result.columnNames());
      await connection.run(`CREATE TEMP TABLE query_result (${names.map((n, i) => `${quoted(n)} ${types[i]!.toString()}`).join(', ')})`);
      const appender = await connection.createAppender('query_result', null, 'temp');
      let rows = 0;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        appender.appendDataChunk(chunk);
        rows += chunk.rowCount;
      }
      appender.closeSync();
      // Written in the work folder (the only one DuckDB may write to), then moved into place.
      const written = join(workDir, `result-${++results}.parquet`);
      await connection.run(`COPY query_result TO ${sqlString(written)} (FORMAT parquet)`);
      await copyFile(written, resolve(path));
      await rm(written, { force: true });
      return rows;
    }),
    async close() {
      instance.closeSync();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
