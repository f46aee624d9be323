// An independent reference for the aggregates: one pass over the events, with integer money
// (hundredths of a cent), keyed by window and dimension. Stage outputs are folded into the
// same shape, so "aggregates = a single pass over raw" is one toEqual.
import type { CheckoutEvent } from '../../src/index';
import type { Correction, ClosedWindow } from '../../src/stream/index';
import type { WindowAgg } from '../../src/domain/index';

const MONEY = 10_000;
const money = (v: number): number => Math.round(v * MONEY);

export type Sums = Record<string, number>;

const add = (sums: Sums, key: string, value: number): void => {
  if (value !== 0) sums[key] = (sums[key] ?? 0) + value;
};

/** Tumbling windows of sizeMs: window → orders, lines, quantity, revenue; per department, product and hour. */
export function singlePass(events: readonly CheckoutEvent[], sizeMs: number): Sums {
  const sums: Sums = {};
  for (const e of events) {
    const w = e.event_time - (((e.event_time % sizeMs) + sizeMs) % sizeMs);
    add(sums, `${w}|orders`, 1);
    add(sums, `${w}|h${e.order_hour_of_day}|orders`, 1);
    const departments = new Set<number>();
    for (const l of e.lines) {
      const revenue = money(l.quantity * l.unit_price * (1 - l.discount));
      add(sums, `${w}|lines`, 1);
      add(sums, `${w}|quantity`, l.quantity);
      add(sums, `${w}|revenue`, revenue);
      add(sums, `${w}|h${e.order_hour_of_day}|lines`, 1);
      add(sums, `${w}|h${e.order_hour_of_day}|revenue`, revenue);
      add(sums, `${w}|d${l.department_id}|lines`, 1);
      add(sums, `${w}|d${l.department_id}|quantity`, l.quantity);
      add(sums, `${w}|d${l.department_id}|revenue`, revenue);
      if (!departments.has(l.department_id)) add(sums, `${w}|d${l.department_id}|orders`, 1);
      departments.add(l.department_id);
      add(sums, `${w}|p${l.product_id}|orders`, 1);
      add(sums, `${w}|p${l.product_id}|quantity`, l.quantity);
      add(sums, `${w}|p${l.product_id}|revenue`, revenue);
    }
  }
  return sums;
}

function foldWindow(sums: Sums, a: WindowAgg): void {
  const w = a.start;
  add(sums, `${w}|orders`, a.orders);
  add(sums, `${w}|lines`, a.lines);
  add(sums, `${w}|quantity`, a.quantity);
  add(sums, `${w}|revenue`, money(a.revenue));
  for (const [h, x] of a.hours) {
    add(sums, `${w}|h${h}|orders`, x.orders);
    add(sums, `${w}|h${h}|lines`, x.lines);
    add(sums, `${w}|h${h}|revenue`, money(x.revenue));
  }
  for (const [d, x] of a.departments) {
    add(sums, `${w}|d${d}|orders`, x.orders);
    add(sums, `${w}|d${d}|lines`, x.lines);
    add(sums, `${w}|d${d}|quantity`, x.quantity);
    add(sums, `${w}|d${d}|revenue`, money(x.revenue));
  }
  for (const [p, x] of a.products) {
    add(sums, `${w}|p${p}|orders`, x.orders);
    add(sums, `${w}|p${p}|quantity`, x.quantity);
    add(sums, `${w}|p${p}|revenue`, money(x.revenue));
  }
}

/** What stage 2 produced: closed windows plus corrections, in the single pass's shape. */
export function foldOutputs(closed: readonly ClosedWindow[], corrections: readonly Correction[]): Sums {
  const sums: Sums = {};
  for (const c of closed) foldWindow(sums, c.window);
  for (const c of corrections) foldWindow(sums, c.window);
  for (const key of Object.keys(sums)) if (sums[key] === 0) delete sums[key];
  return sums;
}
