// Typed rows of Instacart's five files, or a precise reason (column, value, what was expected).
// Integers may be zero-padded ("09") or written as floats ("9.0"); an empty, NA or NaN
// days_since_prior_order means "first order". The byte readers at the end are the fast path
// for the two big files; they accept only rows these parsers accept, and defer the rest.

export const ORDER_COLUMNS = ['order_id', 'user_id', 'eval_set', 'order_number', 'order_dow', 'order_hour_of_day', 'days_since_prior_order'] as const;
export const ORDER_LINE_COLUMNS = ['order_id', 'product_id', 'add_to_cart_order', 'reordered'] as const;
export const PRODUCT_COLUMNS = ['product_id', 'product_name', 'aisle_id', 'department_id'] as const;
export const AISLE_COLUMNS = ['aisle_id', 'aisle'] as const;
export const DEPARTMENT_COLUMNS = ['department_id', 'department'] as const;

export type EvalSet = 'prior' | 'train' | 'test';
export const EVAL_SETS: readonly EvalSet[] = ['prior', 'train', 'test'];

export interface OrderRow {
  order_id: number;
  user_id: number;
  eval_set: EvalSet;
  order_number: number;
  order_dow: number;
  order_hour_of_day: number;
  days_since_prior_order: number | null;
}
export interface OrderLineRow { order_id: number; product_id: number; add_to_cart_order: number; reordered: 0 | 1 }
export interface ProductRow { product_id: number; product_name: string; aisle_id: number; department_id: number }
export interface AisleRow { aisle_id: number; aisle: string }
export interface DepartmentRow { department_id: number; department: string }

export type RowResult<T> = { ok: true; row: T } | { ok: false; reason: string };

/** Ids are kept in Int32Arrays. */
export const MAX_ID = 2_147_483_647;
/** days_since_prior_order above this is not a day count (Instacart caps it at 30). */
export const MAX_PRIOR_DAYS = 365;

const INTEGER = /^\d+(?:\.0*)?$/;
const DECIMAL = /^\d+(?:\.\d*)?$/;
const NULLS = new Set(['', 'na', 'nan', 'null']);
const POSITIVE = 'a positive integer';

class RowProblem {
  constructor(readonly reason: string) {}
}

const show = (text: string | undefined): string => (text === undefined ? 'nothing' : JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text));

function readRow<T>(fields: readonly string[], columns: readonly string[], build: (int: (i: number, min: number, max: number, expected: string) => number) => T): RowResult<T> {
  if (fields.length !== columns.length) {
    return { ok: false, reason: `expected ${columns.length} columns (${columns.join(',')}), got ${fields.length}` };
  }
  const int = (i: number, min: number, max: number, expected: string): number => {
    const text = (fields[i] as string).trim();
    const value = INTEGER.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) throw new RowProblem(`${columns[i]}: expected ${expected}, got ${show(fields[i])}`);
    return value;
  };
  try {
    return { ok: true, row: build(int) };
  } catch (error) {
    if (error instanceof RowProblem) return { ok: false, reason: error.reason };
    throw error;
  }
}

function name(fields: readonly string[], columns: readonly string[], i: number): string {
  const text = fields[i] as string;
  if (text.trim().length === 0) throw new RowProblem(`${columns[i]}: expected a name, got ${show(text)}`);
  return text;
}

function priorDays(text: string, orderNumber: number): number | null {
  const trimmed = text.trim();
  if (NULLS.has(trimmed.toLowerCase())) {
    if (orderNumber > 1) {
      throw new RowProblem(`days_since_prior_order: empty, but only a user's first order may leave it empty and this is order_number ${orderNumber}`);
    }
    return null;
  }
  const value = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(value <= MAX_PRIOR_DAYS)) throw new RowProblem(`days_since_prior_order: expected days in [0, ${MAX_PRIOR_DAYS}] like "7.0", or empty, got ${show(text)}`);
  return value;
}

export const parseOrderRow = (fields: readonly string[]): RowResult<OrderRow> =>
  readRow(fields, ORDER_COLUMNS, (int) => {
    const order_id = int(0, 1, MAX_ID, POSITIVE);
    const user_id = int(1, 1, MAX_ID, POSITIVE);
    const evalSet = (fields[2] as string).trim() as EvalSet;
    if (!EVAL_SETS.includes(evalSet)) throw new RowProblem(`eval_set: expected prior, train or test, got ${show(fields[2])}`);
    const order_number = int(3, 1, MAX_ID, POSITIVE);
    const order_dow = int(4, 0, 6, 'a day of week 0-6 (0 = Sunday)');
    const order_hour_of_day = int(5, 0, 23, 'an hour 0-23');
    const days_since_prior_order = priorDays(fields[6] as string, order_number);
    return { order_id, user_id, eval_set: evalSet, order_number, order_dow, order_hour_of_day, days_since_prior_order };
  });

export const parseOrderLineRow = (fields: readonly string[]): RowResult<OrderLineRow> =>
  readRow(fields, ORDER_LINE_COLUMNS, (int) => ({
    order_id: int(0, 1, MAX_ID, POSITIVE),
    product_id: int(1, 1, MAX_ID, POSITIVE),
    add_to_cart_order: int(2, 1, MAX_ID, POSITIVE),
    reordered: int(3, 0, 1, '0 or 1') as 0 | 1,
  }));

