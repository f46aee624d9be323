import { describe, expect, it } from 'vitest';
import { buildReportModel, createSyntheticSource, lineRevenue } from '../../../../src/index';
import { productArrow, type HalfFigures } from '../../../../src/domain/trend/index';
import { rankTrending, type ProductFigures } from '../../../../src/stream/index';
import type { AggregatedRows, HourWindowRow, ProductWindowRow } from '../../../../src/report/rows';
import type { ArrowInputs } from '../../../../src/domain/trend/arrows';
import type { OrderLine } from '../../../../src/domain/index';

const inputs = (over: Partial<ArrowInputs> = {}): ArrowInputs => ({
  product: { older: { revenue: 500, orders: 100 }, newer: { revenue: 1_000, orders: 200 } },
  store: { older: { revenue: 10_000, orders: 2_000 }, newer: { revenue: 20_000, orders: 4_000 } },
  olderMinutes: 60, newerMinutes: 60, floorPerMinute: 1, ...over,
});

describe('trend arrows', () => {
  it('compares a product with its older share of the store at the newer volume', () => {
    // The store doubled and so did the product: it kept its 5% share.
    expect(productArrow(inputs())).toEqual({ baseline: 1_000 / 60, observed: 1_000 / 60, changePct: 0, trend: 'flat' });
    const up = productArrow(inputs({ product: { older: { revenue: 500, orders: 100 }, newer: { revenue: 1_600, orders: 320 } } }));
    expect(up.trend).toBe('up');
    expect(up.changePct).toBeCloseTo(60, 10);
    const down = productArrow(inputs({ product: { older: { revenue: 500, orders: 100 }, newer: { revenue: 500, orders: 100 } } }));
    expect(down).toMatchObject({ trend: 'down', changePct: -50 });
  });

  it('calls a change within chance flat, a product below the floor too little data, and one unsold before new', () => {
    // +20% on 12 orders against 10 expected is well within chance.
    expect(productArrow(inputs({ product: { older: { revenue: 50, orders: 10 }, newer: { revenue: 120, orders: 24 } }, olderMinutes: 10 })).trend).toBe('flat');
    const thin = productArrow(inputs({ product: { older: { revenue: 20, orders: 4 }, newer: { revenue: 200, orders: 40 } } }));
    expect(thin).toMatchObject({ trend: 'too-little-data' });
    expect(thin.changePct).toBeGreaterThan(100);
    expect(productArrow(inputs({ product: { older: { revenue: 0, orders: 0 }, newer: { revenue: 9, orders: 3 } } })).trend).toBe('new');
    expect(productArrow(inputs({ olderMinutes: 0 })).trend).toBe('none');
  });

  it('shows mostly flat arrows on the dashboard and in the report over a day of strong hour-of-day seasonality and no change', () => {
    const day = seasonalDay();
    const minutes = 12 * 60;
    const dashboard = rankTrending({ whole: [day.whole], older: [day.halves[0]], newer: [day.halves[1]] }, {
      olderMinutes: minutes, newerMinutes: minutes, revenue: day.store[0].revenue + day.store[1].revenue, olderTotals: day.store[0], newerTotals: day.store[1],
    }, null, 10).top;
    const report = buildReportModel(day.rows, { from: START, to: START + 24 * HOUR, generatedAt: START }).topProducts.slice(0, 10);
    expect(report.map((p) => p.productId)).toEqual(dashboard.map((p) => p.productId));
    // The old rule, newer half against older half, reads the clock: the store sells ~1.9× more in the afternoon.
    const naive = dashboard.map((p) => (day.halves[1].get(p.productId)?.revenue ?? 0) / (day.halves[0].get(p.productId)?.revenue ?? 1) - 1);
    expect(naive.filter((r) => r > 0.3)).toHaveLength(10);
    for (const top of [dashboard, report]) {
      const flat = top.filter((p) => p.trend === 'flat').length;
      expect(flat, top.map((p) => `${p.name} ${p.trend} ${p.changePct?.toFixed(1)}`).join('; ')).toBeGreaterThanOrEqual(8);
    }
    // One rule: the same product reads the same in both.
    expect(report.map((p) => p.trend)).toEqual(dashboard.map((p) => p.trend));
  }, 120_000);
});

const START = Date.UTC(2026, 10, 23);
const HOUR = 3_600_000;

/** A synthetic Monday with seasonality and no scenario: product sums per half, the store per half, and hourly report rows. */
function seasonalDay() {
  const source = createSyntheticSource({ seed: 7, startTime: START, ordersPerSecond: 1, endTime: START + 24 * HOUR });
  const halves: [Map<number, ProductFigures>, Map<number, ProductFigures>] = [new Map(), new Map()];
  const whole = new Map<number, ProductFigures>();
  const store: [HalfFigures, HalfFigures] = [{ revenue: 0, orders: 0 }, { revenue: 0, orders: 0 }];
  const products = new Map<string, ProductWindowRow>();
  const hours = new Map<number, HourWindowRow>();
  const add = (into: Map<number, ProductFigures>, l: OrderLine, revenue: number): void => {
    const p = into.get(l.product_id) ?? { name: l.product_name, departmentId: l.department_id, department: l.department, revenue: 0, orders: 0, units: 0 };
    p.revenue += revenue;
    p.orders += 1;
    p.units = (p.units ?? 0) + l.quantity;
    into.set(l.product_id, p);
  };
  for (const e of source.generate()) {
    const half = e.event_time < START + 12 * HOUR ? 0 : 1;
    const windowStart = e.event_time - (e.event_time % HOUR);
    const hour = hours.get(windowStart) ?? { windowStart, windowEnd: windowStart + HOUR, hourOfDay: e.order_hour_of_day, orders: 0, lines: 0, revenue: 0 };
    hours.set(windowStart, hour);
    hour.orders += 1;
    store[half].orders += 1;
    for (const l of e.lines) {
      const revenue = lineRevenue(l);
      add(halves[half], l, revenue);
      add(whole, l, revenue);
      store[half].revenue += revenue;
      hour.lines += 1;
      hour.revenue += revenue;
      const key = `${windowStart}:${l.product_id}`;
      const row = products.get(key) ?? { windowStart, windowEnd: windowStart + HOUR, productId: l.product_id, productName: l.product_name,
        departmentId: l.department_id, department: l.department, orders: 0, quantity: 0, revenue: 0, reorders: 0 };
      products.set(key, row);
      row.orders += 1;
      row.quantity += l.quantity;
      row.revenue += revenue;
    }
  }
  const rows: AggregatedRows = { products: [...products.values()], departments: [], hours: [...hours.values()] };
  return { halves, whole, store, rows };
}
