// Parquet tables of the layout: raw order lines (raw-table.ts), and the by_product, by_department, by_hour,
// by_department_hour and by_pair aggregates of each closed window. hyparquet-writer was chosen on DESIGN.md's
// figures (1.3 s per 1M rows, pure JS, readable by DuckDB); only this module and raw-table.ts import it,
// both with the native Snappy of parquet-compress.ts.
import { ByteWriter, ParquetWriter, parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import { parquetMetadataAsync, parquetRead, parquetReadObjects, type AsyncBuffer, type RowGroup, type SchemaElement } from 'hyparquet';
import type { ClosedWindow } from '../stream/index';
export { encodeRaw, fillRawColumns, RAW_ROW_GROUP_LINES, type RawColumns, type RawRecord } from './raw-table';
import { WorkbenchError } from '../core/index';
import { copyGroup } from './parquet-copy';
import { PARQUET_COMPRESSORS } from './parquet-compress';

type ColumnType = 'STRING' | 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP';
/** Values as a plain array (nullable, strings), or a typed array that hyparquet-writer reads as it is. */
interface Column { name: string; type: ColumnType; data: unknown[] | Int32Array | Float64Array; statistics?: boolean }

const CREATED_BY = 'purchase-trend-workbench';

const columnData = (columns: Column[]) => columns.map((c) => ({
  name: c.name,
  type: c.type,
  statistics: c.statistics ?? true,
  data: c.type === 'INT64' && Array.isArray(c.data) ? c.data.map((v) => (v === null ? null : BigInt(v as number))) : c.data,
}));

function encode(columns: Column[]): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData: columnData(columns), createdBy: CREATED_BY, compressors: PARQUET_COMPRESSORS } as Parameters<typeof parquetWriteBuffer>[0]));
}

/** Builds columns from rows with one accessor per column. */
function columnsOf<R>(rows: readonly R[], spec: Array<[string, ColumnType, (row: R) => unknown]>): Column[] {
  return spec.map(([name, type, get]) => ({ name, type, data: rows.map(get) }));
}

const windowColumns = (c: ClosedWindow): Array<[string, ColumnType, (row: unknown) => unknown]> => [
  ['window_start', 'TIMESTAMP', () => c.window.start],
  ['window_end', 'TIMESTAMP', () => c.window.end],
];

/**
 * One file of one window or of several (a flush writes its windows of an hour together):
 * each window's rows one after the other, under the same columns.
 */
type Windows = ClosedWindow | readonly ClosedWindow[];
function encodeWindows(windows: Windows, columnsOf: (c: ClosedWindow) => Column[]): Uint8Array {
  const list: readonly ClosedWindow[] = 'window' in windows ? [windows] : windows;
  if (list.length === 0) throw new WorkbenchError('MISSING_INPUT', 'no window to encode: a window file holds at least one window');
  const parts = list.map(columnsOf);
  return encode(parts[0]!.map((column, i) => ({ ...column, data: parts.length === 1 ? column.data : parts.flatMap((p) => p[i]!.data as unknown[]) })));
}

const windowList = (windows: Windows): readonly ClosedWindow[] => ('window' in windows ? [windows] : windows);

const allocateProductColumns = (rows: number) => ({
  window_start: new Float64Array(rows), window_end: new Float64Array(rows), product_id: new Int32Array(rows), product_name: new Array<string>(rows),
  aisle_id: new Int32Array(rows), department_id: new Int32Array(rows), department: new Array<string>(rows), transaction_count: new Int32Array(rows),
  total_quantity: new Int32Array(rows), total_revenue: new Float64Array(rows), avg_price: new Float64Array(rows), reorder_count: new Int32Array(rows),
  unique_customers: new Int32Array(rows), latest_purchase: new Float64Array(rows),
  // Nullable: only the window's top products have a rank.
  rank_by_revenue: new Array<number | null>(rows).fill(null), rank_by_units: new Array<number | null>(rows).fill(null),
});
type ProductColumns = ReturnType<typeof allocateProductColumns>;

/**
 * by_product's schema, in column order, and whether a column carries statistics: only the times
 * and ids a query prunes on, as in raw (raw-table.ts). On the other ten they took a third of the
 * encoding's heap allocation (hyparquet-writer boxes every value it compares).
 */