export const parseProductRow = (fields: readonly string[]): RowResult<ProductRow> =>
  readRow(fields, PRODUCT_COLUMNS, (int) => ({
    product_id: int(0, 1, MAX_ID, POSITIVE),
    product_name: name(fields, PRODUCT_COLUMNS, 1),
    aisle_id: int(2, 1, MAX_ID, POSITIVE),
    department_id: int(3, 1, MAX_ID, POSITIVE),
  }));

export const parseAisleRow = (fields: readonly string[]): RowResult<AisleRow> =>
  readRow(fields, AISLE_COLUMNS, (int) => ({ aisle_id: int(0, 1, MAX_ID, POSITIVE), aisle: name(fields, AISLE_COLUMNS, 1) }));

export const parseDepartmentRow = (fields: readonly string[]): RowResult<DepartmentRow> =>
  readRow(fields, DEPARTMENT_COLUMNS, (int) => ({ department_id: int(0, 1, MAX_ID, POSITIVE), department: name(fields, DEPARTMENT_COLUMNS, 1) }));

// ---- Fast path: numeric fields straight from bytes ----

const QUOTE = 34;
const COMMA = 44;
const DOT = 46;
const ZERO = 48;
const EMPTY = -1;

/**
 * Reads `count` unsigned integer fields from byte i into out[at...]: digits, maybe zero-padded
 * or with a ".0" tail, maybe quoted; EMPTY for an empty field. Returns the index after the last
 * field's comma (end + 1 after the record's last field), or -1 for anything else.
 */
function readUints(b: Uint8Array, i: number, end: number, out: Float64Array, at: number, count: number): number {
  for (let k = 0; k < count; k++) {
    if (i > end) return -1;
    const quoted = i < end && b[i] === QUOTE;
    if (quoted) i++;
    const first = i;
    let value = 0;
    for (; i < end; i++) {
      const d = (b[i] as number) - ZERO;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    const digits = i - first;
    if (digits > 0 && i < end && b[i] === DOT) {
      i++;
      while (i < end && b[i] === ZERO) i++;
    }
    if (quoted) {
      if (i >= end || b[i] !== QUOTE) return -1;
      i++;
    }
    if (i < end && b[i] !== COMMA) return -1;
    i++;
    if (digits > 10 || value > MAX_ID) return -1;
    out[at + k] = digits === 0 ? EMPTY : value;
  }
  return i;
}

const EVAL_BYTES = EVAL_SETS.map((set) => Array.from(set, (c) => c.charCodeAt(0)));

/** eval_set at byte i, as its index in EVAL_SETS, into out[2]. Returns the index after its comma, or -1. */
function readEvalSet(b: Uint8Array, i: number, end: number, out: Float64Array): number {
  const quoted = i < end && b[i] === QUOTE;
  if (quoted) i++;
  for (let code = 0; code < EVAL_BYTES.length; code++) {
    const word = EVAL_BYTES[code] as number[];
    let k = 0;
    while (k < word.length && i + k < end && b[i + k] === word[k]) k++;
    if (k < word.length) continue;
    let j = i + k;
    if (quoted) {
      if (j >= end || b[j] !== QUOTE) return -1;
      j++;
    }
    if (j >= end || b[j] !== COMMA) return -1;
    out[2] = code;
    return j + 1;
  }
  return -1;
}

/**
 * An orders.csv row into out = [order_id, user_id, eval_set index, order_number, order_dow,
 * order_hour_of_day, days_since_prior_order or NaN]. False when parseOrderRow must decide.
 */
export function readOrderBytes(b: Uint8Array, start: number, end: number, out: Float64Array): boolean {
  let i = readUints(b, start, end, out, 0, 2);
  if (i < 0 || i > end) return false;
  i = readEvalSet(b, i, end, out);
  if (i < 0) return false;
  if (readUints(b, i, end, out, 3, 4) !== end + 1) return false;
  const orderId = out[0] as number;
  const userId = out[1] as number;
  const orderNumber = out[3] as number;
  const dow = out[4] as number;
  const hour = out[5] as number;
  const days = out[6] as number;
  if (orderId < 1 || userId < 1 || orderNumber < 1 || dow < 0 || dow > 6 || hour < 0 || hour > 23 || days > MAX_PRIOR_DAYS) return false;
  if (days === EMPTY) {
    if (orderNumber > 1) return false;
    out[6] = Number.NaN;
  }
  return true;
}

/** The common case of readUints, ~1.5× faster: unquoted digits only, no empty fields. */
function readPlainUints(b: Uint8Array, start: number, end: number, out: Float64Array, count: number): boolean {
  let k = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = b[i] as number;
    if (c === COMMA) {
      if (digits === 0 || digits > 10 || k === count - 1) return false;
      out[k++] = value;
      value = 0;
      digits = 0;
      continue;
    }
    const d = c - ZERO;
    if (d < 0 || d > 9) return false;
    value = value * 10 + d;
    digits++;
  }
  if (k !== count - 1 || digits === 0 || digits > 10) return false;
  out[k] = value;
  return true;
}

/** An order-lines row into out = [order_id, product_id, add_to_cart_order, reordered]. False when parseOrderLineRow must decide. */
export function readOrderLineBytes(b: Uint8Array, start: number, end: number, out: Float64Array): boolean {
  if (!readPlainUints(b, start, end, out, 4) && readUints(b, start, end, out, 0, 4) !== end + 1) return false;
  const reordered = out[3] as number;
  return (out[0] as number) >= 1 && (out[1] as number) >= 1 && (out[2] as number) >= 1 && (reordered === 0 || reordered === 1) &&
    (out[0] as number) <= MAX_ID && (out[1] as number) <= MAX_ID && (out[2] as number) <= MAX_ID;
}
