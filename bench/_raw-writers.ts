// The candidate writers of the raw archive, each turning the same records into one Parquet file
// of the raw schema: hyparquet-writer as the archive uses it, hyparquet-writer fed an object per
// line (the archive until session 6), parquet-wasm fed Arrow vectors, and DuckDB's appender with
// COPY … TO parquet.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import * as wasm from 'parquet-wasm/node';
import { encodeRaw, fillRawColumns, lineRevenue, type RawColumns, type RawRecord } from '../src/index';

export type RawWriter = (records: readonly RawRecord[]) => Promise<Uint8Array>;

/** The archive's own writer. */
export const typedColumns: RawWriter = (records) => encodeRaw(records);

/** The writer before: one object per line, one accessor per column, statistics everywhere. */
export const objectPerLine: RawWriter = async (records) => {
  const lines = records.flatMap((r) => r.event.lines.map((line) => ({ r, line })));
  type L = (typeof lines)[number];
  const col = (name: string, type: string, get: (l: L) => unknown) => ({ name, type, data: lines.map(get) });
  const big = (v: number) => BigInt(v);
  return new Uint8Array(parquetWriteBuffer({ columnData: [
    col('event_id', 'STRING', (l) => l.r.event.event_id), col('event_time', 'TIMESTAMP', (l) => l.r.event.event_time),
    col('order_id', 'INT64', (l) => big(l.r.event.order_id)), col('user_id', 'INT32', (l) => l.r.event.user_id),
    col('order_number', 'INT32', (l) => l.r.event.order_number), col('order_dow', 'INT32', (l) => l.r.event.order_dow),
    col('order_hour_of_day', 'INT32', (l) => l.r.event.order_hour_of_day), col('days_since_prior_order', 'DOUBLE', (l) => l.r.event.days_since_prior_order),
    col('product_id', 'INT32', (l) => l.line.product_id), col('product_name', 'STRING', (l) => l.line.product_name),
    col('aisle_id', 'INT32', (l) => l.line.aisle_id), col('aisle', 'STRING', (l) => l.line.aisle),
    col('department_id', 'INT32', (l) => l.line.department_id), col('department', 'STRING', (l) => l.line.department),
    col('quantity', 'INT32', (l) => l.line.quantity), col('unit_price', 'DOUBLE', (l) => l.line.unit_price),
    col('discount', 'DOUBLE', (l) => l.line.discount), col('reordered', 'BOOLEAN', (l) => l.line.reordered),
    col('add_to_cart_order', 'INT32', (l) => l.line.add_to_cart_order), col('line_revenue', 'DOUBLE', (l) => lineRevenue(l.line)),
    col('source_partition', 'INT32', (l) => l.r.partition), col('source_offset', 'INT64', (l) => big(l.r.offset)), col('late', 'BOOLEAN', (l) => l.r.late),
  ], rowGroupSize: 5_000 } as Parameters<typeof parquetWriteBuffer>[0]));
};

const utf8 = new TextEncoder();
function stringVector(values: string[]): arrow.Vector {
  const offsets = new Int32Array(values.length + 1);
  const cache = new Map<string, Uint8Array>();
  const parts: Uint8Array[] = [];
  let size = 0;
  values.forEach((value, i) => {
    let bytes = cache.get(value);
    if (!bytes) cache.set(value, (bytes = utf8.encode(value)));
    parts.push(bytes);
    size += bytes.length;
    offsets[i + 1] = size;
  });
  const data = new Uint8Array(size);
  let at = 0;
  for (const part of parts) (data.set(part, at), (at += part.length));
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: values.length, valueOffsets: offsets, data }));
}

function bitmap(values: ReadonlyArray<unknown>, nulls: boolean): Uint8Array {
  const bits = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => { if (nulls ? v !== null : v === true) bits[i >> 3]! |= 1 << (i & 7); });
  return bits;
}