const PRODUCT_COLUMNS: ReadonlyArray<readonly [keyof ProductColumns, ColumnType, boolean]> = [
  ['window_start', 'TIMESTAMP', true], ['window_end', 'TIMESTAMP', true], ['product_id', 'INT32', true], ['product_name', 'STRING', false],
  ['aisle_id', 'INT32', true], ['department_id', 'INT32', true], ['department', 'STRING', false], ['transaction_count', 'INT32', false],
  ['total_quantity', 'INT32', false], ['total_revenue', 'DOUBLE', false], ['avg_price', 'DOUBLE', false], ['reorder_count', 'INT32', false],
  ['unique_customers', 'INT32', false], ['latest_purchase', 'TIMESTAMP', true], ['rank_by_revenue', 'INT32', false], ['rank_by_units', 'INT32', false],
];

/** Index of the first of the ascending `ids` that is ≥ id. */
function lowerBound(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * by_product, the one table with a row per product sold (~20-45k a window at 500 orders/s): every
 * window's rows filled in one pass into typed columns, products in id order. Building a row per
 * product, then columns of them, then joining the windows' columns allocated ~150 MB of heap for
 * two such windows (a 1.3 MB file); in the soak that garbage made the heap's high points.
 */
export function encodeProducts(windows: Windows): Uint8Array {
  const list = windowList(windows);
  if (list.length === 0) throw new WorkbenchError('MISSING_INPUT', 'no window to encode: a window file holds at least one window');
  let rows = 0;
  for (const c of list) rows += c.window.products.size;
  const col = allocateProductColumns(rows);
  let k = 0;
  for (const c of list) {
    const { start, end, products } = c.window;
    const first = k;
    for (const id of Int32Array.from(products.keys()).sort()) {
      const p = products.get(id)!;
      col.window_start[k] = start;
      col.window_end[k] = end;
      col.product_id[k] = id;
      col.product_name[k] = p.name;
      col.aisle_id[k] = p.aisleId;
      col.department_id[k] = p.departmentId;
      col.department[k] = p.department;
      col.transaction_count[k] = p.orders;
      col.total_quantity[k] = p.quantity;
      col.total_revenue[k] = p.revenue;
      col.avg_price[k] = p.quantity ? p.revenue / p.quantity : 0;
      col.reorder_count[k] = p.reorders;
      col.unique_customers[k] = p.customers.estimate();
      col.latest_purchase[k] = p.latest;
      k += 1;
    }
    // A window's rows are in id order: a ranked product's row is found by binary search.
    const ids = col.product_id.subarray(first, k);
    const rank = (into: Array<number | null>, ranked: ClosedWindow['topByRevenue']): void => {
      for (const { productId, rank: r } of ranked) {
        const at = lowerBound(ids, productId);
        if (ids[at] === productId) into[first + at] = r;
      }
    };
    rank(col.rank_by_revenue, c.topByRevenue);
    rank(col.rank_by_units, c.topByUnits);
  }
  return encode(PRODUCT_COLUMNS.map(([name, type, statistics]) => ({ name, type, data: col[name], statistics })));
}
export const encodeDepartments = (windows: Windows): Uint8Array => encodeWindows(windows, departmentColumns);
export const encodeDepartmentHours = (windows: Windows): Uint8Array => encodeWindows(windows, departmentHourColumns);
export const encodeHours = (windows: Windows): Uint8Array => encodeWindows(windows, hourColumns);

function departmentColumns(c: ClosedWindow): Column[] {
  const rows = [...c.window.departments].sort(([a], [b]) => a - b);
  type Row = (typeof rows)[number];
  return columnsOf<Row>(rows, [
    ...(windowColumns(c) as Array<[string, ColumnType, (row: Row) => unknown]>),
    ['department_id', 'INT32', ([id]) => id],
    ['department', 'STRING', ([, d]) => d.name],
    ['transaction_count', 'INT32', ([, d]) => d.orders],
    ['line_count', 'INT32', ([, d]) => d.lines],
    ['total_quantity', 'INT32', ([, d]) => d.quantity],
    ['total_revenue', 'DOUBLE', ([, d]) => d.revenue],
    ['avg_order_value', 'DOUBLE', ([, d]) => (d.orders ? d.revenue / d.orders : 0)],
    ['unique_users', 'INT32', ([, d]) => d.users.estimate()],
    ['unique_products', 'INT32', ([, d]) => d.products.estimate()],
    ['revenue_share', 'DOUBLE', ([, d]) => (c.window.revenue ? d.revenue / c.window.revenue : 0)],
  ]);
}

function departmentHourColumns(c: ClosedWindow): Column[] {
  const rows = [...c.window.departments].sort(([a], [b]) => a - b)
    .flatMap(([id, d]) => [...d.hours].sort(([a], [b]) => a - b).map(([hour, h]) => ({ id, name: d.name, hour, h })));
  type Row = (typeof rows)[number];
  return columnsOf<Row>(rows, [
    ...(windowColumns(c) as Array<[string, ColumnType, (row: Row) => unknown]>),
    ['department_id', 'INT32', (r) => r.id],
    ['department', 'STRING', (r) => r.name],
    ['order_hour_of_day', 'INT32', (r) => r.hour],
    ['transaction_count', 'INT32', (r) => r.h.orders],
    ['line_count', 'INT32', (r) => r.h.lines],
    ['total_revenue', 'DOUBLE', (r) => r.h.revenue],
  ]);
}

function hourColumns(c: ClosedWindow): Column[] {
  const rows = [...c.window.hours].sort(([a], [b]) => a - b);
  type Row = (typeof rows)[number];
  return columnsOf<Row>(rows, [
    ...(windowColumns(c) as Array<[string, ColumnType, (row: Row) => unknown]>),
    ['order_hour_of_day', 'INT32', ([h]) => h],
    ['transaction_count', 'INT32', ([, h]) => h.orders],
    ['line_count', 'INT32', ([, h]) => h.lines],
    ['total_revenue', 'DOUBLE', ([, h]) => h.revenue],
    ['avg_transaction_value', 'DOUBLE', ([, h]) => (h.orders ? h.revenue / h.orders : 0)],
    ['active_users', 'INT32', ([, h]) => h.users.estimate()],
    ['active_products', 'INT32', ([, h]) => h.products.estimate()],
  ]);
}

/**
 * by_pair: each pair held in the window's pair counts, once (product_id < partner_id), with the
 * window's figures for it. pair_orders is a lower bound, at most error_bound below the truth
 * (domain/pairs.ts). Over a range, sum pair_orders here and take orders from by_hour and
 * by_product: the ratio columns are the window's own.
 */
export const encodePairs = (windows: Windows): Uint8Array => encodeWindows(windows, pairColumns);

function pairColumns(c: ClosedWindow): Column[] {
  const w = c.window;
  const rows = w.pairs.entries().sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  type Row = (typeof rows)[number];
  const ordersWith = (id: number): number => w.products.get(id)?.orders ?? 0;
  return columnsOf<Row>(rows, [
    ...(windowColumns(c) as Array<[string, ColumnType, (row: Row) => unknown]>),
    ['product_id', 'INT32', ([a]) => a],
    ['product_name', 'STRING', ([a]) => w.products.get(a)?.name ?? ''],
    ['partner_id', 'INT32', ([, b]) => b],
    ['partner_name', 'STRING', ([, b]) => w.products.get(b)?.name ?? ''],
    ['pair_orders', 'INT32', ([, , n]) => n],
    ['product_orders', 'INT32', ([a]) => ordersWith(a)],
    ['partner_orders', 'INT32', ([, b]) => ordersWith(b)],
    ['window_orders', 'INT32', () => w.orders],
    ['support', 'DOUBLE', ([, , n]) => (w.orders ? n / w.orders : 0)],
    ['confidence', 'DOUBLE', ([a, , n]) => (ordersWith(a) ? n / ordersWith(a) : 0)],
    ['partner_confidence', 'DOUBLE', ([, b, n]) => (ordersWith(b) ? n / ordersWith(b) : 0)],
    ['lift', 'DOUBLE', ([a, b, n]) => (ordersWith(a) && ordersWith(b) ? (n * w.orders) / (ordersWith(a) * ordersWith(b)) : 0)],
    ['error_bound', 'INT32', () => w.pairs.errorBound],
    ['pair_capacity', 'INT32', () => w.pairs.capacity],
  ]);
}

/** Reads a Parquet file's rows as objects (INT64 as bigint, TIMESTAMP as Date). */
export async function readParquetRows(bytes: Uint8Array, where: string): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return (await parquetReadObjects({ file })) as Record<string, unknown>[];
  } catch (error) {
    throw new WorkbenchError('BAD_PARQUET', `${where} is not a readable Parquet file: ${(error as Error).message}`, { where, cause: error });
  }
}

