// The checkout event: one order with its lines, shaped like Instacart's data.
// Validation is strict and names every field that is wrong, so a bad message can be
// reported with its topic and offset and the rest of the stream goes on.

export interface OrderLine {
  product_id: number;
  product_name: string;
  aisle_id: number;
  aisle: string;
  department_id: number;
  department: string;
  quantity: number;
  unit_price: number;
  /** Fraction of the line price taken off, 0 ≤ discount < 1. */
  discount: number;
  reordered: boolean;
  add_to_cart_order: number;
}

export interface CheckoutEvent {
  event_id: string;
  /** Epoch milliseconds. */
  event_time: number;
  order_id: number;
  user_id: number;
  order_number: number;
  /** 0 = Sunday … 6 = Saturday, as in Instacart. */
  order_dow: number;
  order_hour_of_day: number;
  /** Empty on a user's first order; capped at 30 in Instacart. */
  days_since_prior_order: number | null;
  lines: OrderLine[];
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

type Check = (value: unknown) => string | undefined;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const intIn = (min: number, max: number): Check => (v) =>
  isInt(v) && v >= min && v <= max ? undefined : `expected an integer in [${min}, ${max}], got ${show(v)}`;
const positiveInt: Check = intIn(1, Number.MAX_SAFE_INTEGER);
const nonEmptyString: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : `expected a non-empty string, got ${show(v)}`);
const money: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : `expected a price ≥ 0, got ${show(v)}`;
const fraction: Check = (v) =>
  typeof v === 'number' && v >= 0 && v < 1 ? undefined : `expected a fraction in [0, 1), got ${show(v)}`;
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : `expected true or false, got ${show(v)}`);
const epochMs: Check = (v) =>
  isInt(v) && v > 0 ? undefined : `expected epoch milliseconds, got ${show(v)}`;
const priorDays: Check = (v) =>
  v === null || (typeof v === 'number' && v >= 0 && v <= 365) ? undefined : `expected null or days in [0, 365], got ${show(v)}`;

const ORDER_FIELDS: Record<keyof Omit<CheckoutEvent, 'lines'>, Check> = {
  event_id: nonEmptyString,
  event_time: epochMs,
  order_id: positiveInt,
  user_id: positiveInt,
  order_number: positiveInt,
  order_dow: intIn(0, 6),
  order_hour_of_day: intIn(0, 23),
  days_since_prior_order: priorDays,
};

const LINE_FIELDS: Record<keyof OrderLine, Check> = {
  product_id: positiveInt,
  product_name: nonEmptyString,
  aisle_id: positiveInt,
  aisle: nonEmptyString,
  department_id: positiveInt,
  department: nonEmptyString,
  quantity: positiveInt,
  unit_price: money,
  discount: fraction,
  reordered: bool,
  add_to_cart_order: positiveInt,
};

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

// Entries computed once: validation runs for every message on the hot path.
const ORDER_CHECKS = Object.entries(ORDER_FIELDS);
const LINE_CHECKS = Object.entries(LINE_FIELDS);

function checkFields(record: Record<string, unknown>, checks: Array<[string, Check]>, prefix: string, errors: string[]): void {
  for (let i = 0; i < checks.length; i++) {
    const [field, check] = checks[i] as [string, Check];
    const problem = check(record[field]);
    if (problem) errors.push(`${prefix}${field}: ${problem}`);
  }
}

/** Checks an untrusted value (a decoded message, a notebook cell's input) field by field. */
export function validateCheckout(value: unknown): Validation<CheckoutEvent> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [`expected an order object, got ${show(value)}`] };
  }
  const record = value as Record<string, unknown>;
  const errors: string[] = [];
  checkFields(record, ORDER_CHECKS, '', errors);
  const lines = record.lines;
  if (!Array.isArray(lines) || lines.length === 0) {
    errors.push(`lines: expected a non-empty list of order lines, got ${show(lines)}`);
  } else {
    lines.forEach((line, i) => {
      if (typeof line !== 'object' || line === null) errors.push(`lines[${i}]: expected an order line, got ${show(line)}`);
      else checkFields(line as Record<string, unknown>, LINE_CHECKS, `lines[${i}].`, errors);
    });
  }
  return errors.length === 0 ? { ok: true, value: record as unknown as CheckoutEvent } : { ok: false, errors };
}

/**
 * Money is summed in whole hundredths of a cent. Each sum is the nearest double to an exact
 * decimal, so merging partials in any order gives the same revenue to the last bit.
 */
/** Money is kept on a grid of 1/MONEY_SCALE dollars. */
export const MONEY_SCALE = 10_000;
export const roundMoney = (dollars: number): number => Math.round(dollars * MONEY_SCALE) / MONEY_SCALE;
export const addMoney = (a: number, b: number): number =>
  (Math.round(a * MONEY_SCALE) + Math.round(b * MONEY_SCALE)) / MONEY_SCALE;

/** What the customer paid for a line, after its discount. */
export const lineRevenue = (line: OrderLine): number => roundMoney(line.quantity * line.unit_price * (1 - line.discount));

export const orderRevenue = (event: CheckoutEvent): number =>
  event.lines.reduce((sum, line) => addMoney(sum, lineRevenue(line)), 0);

export const orderItems = (event: CheckoutEvent): number =>
  event.lines.reduce((sum, line) => sum + line.quantity, 0);
