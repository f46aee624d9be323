// The one input of the report model: aggregated rows per window, as the by_product,
// by_department and by_hour tables hold them. Live closed windows and the Parquet history
// are both turned into these rows, so the two paths share every line of the model.
import type { ProductAgg, WindowAgg } from '../domain/index';
import type { RetainedWindow, ClosedWindow } from '../stream/index';

/** A product in a window, as by_product holds it (orders: orders containing it). */
export interface ProductWindowRow extends Pick<ProductAgg, 'departmentId' | 'department' | 'orders' | 'quantity' | 'revenue' | 'reorders'> {
  windowStart: number;
  windowEnd: number;
  productId: number;
  productName: string;
  /** Absent in a history written before by_product kept it. */
  aisleId?: number;
}

export interface DepartmentWindowRow {
  windowStart: number;
  windowEnd: number;
  departmentId: number;
  department: string;
  /** Orders containing the department. */
  orders: number;
  lines: number;
  quantity: number;
  revenue: number;
}

export interface HourWindowRow {
  windowStart: number;
  windowEnd: number;
  hourOfDay: number;
  orders: number;
  lines: number;
  revenue: number;
}

/** A department's part of an hour of day in a window; orders are orders containing the department. */
export interface DepartmentHourWindowRow extends HourWindowRow {
  departmentId: number;
}

/** A pair of products bought in the same orders of a window (by_pair); productId < partnerId. */
export interface PairWindowRow {
  windowStart: number;
  windowEnd: number;
  productId: number;
  partnerId: number;
  /** Orders holding both: a lower bound, at most errorBound below the truth. */
  pairOrders: number;
  /** The window's error bound (domain/pairs.ts), the same on each of its rows. */
  errorBound: number;
}

export interface AggregatedRows {
  products: ProductWindowRow[];
  departments: DepartmentWindowRow[];
  hours: HourWindowRow[];
  /** Absent or empty: a history written before departments kept their hours of day. */
  departmentHours?: DepartmentHourWindowRow[];
  /** Absent or empty: no pair counts (a history written before by_pair, or none kept). */
  pairs?: PairWindowRow[];
}

export const emptyRows = (): AggregatedRows => ({ products: [], departments: [], hours: [], departmentHours: [], pairs: [] });

// Rows are built field by field: an object spread per row costs ten times as much, and a
// day of one-minute windows holds millions of product rows.
export const rowsFromClosedWindows = (closed: readonly ClosedWindow[]): AggregatedRows => rowsFromWindows(closed.map((c) => c.window));

/** Rows of windows as the live view retains them (a WindowAgg is one too). */
export function rowsFromWindows(windows: readonly RetainedWindow[]): AggregatedRows {
  const rows = emptyRows();
  for (const w of windows) {
    const windowStart = w.start;
    const windowEnd = w.end;
    for (const [productId, p] of w.products) {
      rows.products.push({
        windowStart, windowEnd, productId, productName: p.name, aisleId: p.aisleId, departmentId: p.departmentId, department: p.department,
        orders: p.orders, quantity: p.quantity, revenue: p.revenue, reorders: p.reorders,
      });
    }
    for (const [departmentId, d] of w.departments) {
      rows.departments.push({ windowStart, windowEnd, departmentId, department: d.name, orders: d.orders, lines: d.lines, quantity: d.quantity, revenue: d.revenue });
      for (const [hourOfDay, h] of d.hours) {
        rows.departmentHours!.push({ windowStart, windowEnd, departmentId, hourOfDay, orders: h.orders, lines: h.lines, revenue: h.revenue });
      }
    }
    for (const [hourOfDay, h] of w.hours) {
      rows.hours.push({ windowStart, windowEnd, hourOfDay, orders: h.orders, lines: h.lines, revenue: h.revenue });
    }
    // A closed window (WindowAgg) has its pair counts; the live view hands reports its windows without
    // them (the live report takes the range's pairs from view.baskets, stream/live-baskets.ts).
    const { pairs } = w as Partial<WindowAgg>;
    if (pairs) for (const [productId, partnerId, pairOrders] of pairs.entries()) rows.pairs!.push({ windowStart, windowEnd, productId, partnerId, pairOrders, errorBound: pairs.errorBound });
  }
  return rows;
}

// Parquet hands back TIMESTAMP as Date, INT64 as bigint and INT32/DOUBLE as number.
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : Number(v ?? 0));
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** by_product records (column names as the writer in store/tables names them). */
export const productRowsFromRecords = (records: readonly Record<string, unknown>[]): ProductWindowRow[] =>
  records.map((r) => ({
    windowStart: num(r.window_start), windowEnd: num(r.window_end), productId: num(r.product_id), productName: str(r.product_name),
    ...(r.aisle_id === undefined || r.aisle_id === null ? {} : { aisleId: num(r.aisle_id) }), departmentId: num(r.department_id), department: str(r.department), orders: num(r.transaction_count), quantity: num(r.total_quantity),
    revenue: num(r.total_revenue), reorders: num(r.reorder_count),
  }));

export const departmentRowsFromRecords = (records: readonly Record<string, unknown>[]): DepartmentWindowRow[] =>
  records.map((r) => ({
    windowStart: num(r.window_start), windowEnd: num(r.window_end), departmentId: num(r.department_id), department: str(r.department),
    orders: num(r.transaction_count), lines: num(r.line_count), quantity: num(r.total_quantity), revenue: num(r.total_revenue),
  }));

export const hourRowsFromRecords = (records: readonly Record<string, unknown>[]): HourWindowRow[] =>
  records.map((r) => ({
    windowStart: num(r.window_start), windowEnd: num(r.window_end), hourOfDay: num(r.order_hour_of_day), orders: num(r.transaction_count),
    lines: num(r.line_count), revenue: num(r.total_revenue),
  }));

/** by_department_hour records: by_hour's columns and the department's id. */
export const departmentHourRowsFromRecords = (records: readonly Record<string, unknown>[]): DepartmentHourWindowRow[] => {
  const hours = hourRowsFromRecords(records);
  return hours.map((h, i) => ({ ...h, departmentId: num(records[i]!.department_id) }));
};

/** by_pair records. */
export const pairRowsFromRecords = (records: readonly Record<string, unknown>[]): PairWindowRow[] =>
  records.map((r) => ({
    windowStart: num(r.window_start), windowEnd: num(r.window_end), productId: num(r.product_id), partnerId: num(r.partner_id),
    pairOrders: num(r.pair_orders), errorBound: num(r.error_bound),
  }));