// Re-encoding of existing files, for compaction: values are copied column by column under the
// schema they were read with, so every column keeps its physical and logical type (TIMESTAMP,
// INT64, BOOLEAN, nullable DOUBLE …) whatever the values look like, one row group at a time.
// Columns, not row objects: building an object per row made reading ~2× slower.

export type ParquetSchema = SchemaElement[];

/** One row group: a values array per column, in schema order (INT64 as bigint, TIMESTAMP as Date). */
export interface ParquetColumns {
  names: string[];
  columns: unknown[][];
  rows: number;
  /** Whether the file carries min/max statistics for each column (a merged file keeps them where its inputs had them). */
  statistics?: boolean[];
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** A file's bytes for hyparquet, each read copying only the range it asks for (a column chunk, the footer). */
const fileOf = (bytes: Uint8Array): AsyncBuffer => ({
  byteLength: bytes.byteLength,
  slice: (start, end = bytes.byteLength) => toArrayBuffer(bytes.subarray(start, end)),
});

/** What must match for two files to be merged: each column's name, types and nullability. */
export const parquetSchemaKey = (schema: ParquetSchema): string =>
  JSON.stringify(schema.slice(1).map((e) => [e.name, e.type, e.repetition_type, e.converted_type, e.logical_type, e.type_length]));

/**
 * Calls onGroup with each row group's columns and the file's schema; returns the schema. Flat
 * schemas only. The file: its bytes, or read by range (a file in the store, storeFile). A row
 * group for which `taken` says true is the caller's, and is not decoded.
 */
export async function readParquetColumns(
  bytes: Uint8Array | AsyncBuffer,
  where: string,
  onGroup: (group: ParquetColumns, schema: ParquetSchema) => void | Promise<void>,
  taken?: (group: RowGroup, index: number, schema: ParquetSchema) => boolean | Promise<boolean>,
): Promise<ParquetSchema> {
  const file = bytes instanceof Uint8Array ? fileOf(bytes) : bytes;
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new WorkbenchError('BAD_PARQUET', `${where} is not a readable Parquet file: ${(error as Error).message}`, { where, cause: error });
  }
  const names = metadata.schema.slice(1).map((e) => e.name);
  let rowStart = 0;
  for (const [at, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows);
    if (await taken?.(group, at, metadata.schema)) {
      rowStart += rows;
      continue;
    }
    const columns = names.map(() => new Array<unknown>(rows));
    const index = new Map(names.map((name, i) => [name, columns[i]!]));
    await parquetRead({
      file, metadata, rowStart, rowEnd: rowStart + rows,
      onChunk: ({ columnName, columnData, rowStart: from }) => {
        const target = index.get(columnName)!;
        for (let i = 0; i < columnData.length; i++) {
          const at = from - rowStart + i;
          if (at >= 0 && at < rows) target[at] = columnData[i];
        }
      },
    });
    const statistics = group.columns.map((chunk) => chunk.meta_data?.statistics !== undefined);
    await onGroup({ names, columns, rows, statistics }, metadata.schema);
    rowStart += rows;
  }
  return metadata.schema;
}

