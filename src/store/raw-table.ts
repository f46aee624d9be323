// The raw archive: one Parquet row per order line. The columns are filled straight from the
// records into typed arrays in one pass, with no object per line, and handed to hyparquet-writer
// as they are. Column statistics are written only where a reader prunes on them (times, ids,
// offsets): on strings, prices and flags they cost a fifth of the encoding and served no query.
// `npm run bench -- raw-writers` has the figures behind these choices.
import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { lineRevenue, type CheckoutEvent } from '../domain/index';
import { PARQUET_COMPRESSORS } from './parquet-compress';

export interface RawRecord {
  partition: number;
  offset: number;
  event: CheckoutEvent;
  late: boolean;
}

const CREATED_BY = 'purchase-trend-workbench';

type RawType = 'STRING' | 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP';
/** The raw schema, in column order, and whether a column carries statistics. */
const RAW_COLUMNS: ReadonlyArray<readonly [string, RawType, boolean]> = [
  ['event_id', 'STRING', false],
  ['event_time', 'TIMESTAMP', true],
  ['order_id', 'INT64', true],
  ['user_id', 'INT32', true],
  ['order_number', 'INT32', false],
  ['order_dow', 'INT32', false],
  ['order_hour_of_day', 'INT32', false],
  ['days_since_prior_order', 'DOUBLE', false],
  ['product_id', 'INT32', true],
  ['product_name', 'STRING', false],
  ['aisle_id', 'INT32', true],
  ['aisle', 'STRING', false],
  ['department_id', 'INT32', true],
  ['department', 'STRING', false],
  ['quantity', 'INT32', false],
  ['unit_price', 'DOUBLE', false],
  ['discount', 'DOUBLE', false],
  ['reordered', 'BOOLEAN', false],
  ['add_to_cart_order', 'INT32', false],
  ['line_revenue', 'DOUBLE', false],
  ['source_partition', 'INT32', true],
  ['source_offset', 'INT64', true],
  ['late', 'BOOLEAN', false],
];

/** The raw schema; with every column typed it does not depend on the data. */
export const RAW_SCHEMA = schemaFromColumnData({
  columnData: RAW_COLUMNS.map(([name, type]) => ({ name, type, data: [] })),
} as Parameters<typeof schemaFromColumnData>[0]);

const allocate = (n: number) => ({
  event_id: new Array<string>(n), event_time: new BigInt64Array(n), order_id: new BigInt64Array(n), user_id: new Int32Array(n),
  order_number: new Int32Array(n), order_dow: new Int32Array(n), order_hour_of_day: new Int32Array(n),
  // Nullable: a plain array keeps its nulls.
  days_since_prior_order: new Array<number | null>(n),
  product_id: new Int32Array(n), product_name: new Array<string>(n), aisle_id: new Int32Array(n), aisle: new Array<string>(n),
  department_id: new Int32Array(n), department: new Array<string>(n), quantity: new Int32Array(n), unit_price: new Float64Array(n),
  discount: new Float64Array(n), reordered: new Array<boolean>(n), add_to_cart_order: new Int32Array(n), line_revenue: new Float64Array(n),
  source_partition: new Int32Array(n), source_offset: new BigInt64Array(n), late: new Array<boolean>(n),
});
export type RawColumns = ReturnType<typeof allocate>;
type Columns = RawColumns;

/** Every line of the records as columns: one pass, one typed array (or array of strings) per column. */
export function fillRawColumns(records: readonly RawRecord[]): { columns: Columns; lines: number } {
  let lines = 0;
  for (const r of records) lines += r.event.lines.length;
  const c = allocate(lines);
  let k = 0;
  for (const { event: e, partition, offset, late } of records) {
    const time = BigInt(e.event_time);
    const orderId = BigInt(e.order_id);
    const sourceOffset = BigInt(offset);
    for (const line of e.lines) {
      c.event_id[k] = e.event_id;
      c.event_time[k] = time;
      c.order_id[k] = orderId;
      c.user_id[k] = e.user_id;
      c.order_number[k] = e.order_number;
      c.order_dow[k] = e.order_dow;
      c.order_hour_of_day[k] = e.order_hour_of_day;
      c.days_since_prior_order[k] = e.days_since_prior_order;
      c.product_id[k] = line.product_id;
      c.product_name[k] = line.product_name;
      c.aisle_id[k] = line.aisle_id;
      c.aisle[k] = line.aisle;
      c.department_id[k] = line.department_id;
      c.department[k] = line.department;
      c.quantity[k] = line.quantity;
      c.unit_price[k] = line.unit_price;
      c.discount[k] = line.discount;
      c.reordered[k] = line.reordered;
      c.add_to_cart_order[k] = line.add_to_cart_order;
      c.line_revenue[k] = lineRevenue(line);
      c.source_partition[k] = partition;
      c.source_offset[k] = sourceOffset;
      c.late[k] = late;
      k += 1;
    }
  }
  return { columns: c, lines };
}

/**
 * Lines per row group of a raw file. The file is encoded one row group at a time, handing the
 * event loop back in between: a flush of 10,000 orders (about 100,000 lines, 1.3 s of encoding)
 * once held the live dashboard up for that long in one piece (`npm run bench -- freshness`).
 */
export const RAW_ROW_GROUP_LINES = 5_000;

/**
 * Raw files are encoded one at a time in the process: several partitions flush together, and
 * their slices, each yielding with setImmediate, would otherwise run back to back in one turn of
 * the event loop (four partitions held it for 400 ms).
 */
let rawLane: Promise<unknown> = Promise.resolve();

export function encodeRaw(records: readonly RawRecord[], rowGroupLines = RAW_ROW_GROUP_LINES): Promise<Uint8Array> {
  const encoded = rawLane.then(() => encodeRawInSlices(records, rowGroupLines));
  rawLane = encoded.catch(() => undefined);
  return encoded;
}

/** A raw file's row groups, one at a time: hyparquet-writer encodes a group when it is written. */
function rawWriter(columns: Columns) {
  const bytes = new ByteWriter();
  const writer = new ParquetWriter({ writer: bytes, schema: RAW_SCHEMA, createdBy: CREATED_BY, compressors: PARQUET_COMPRESSORS });
  return {
    group(from: number, to: number): void {
      void writer.write({
        columnData: RAW_COLUMNS.map(([name, , statistics]) => {
          const data = columns[name as keyof Columns];
          return { name, statistics, data: Array.isArray(data) ? data.slice(from, to) : data.subarray(from, to) };
        }),
        rowGroupSize: to - from,
      } as Parameters<ParquetWriter['write']>[0]);
    },
    finish(): Uint8Array {
      void writer.finish();
      return new Uint8Array(bytes.getBuffer());
    },
  };
}

async function encodeRawInSlices(records: readonly RawRecord[], rowGroupLines: number): Promise<Uint8Array> {
  const { columns, lines } = fillRawColumns(records);
  const writer = rawWriter(columns);
  for (let from = 0; from < lines; from += rowGroupLines) {
    if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    writer.group(from, Math.min(lines, from + rowGroupLines));
  }
  return writer.finish();
}

/** A raw file from its columns in one go, for a thread with no event loop to keep (raw-encoder-thread.ts); the same bytes as encodeRaw. */
export function encodeRawColumns(columns: RawColumns, lines: number, rowGroupLines = RAW_ROW_GROUP_LINES): Uint8Array {
  const writer = rawWriter(columns);
  for (let from = 0; from < lines; from += rowGroupLines) writer.group(from, Math.min(lines, from + rowGroupLines));
  return writer.finish();
}
