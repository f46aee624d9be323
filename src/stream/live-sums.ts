// Subtractable sums of windows, for the dashboard's time ranges. A window's products,
// departments and hours are added when it enters a range and taken out when it leaves,
// so a range is never re-merged from scratch. Only plain counts and money: the distinct
// sketches of a window cannot be subtracted, and the views do not need them. An entry that
// falls to zero stays (products come back, and allocating them again is what costs); adding
// sums to fresh ones (withZerosLeftOut) leaves the zeros out, and the readers go through it.
// Hour blocks and a free period are summed the same way.
import { emptyTotals, mergeHourTotals, type HourTotals, type Totals, addMoney, type ProductSums } from '../domain/index';
import type { RetainedWindow } from './live-retained';


export interface DepartmentSums {
  name: string;
  /** Orders containing the department. */
  orders: number;
  lines: number;
  quantity: number;
  revenue: number;
  /** The department's part of each hour of day. */
  hours: Map<number, HourSums>;
}

export type HourSums = HourTotals;

export interface WindowSums {
  totals: Totals;
  products: Map<number, ProductSums>;
  departments: Map<number, DepartmentSums>;
  hours: Map<number, HourSums>;
}

export const createWindowSums = (): WindowSums => ({ totals: emptyTotals(), products: new Map(), departments: new Map(), hours: new Map() });

// Money is kept exact (see addMoney), so adding then subtracting a window leaves no residue.
const money = (a: number, b: number, sign: 1 | -1): number => addMoney(a, sign * b);

function addTotals(into: Totals, from: Totals, sign: 1 | -1): void {
  into.orders += sign * from.orders;
  into.lines += sign * from.lines;
  into.quantity += sign * from.quantity;
  into.revenue = money(into.revenue, from.revenue, sign);
}

/** What applyWindowSums reads: a window, or sums seen as one (summed). */
export type Summable = Totals & Pick<RetainedWindow, 'departments' | 'hours'> & { products?: RetainedWindow['products'] };

/** Sums seen as a window, to add them to other sums. */
export const summed = (s: WindowSums): Summable => ({ ...s.totals, departments: s.departments, hours: s.hours });

/** Adds (sign 1) or removes (sign -1) a window, or its departments and hours only; an entry of no orders is not added. */
export function applyWindowSums(sums: WindowSums, w: Summable, sign: 1 | -1, withProducts = true): void {
  addTotals(sums.totals, w, sign);
  if (withProducts) w.products?.forEach((p, id) => {
    let target = sums.products.get(id);
    if (!target) {
      target = { name: p.name, departmentId: p.departmentId, department: p.department, revenue: 0, units: 0, orders: 0 };
      sums.products.set(id, target);
    }
    target.revenue = money(target.revenue, p.revenue, sign);
    target.units += sign * p.quantity;
    target.orders += sign * p.orders;
  });
  for (const [id, d] of w.departments) {
    if (sign > 0 && d.orders <= 0) continue;
    let target = sums.departments.get(id);
    if (!target) sums.departments.set(id, (target = { name: d.name, orders: 0, lines: 0, quantity: 0, revenue: 0, hours: new Map() }));
    target.orders += sign * d.orders;
    target.lines += sign * d.lines;
    target.quantity += sign * d.quantity;
    target.revenue = money(target.revenue, d.revenue, sign);
    mergeHourTotals(target.hours, d.hours, sign);
  }
  for (const [hour, h] of w.hours) {
    if (sign > 0 && h.orders <= 0) continue;
    let target = sums.hours.get(hour);
    if (!target) sums.hours.set(hour, (target = { orders: 0, lines: 0, revenue: 0 }));
    target.orders += sign * h.orders;
    target.lines += sign * h.lines;
    target.revenue = money(target.revenue, h.revenue, sign);
  }
}
