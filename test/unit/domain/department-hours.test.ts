// Each department's hours of day: what the hourly chart shows under a department filter. Checked
// against a plain count over the orders, and merged from shards as stage 2 merges partitions.
import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg, mergeWindow, type HourTotals } from '../../../src/domain/index';
import { createSyntheticSource, lineRevenue, type CheckoutEvent } from '../../../src/index';

const orders = [...createSyntheticSource({ seed: 21, startTime: Date.UTC(2026, 10, 24, 0), ordersPerSecond: 0.03, maxOrders: 3_000 }).generate()];

/** Department → hour → totals, counted straight from the orders. */
function countDirectly(events: readonly CheckoutEvent[]): Map<number, Map<number, HourTotals>> {
  const out = new Map<number, Map<number, HourTotals>>();
  for (const e of events) {
    const departments = new Set(e.lines.map((l) => l.department_id));
    for (const d of departments) {
      const hours = out.get(d) ?? out.set(d, new Map()).get(d)!;
      const own = e.lines.filter((l) => l.department_id === d);
      const h = hours.get(e.order_hour_of_day) ?? { orders: 0, lines: 0, revenue: 0 };
      hours.set(e.order_hour_of_day, {
        orders: h.orders + 1, lines: h.lines + own.length,
        revenue: Math.round((h.revenue + own.reduce((n, l) => n + lineRevenue(l), 0)) * 1e6) / 1e6,
      });
    }
  }
  return out;
}

const rounded = (m: Map<number, Map<number, HourTotals>>) =>
  new Map([...m].map(([d, hours]) => [d, new Map([...hours].map(([h, t]) => [h, { ...t, revenue: Math.round(t.revenue * 100) / 100 }]))]));

describe('hours of day per department', () => {
  it('count each order once per department it contains, under its hour of day, and merge across shards', () => {
    expect(new Set(orders.map((e) => e.order_hour_of_day)).size).toBeGreaterThan(20);
    const single = createWindowAgg(0, 1);
    orders.forEach((e) => addOrder(single, e));
    const shards = [0, 1, 2].map(() => createWindowAgg(0, 1));
    orders.forEach((e, i) => addOrder(shards[i % 3]!, e));
    const merged = createWindowAgg(0, 1);
    shards.forEach((s) => mergeWindow(merged, s));

    const expected = rounded(countDirectly(orders));
    for (const w of [single, merged]) {
      expect(rounded(new Map([...w.departments].map(([d, a]) => [d, a.hours])))).toEqual(expected);
      for (const d of w.departments.values()) {
        expect([...d.hours.values()].reduce((n, h) => n + h.orders, 0)).toBe(d.orders);
        expect([...d.hours.values()].reduce((n, h) => n + h.lines, 0)).toBe(d.lines);
      }
    }
  });
});
