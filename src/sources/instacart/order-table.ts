// Pass 1 of the replay: orders.csv into compact typed columns, one slot per row (27 bytes, so
// ~95 MB for Instacart's 3.4M orders, against gigabytes as objects), and a lookup from order_id
// to that slot.
import type { RejectRow } from './bad-rows';
import { decodeRecord, skipHeader, splitCsvRecord, type RecordSink } from './csv';
import { EVAL_SETS, ORDER_COLUMNS, parseOrderRow, readOrderBytes } from './rows';

/** evalSet value of a row dropped after it was read (a duplicate order or user order number). */
export const DROPPED = 255;

export interface OrderTable {
  readonly count: number;
  readonly orderId: Int32Array;
  readonly userId: Int32Array;
  readonly orderNumber: Int32Array;
  readonly dow: Uint8Array;
  readonly hour: Uint8Array;
  /** Index in EVAL_SETS, or DROPPED. */
  readonly evalSet: Uint8Array;
  /** days_since_prior_order; NaN when empty. */
  readonly days: Float64Array;
  /** Physical line in orders.csv, for messages. */
  readonly line: Uint32Array;
}

export interface OrderTableBuilder {
  /** Feed orders.csv's records here (a header is skipped). */
  readonly record: RecordSink;
  finish(): OrderTable;
}

function grow<T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(column: T, size: number): T {
  const bigger = new (column.constructor as new (n: number) => T)(size);
  bigger.set(column);
  return bigger;
}

export function createOrderTableBuilder(options: { reject: RejectRow; file?: string; capacity?: number }): OrderTableBuilder {
  const { reject, file = 'orders.csv' } = options;
  let capacity = Math.max(16, options.capacity ?? 1 << 16);
  let t = {
    count: 0,
    orderId: new Int32Array(capacity), userId: new Int32Array(capacity), orderNumber: new Int32Array(capacity),
    dow: new Uint8Array(capacity), hour: new Uint8Array(capacity), evalSet: new Uint8Array(capacity),
    days: new Float64Array(capacity), line: new Uint32Array(capacity),
  };
  const values = new Float64Array(7);

  const add = (line: number): void => {
    if (t.count === capacity) {
      capacity *= 2;
      t = {
        count: t.count,
        orderId: grow(t.orderId, capacity), userId: grow(t.userId, capacity), orderNumber: grow(t.orderNumber, capacity),
        dow: grow(t.dow, capacity), hour: grow(t.hour, capacity), evalSet: grow(t.evalSet, capacity),
        days: grow(t.days, capacity), line: grow(t.line, capacity),
      };
    }
    const i = t.count++;
    t.orderId[i] = values[0] as number;
    t.userId[i] = values[1] as number;
    t.evalSet[i] = values[2] as number;
    t.orderNumber[i] = values[3] as number;
    t.dow[i] = values[4] as number;
    t.hour[i] = values[5] as number;
    t.days[i] = values[6] as number;
    t.line[i] = line;
  };

  const record: RecordSink = (bytes, start, end, line) => {
    if (readOrderBytes(bytes, start, end, values)) return add(line);
    const raw = decodeRecord(bytes, start, end);
    const split = splitCsvRecord(raw);
    const parsed = split.ok ? parseOrderRow(split.fields) : split;
    if (!parsed.ok) return reject(`${file}:${line}`, parsed.reason, raw);
    const row = parsed.row;
    values.set([row.order_id, row.user_id, EVAL_SETS.indexOf(row.eval_set), row.order_number, row.order_dow, row.order_hour_of_day, row.days_since_prior_order ?? Number.NaN]);
    add(line);
  };

  return {
    record: skipHeader(file, ORDER_COLUMNS, record),
    finish: () => {
      const n = t.count;
      return {
        count: n, orderId: t.orderId.subarray(0, n), userId: t.userId.subarray(0, n), orderNumber: t.orderNumber.subarray(0, n),
        dow: t.dow.subarray(0, n), hour: t.hour.subarray(0, n), evalSet: t.evalSet.subarray(0, n),
        days: t.days.subarray(0, n), line: t.line.subarray(0, n),
      };
    },
  };
}

/** Dense ids get a flat table; sparse ones a Map. */
const FLAT_LIMIT = (count: number): number => 4 * count + 1_000_000;

/**
 * order_id → row slot, or -1. A repeated order_id is a bad row: the later row is rejected and
 * marked DROPPED.
 */
export function createOrderLookup(table: OrderTable, reject: RejectRow, file = 'orders.csv'): (orderId: number) => number {
  let maxId = 0;
  for (let i = 0; i < table.count; i++) maxId = Math.max(maxId, table.orderId[i] as number);
  const flat = maxId <= FLAT_LIMIT(table.count) ? new Int32Array(maxId + 1).fill(-1) : undefined;
  const map = flat ? undefined : new Map<number, number>();
  for (let i = 0; i < table.count; i++) {
    const id = table.orderId[i] as number;
    const seen = flat ? (flat[id] as number) : (map?.get(id) ?? -1);
    if (seen >= 0) {
      table.evalSet[i] = DROPPED;
      reject(`${file}:${table.line[i]}`, `order_id ${id} repeats the order at ${file}:${table.line[seen]}`, undefined, 'repeated order_id');
      continue;
    }
    if (flat) flat[id] = i;
    else map?.set(id, i);
  }
  if (flat) return (orderId) => (orderId <= maxId ? (flat[orderId] as number) : -1);
  return (orderId) => map?.get(orderId) ?? -1;
}