export interface ParquetAppender {
  append(group: ParquetColumns): void;
  /**
   * Takes a row group of another file (its whole bytes) as it is, without decoding it; returns its
   * index in this file. The group must be copyable (parquet-copy.ts) and the file have this schema.
   */
  copy(file: Uint8Array, group: RowGroup): number;
  /** The bytes made since the last call (whole chunks of encoded rows, and copied row groups): the file so far can be written out as it grows. */
  drain(): Uint8Array[];
  /** Writes the last row group and the footer, and returns the bytes not drained yet; the appender is spent afterwards. */
  finish(): Uint8Array[];
  readonly rows: number;
}

/**
 * A ByteWriter that keeps what it has written as a list of chunks, handed out as they fill
 * (takeChunks) to be written to the store and let go, never joined. hyparquet-writer's own
 * doubles one buffer as it fills, copying it each time, and its getBuffer() copies it again: a
 * merged raw file of ~80 MB (one partition's hour at 500 orders/s) held up to 4× that at once.
 */
class ChunkedWriter extends ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  /** Where the bytes of the buffer not handed to chunks yet begin. */
  private start = 0;

  constructor(private readonly chunkBytes = 4 << 20) {
    super(chunkBytes);
  }

  override ensure(size: number): void {
    if (this.index + size <= this.buffer.byteLength) return;
    // The filled part of this chunk is done; hyparquet-writer's file writer moves on the same way (index back to 0, offset going on).
    this.cut();
    this.buffer = new ArrayBuffer(Math.max(this.chunkBytes, size));
    this.view = new DataView(this.buffer);
    this.index = 0;
    this.start = 0;
  }

  private cut(): void {
    if (this.index > this.start) this.chunks.push(new Uint8Array(this.buffer, this.start, this.index - this.start));
    this.start = this.index;
  }

  /** Bytes that are written as they are, not copied: a row group taken whole from another file. */
  appendView(bytes: Uint8Array): void {
    this.cut();
    this.chunks.push(bytes);
    this.offset += bytes.byteLength;
  }

  /** The chunks filled since the last call, to be written out and let go; `all` adds the one being filled (the file is finished). */
  takeChunks(all = false): Uint8Array[] {
    if (all) this.cut();
    const taken = [...this.chunks];
    this.chunks.length = 0;
    return taken;
  }

  // The whole file is never in one buffer here: what asks for it would get only the last chunk.
  override getBuffer(): ArrayBuffer {
    throw new Error('a chunked Parquet writer has no single buffer: use takeChunks()');
  }

  override getBytes(): Uint8Array<ArrayBuffer> {
    throw new Error('a chunked Parquet writer has no single buffer: use takeChunks()');
  }
}

