import { describe, expect, it } from 'vitest';
import { rankTopProducts } from '../../../src/report/products';
import { rankTrending, type ProductFigures } from '../../../src/stream/index';

const product = (name: string, revenue: number, orders = 1): ProductFigures => ({ name, departmentId: 1, department: 'produce', revenue, orders, quantity: orders });
const span = { olderMinutes: 1, newerMinutes: 1, revenue: 0.6, olderTotals: { revenue: 0.3, orders: 3 }, newerTotals: { revenue: 0.3, orders: 3 } };

describe('the one ranker of a range', () => {
  it('sums money exactly: 0.1 + 0.2 ties 0.3, and the tie goes to the lower id', () => {
    const older = new Map([[2, product('B', 0.1)], [1, product('A', 0.3)]]);
    const newer = new Map([[2, product('B', 0.2)]]);
    const { top } = rankTrending({ whole: [older, newer], older: [older], newer: [newer] }, span, null, 2);
    expect(top.map((p) => [p.productId, p.revenue])).toEqual([[1, 0.3], [2, 0.3]]);
  });

  it('ranks a report period as the dashboard ranks a range: the same products, ranks and arrows', () => {
    const rows = [
      { windowStart: 0, windowEnd: 60_000, productId: 2, productName: 'B', departmentId: 1, department: 'produce', orders: 1, quantity: 1, revenue: 0.1, reorders: 0 },
      { windowStart: 0, windowEnd: 60_000, productId: 1, productName: 'A', departmentId: 1, department: 'produce', orders: 1, quantity: 1, revenue: 0.3, reorders: 0 },
      { windowStart: 60_000, windowEnd: 120_000, productId: 2, productName: 'B', departmentId: 1, department: 'produce', orders: 1, quantity: 1, revenue: 0.2, reorders: 0 },
    ];
    const report = rankTopProducts(rows, {
      topN: 2, halves: { mid: 60_000, firstWindows: 1, secondWindows: 1 }, halfOf: (start) => (start >= 60_000 ? 'second' : 'first'),
      windowMs: 60_000, totalRevenue: 0.6, hasBaseline: true, storeHalves: { first: span.olderTotals, second: span.newerTotals },
    });
    const older = new Map([[2, product('B', 0.1)], [1, product('A', 0.3)]]);
    const newer = new Map([[2, product('B', 0.2)]]);
    const { top } = rankTrending({ whole: [older, newer], older: [older], newer: [newer] }, span, null, 2);
    expect(report).toEqual(top);
    expect(report.map((p) => [p.productId, p.previousRank, p.trend])).toEqual([[1, 1, top[0]!.trend], [2, 2, top[1]!.trend]]);
  });
});