function arrowTable(c: RawColumns, n: number): arrow.Table {
  const ints = (data: Int32Array) => arrow.makeVector(data);
  const longs = (data: BigInt64Array) => arrow.makeVector(arrow.makeData({ type: new arrow.Int64(), length: n, data }));
  const bools = (data: boolean[]) => arrow.makeVector(arrow.makeData({ type: new arrow.Bool(), length: n, data: bitmap(data, false) }));
  const days = Float64Array.from(c.days_since_prior_order, (v) => v ?? 0);
  return new arrow.Table({
    event_id: stringVector(c.event_id),
    event_time: arrow.makeVector(arrow.makeData({ type: new arrow.TimestampMillisecond('UTC'), length: n, data: c.event_time })),
    order_id: longs(c.order_id), user_id: ints(c.user_id), order_number: ints(c.order_number), order_dow: ints(c.order_dow),
    order_hour_of_day: ints(c.order_hour_of_day),
    days_since_prior_order: arrow.makeVector(arrow.makeData({ type: new arrow.Float64(), length: n, data: days, nullBitmap: bitmap(c.days_since_prior_order, true) })),
    product_id: ints(c.product_id), product_name: stringVector(c.product_name), aisle_id: ints(c.aisle_id), aisle: stringVector(c.aisle),
    department_id: ints(c.department_id), department: stringVector(c.department), quantity: ints(c.quantity),
    unit_price: arrow.makeVector(c.unit_price), discount: arrow.makeVector(c.discount), reordered: bools(c.reordered),
    add_to_cart_order: ints(c.add_to_cart_order), line_revenue: arrow.makeVector(c.line_revenue), source_partition: ints(c.source_partition),
    source_offset: longs(c.source_offset), late: bools(c.late),
  });
}

/** parquet-wasm (Rust's parquet crate in WebAssembly), fed Arrow vectors over the archive's typed columns. */
export const parquetWasm: RawWriter = async (records) => {
  const { columns, lines } = fillRawColumns(records);
  const table = wasm.Table.fromIPCStream(arrow.tableToIPC(arrowTable(columns, lines), 'stream'));
  const properties = new wasm.WriterPropertiesBuilder().setCompression(wasm.Compression.SNAPPY).setMaxRowGroupSize(5_000).build();
  return wasm.writeParquet(table, properties);
};

const DUCKDB_TABLE = `event_id VARCHAR, event_time BIGINT, order_id BIGINT, user_id INTEGER, order_number INTEGER, order_dow INTEGER,
  order_hour_of_day INTEGER, days_since_prior_order DOUBLE, product_id INTEGER, product_name VARCHAR, aisle_id INTEGER, aisle VARCHAR,
  department_id INTEGER, department VARCHAR, quantity INTEGER, unit_price DOUBLE, discount DOUBLE, reordered BOOLEAN,
  add_to_cart_order INTEGER, line_revenue DOUBLE, source_partition INTEGER, source_offset BIGINT, late BOOLEAN`;

/** DuckDB: its appender, a row at a time, then COPY … TO a Parquet file read back as bytes. */
export const duckdb: RawWriter = async (records) => {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const dir = await mkdtemp(join(tmpdir(), 'raw-writer-'));
  try {
    await connection.run(`CREATE TABLE raw (${DUCKDB_TABLE})`);
    const a = await connection.createAppender('raw');
    for (const { event: e, partition, offset, late } of records) {
      for (const l of e.lines) {
        a.appendVarchar(e.event_id); a.appendBigInt(BigInt(e.event_time)); a.appendBigInt(BigInt(e.order_id)); a.appendInteger(e.user_id);
        a.appendInteger(e.order_number); a.appendInteger(e.order_dow); a.appendInteger(e.order_hour_of_day);
        if (e.days_since_prior_order === null) a.appendNull(); else a.appendDouble(e.days_since_prior_order);
        a.appendInteger(l.product_id); a.appendVarchar(l.product_name); a.appendInteger(l.aisle_id); a.appendVarchar(l.aisle);
        a.appendInteger(l.department_id); a.appendVarchar(l.department); a.appendInteger(l.quantity); a.appendDouble(l.unit_price);
        a.appendDouble(l.discount); a.appendBoolean(l.reordered); a.appendInteger(l.add_to_cart_order); a.appendDouble(lineRevenue(l));
        a.appendInteger(partition); a.appendBigInt(BigInt(offset)); a.appendBoolean(late);
        a.endRow();
      }
    }
    a.closeSync();
    const path = join(dir, 'raw.parquet');
    await connection.run(`COPY (SELECT * REPLACE (epoch_ms(event_time) AS event_time) FROM raw) TO '${path}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 5000)`);
    return new Uint8Array(await readFile(path));
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
};
