import { describe, expect, it } from 'vitest';
import { addMoney } from '../../../src/domain/index';
import {
  lineRevenue, aisleFigures, aisleProducts, createSyntheticSource, createTopologyDriver, tumbling, type AisleLookup, type CheckoutEvent,
} from '../../../src/index';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 8);

/** 20 minutes of the synthetic store through the whole topology (1-minute windows, 4 partitions). */
function run(): { events: CheckoutEvent[]; view: ReturnType<typeof createTopologyDriver>['stage2']['view'] } {
  const events = [...createSyntheticSource({ seed: 16, startTime: T0, ordersPerSecond: 4, maxOrders: 4 * 20 * 60, seasonality: false }).generate()];
  const driver = createTopologyDriver({ partitions: 4, start: T0, settings: { window: tumbling(MIN), allowedLatenessMs: 0 } });
  for (const e of events) driver.pipe(e);
  driver.finish();
  return { events, view: driver.stage2.view };
}

/** Independent: the raw order lines of one department summed by aisle, from the events themselves. */
function rawByAisle(events: readonly CheckoutEvent[], departmentId: number, from = Number.NEGATIVE_INFINITY) {
  const out = new Map<number, { aisle: string; revenue: number; units: number; productOrders: number; products: Set<number> }>();
  for (const e of events) {
    if (e.event_time < from) continue;
    for (const l of e.lines) {
      if (l.department_id !== departmentId) continue;
      const a = out.get(l.aisle_id) ?? { aisle: l.aisle, revenue: 0, units: 0, productOrders: 0, products: new Set<number>() };
      out.set(l.aisle_id, a);
      a.revenue = addMoney(a.revenue, lineRevenue(l));
      a.units += l.quantity;
      a.productOrders += 1;
      a.products.add(l.product_id);
    }
  }
  return out;
}

describe('drill-down: aisle sums from the live view', () => {
  const { events, view } = run();
  const names = new Map(events.flatMap((e) => e.lines.map((l) => [l.aisle_id, l.aisle] as const)));
  const lookup: AisleLookup = { aisleOf: (id) => view.productAisle(id), aisleName: (id) => names.get(id) };
  // The busiest department and a small one.
  const departments = [4, 7];

  it.each(departments)('department %i over "all": every aisle equals the raw lines, money exact', (departmentId) => {
    const aisles = aisleFigures(view.rangeProducts('all', departmentId), lookup);
    const raw = rawByAisle(events, departmentId);
    expect(raw.size).toBeGreaterThan(1);
    expect(aisles.map((a) => a.aisleId).sort((x, y) => x - y)).toEqual([...raw.keys()].sort((x, y) => x - y));
    for (const a of aisles) {
      const r = raw.get(a.aisleId)!;
      expect({ aisle: a.aisle, revenue: a.revenue, units: a.units, productOrders: a.productOrders, products: a.products })
        .toEqual({ aisle: r.aisle, revenue: r.revenue, units: r.units, productOrders: r.productOrders, products: r.products.size });
    }
    expect(aisles.reduce((s, a) => s + a.share, 0)).toBeCloseTo(1, 9);
    expect(aisles.map((a) => a.revenue)).toEqual([...aisles.map((a) => a.revenue)].sort((x, y) => y - x));
  });

  it('a 5-minute range counts only the orders of the windows that start inside it', () => {
    const r = view.range('5m', 4);
    const firstWindow = T0 + Math.ceil((r.from! - T0) / MIN) * MIN;
    const raw = rawByAisle(events, 4, firstWindow);
    expect(raw.size).toBeGreaterThan(1);
    const aisles = aisleFigures(view.rangeProducts('5m', 4), lookup);
    expect(new Map(aisles.map((a) => [a.aisleId, a.revenue]))).toEqual(new Map([...raw].map(([id, a]) => [id, a.revenue])));
  });

  it("an aisle's products are the department's products of that aisle, ranked from 1 by revenue", () => {
    const all = view.rangeProducts('all', 4);
    const [best] = aisleFigures(all, lookup);
    const products = aisleProducts(all, best!.aisleId, lookup);
    expect(products.length).toBe(best!.products);
    expect(products.map((p) => p.rank)).toEqual(products.map((_, i) => i + 1));
    const raw = rawByAisle(events, 4).get(best!.aisleId)!;
    expect(new Set(products.map((p) => p.productId))).toEqual(raw.products);
    expect(products.reduce((s, p) => addMoney(s, p.revenue), 0)).toBe(raw.revenue);
  });

  it("the range's products are those the dashboard ranks: its top 10 lead the list", () => {
    for (const range of ['5m', 'all'] as const) {
      const top = view.range(range, 4).topProducts;
      const listed = view.rangeProducts(range, 4).slice(0, top.length);
      expect(listed.map((p) => [p.productId, p.revenue, p.units, p.orders, p.rank])).toEqual(top.map((p) => [p.productId, p.revenue, p.units, p.orders, p.rank]));
    }
    expect(view.rangeProducts('all', null).length).toBe(view.range('all').kpis.activeProducts);
  });

  it('products of an unknown aisle are summed under aisle 0, not dropped', () => {
    const all = view.rangeProducts('all', 4);
    const rows = aisleFigures(all, { aisleOf: () => undefined, aisleName: () => 'x' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ aisleId: 0, aisle: 'aisle not known', products: all.length });
  });
});
