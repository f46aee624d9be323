// The query command: one SQL SELECT over the Parquet history (local folder or HDFS), printed as
// a table, CSV or JSON, or written as Parquet. Exit codes: 0 done, 1 refused or failed (the
// message says why), 2 bad flags.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  openStore, systemClock, type Config, type QueryFormat, describeError, WorkbenchError, type Log, createQueryEngine, type QueryEngine, type Store, toCsv, toJson, toTable, type QueryResult,
} from '../src/index';

const RENDER: Record<Exclude<QueryFormat, 'parquet'>, (result: QueryResult) => string> = { table: toTable, csv: toCsv, json: toJson };

async function readSql(sql: string): Promise<string> {
  if (sql !== '-') return sql;
  const text = readFileSync(0, 'utf8');
  if (text.trim() === '') throw new WorkbenchError('BAD_FLAG', 'query -: standard input held no SQL');
  return text;
}

export async function runQueryCommand(config: Config, log: Log, stdout: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { format, out, timeoutMs } = config.query;
  if (format === 'parquet' && !out) {
    log.error('query: --format parquet writes a file: give it with --out <file>');
    return 2;
  }
  let engine: Awaited<ReturnType<typeof createQueryEngine>> | undefined;
  try {
    const sql = await readSql(config.query.sql ?? '');
    const store = await openStore(config, { log, clock: systemClock });
    log.debug(`query: ${store.kind} store ${store.location}`);
    engine = await createQueryEngine({ store });
    const options = timeoutMs === undefined ? {} : { timeoutMs };
    if (format === 'parquet') {
      const rows = await engine.writeParquet(sql, out!, options);
      log.info(`query: ${rows} rows written to ${out}`);
    } else {
      const result = await engine.query(sql, options);
      const text = RENDER[format](result);
      if (out) {
        await writeFile(out, text);
        log.info(`query: ${result.rows.length} rows written to ${out}`);
      } else stdout(text);
    }
    const d = engine.downloads;
    if (d.downloads > 0) log.info(`query: downloaded ${d.downloads} files (${(d.bytes / 1e6).toFixed(1)} MB) from ${store.location}`);
    return 0;
  } catch (error) {
    log.error(`query: ${describeError(error)}`);
    return 1;
  } finally {
    await engine?.close();
  }
}

/** The engine behind POST /api/query (--enable-query): one DuckDB thread and 1 GB, so the pipeline keeps the rest. */
export async function openQueryApi(config: Config, store: Store | undefined, log: Log): Promise<{ options: { engine: QueryEngine; maxRows: number; timeoutMs: number }; close(): Promise<void> }> {
  const engine = await createQueryEngine({ store: store ?? (await openStore(config, { log, clock: systemClock })), threads: 1, memoryLimit: '1GB' });
  const timeoutMs = config.query.timeoutMs ?? 30_000;
  log.info(`POST /api/query is on: one SELECT at a time over the history, at most ${config.query.maxRows} rows, stopped after ${timeoutMs / 1000} s`);
  return { options: { engine, maxRows: config.query.maxRows, timeoutMs }, close: () => engine.close() };
}