/**
 * Rows per row group of a merged file. Compaction holds a row group's values as JS arrays before
 * encoding them (~23 columns of boxed values for raw); 100,000 rows made that, and the encoding's
 * garbage, the largest thing in a running pipeline's heap. 10,000 rather than 25,000 keeps each
 * column's array (8 bytes a value) under V8's ~128 KB large-object size (likely why it helps): a
 * 1M-line merge peaked at 47-53 MB of heap instead of 56-67 and ran at 41-47k lines/s instead of
 * 33-37k, for files 4% larger (`npm run bench -- compaction 100000 fs 250 <rows>`, session 13).
 * Live raw files have 5,000-line row groups.
 */
export const MERGED_ROW_GROUP_ROWS = 10_000;

/**
 * One Parquet file built from row groups of other files, in row groups of rowGroupRows rows (the
 * last may be smaller; chunkBytes: for tests). A column carries statistics when it did in the
 * first group appended: computing them boxes every value, and the live files keep them only
 * where a reader prunes.
 */
export function createParquetAppender(schema: ParquetSchema, rowGroupRows = MERGED_ROW_GROUP_ROWS, chunkBytes?: number): ParquetAppender {
  const bytes = new ChunkedWriter(chunkBytes);
  const writer = new ParquetWriter({ writer: bytes, schema, createdBy: CREATED_BY, compressors: PARQUET_COMPRESSORS });
  const names = schema.slice(1).map((e) => e.name);
  // Filled by index, never grown: growing arrays by push copied each one several times.
  const empty = (): unknown[][] => names.map(() => new Array<unknown>(rowGroupRows));
  let pending = empty();
  let pendingRows = 0;
  let rows = 0;
  let statistics: boolean[] | undefined;
  const flush = (): void => {
    if (pendingRows === 0) return;
    const data = pendingRows === rowGroupRows ? pending : pending.map((column) => column.slice(0, pendingRows));
    void writer.write({ columnData: names.map((name, i) => ({ name, data: data[i]!, statistics: statistics?.[i] ?? true })), rowGroupSize: pendingRows });
    pending = empty();
    pendingRows = 0;
  };
  return {
    append(group) {
      const at = names.map((name) => group.names.indexOf(name));
      statistics ??= at.map((i) => group.statistics?.[i] ?? true);
      for (let r = 0; r < group.rows;) {
        const take = Math.min(group.rows - r, rowGroupRows - pendingRows);
        at.forEach((from, c) => {
          const source = group.columns[from]!;
          const target = pending[c]!;
          for (let k = 0; k < take; k++) target[pendingRows + k] = source[r + k] ?? null;
        });
        pendingRows += take;
        rows += take;
        r += take;
        if (pendingRows === rowGroupRows) flush();
      }
    },
    copy(file, group) {
      const copied = copyGroup(file, group, bytes.offset);
      bytes.appendView(copied.bytes);
      writer.row_groups.push(copied.group);
      writer.num_rows += copied.group.num_rows;
      copied.group.columns.forEach((chunk, i) => writer.pendingIndexes.push({ chunk, offsetIndex: copied.offsetIndexes[i] }));
      rows += Number(group.num_rows);
      return writer.row_groups.length - 1;
    },
    drain: () => bytes.takeChunks(),
    finish() {
      flush();
      void writer.finish();
      return bytes.takeChunks(true);
    },
    get rows() {
      return rows;
    },
  };
}
