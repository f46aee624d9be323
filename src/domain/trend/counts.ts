// What the trend detector reads from a closed window: orders per product, lines per
// department and the window's orders (the exposure). A stage-2 WindowAgg is converted with
// countsFromWindow; benchmarks and notebooks can count events straight into the same shape.
import type { WindowAgg, CheckoutEvent } from '../index';

export interface ProductCount {
  name: string;
  departmentId: number;
  /** Orders containing the product. */
  orders: number;
}

export interface DepartmentCount {
  name: string;
  /** Order lines of the department: the sum of its products' orders, so one product's share is exact. */
  lines: number;
}

export interface WindowCounts {
  start: number;
  end: number;
  orders: number;
  products: Map<number, ProductCount>;
  departments: Map<number, DepartmentCount>;
}

/** A stage-2 window, read for the detector; the maps are shared, not copied. */
export function countsFromWindow(w: WindowAgg): WindowCounts {
  return { start: w.start, end: w.end, orders: w.orders, products: w.products, departments: w.departments };
}

export const emptyCounts = (start: number, end: number): WindowCounts => ({
  start, end, orders: 0, products: new Map(), departments: new Map(),
});

/** Adds one order the way stage 1 does (each product once per order, lines per department). */
export function countOrder(counts: WindowCounts, event: CheckoutEvent): void {
  counts.orders += 1;
  for (const line of event.lines) {
    const product = counts.products.get(line.product_id);
    if (product) product.orders += 1;
    else counts.products.set(line.product_id, { name: line.product_name, departmentId: line.department_id, orders: 1 });
    const department = counts.departments.get(line.department_id);
    if (department) department.lines += 1;
    else counts.departments.set(line.department_id, { name: line.department, lines: 1 });
  }
}

/**
 * Cuts an event-time-ordered stream into tumbling windows of counts. Each window is handed
 * over once the stream has moved `closeAfterMs` (the allowed lateness) past its end.
 */
export function createWindowCounter(options: { sizeMs: number; closeAfterMs?: number; onClosed: (counts: WindowCounts) => void }) {
  const { sizeMs, closeAfterMs = 0, onClosed } = options;
  let current: WindowCounts | undefined;
  let pending: WindowCounts | undefined;
  const startOf = (t: number): number => t - (((t % sizeMs) + sizeMs) % sizeMs);
  return {
    add(event: CheckoutEvent): void {
      const t = event.event_time;
      if (pending && t >= pending.end + closeAfterMs) {
        onClosed(pending);
        pending = undefined;
      }
      if (!current || t >= current.end) {
        if (current) {
          if (pending) onClosed(pending);
          pending = current;
        }
        const start = startOf(t);
        current = emptyCounts(start, start + sizeMs);
      }
      countOrder(current, event);
    },
    /** End of input: hands over what is left. */
    finish(): void {
      if (pending) onClosed(pending);
      if (current) onClosed(current);
      pending = current = undefined;
    },
  };
}
