import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg, rankAmong, rankProducts, topProducts, type ProductFigures } from '../../../src/domain/index';
import { line, order } from '../../helpers/events';

const MINUTE = 60_000;

/** A window of one minute in which product id sold `count` orders of one unit at `price`. */
function windowOf(start: number, sales: Array<[id: number, count: number, price: number]>) {
  const w = createWindowAgg(start, start + MINUTE);
  for (const [id, count, price] of sales) for (let i = 0; i < count; i++) addOrder(w, order(start + i, [line(id, { unit_price: price })]));
  return w;
}

const figures = (revenue: number, orders = 1, departmentId = 4): ProductFigures => ({ name: 'p', departmentId, department: 'd', revenue, orders, units: orders });

describe('the one ranker', () => {
  it('ranks by revenue or by units, ties to the lower id, and counts every product sold', () => {
    const w = windowOf(0, [[5, 1, 4], [3, 2, 2], [9, 4, 1], [7, 1, 1]]);
    expect(topProducts(w, 3, 'revenue').map((p) => [p.productId, p.revenue])).toEqual([[3, 4], [5, 4], [9, 4]]);
    expect(topProducts(w, 2, 'units').map((p) => [p.productId, p.units])).toEqual([[9, 4], [3, 2]]);
    expect(rankProducts([w.products], { k: 2 }).active).toBe(4);
  });

  it('sums a product over several sources exactly, and filters a department', () => {
    const a = new Map([[1, figures(0.1)], [2, figures(0.25, 1, 7)]]);
    const b = new Map([[1, figures(0.2)], [3, figures(0.05)]]);
    const { top, active } = rankProducts([a, b], { k: 10, departmentId: 4 });
    expect(top.map((p) => [p.productId, p.revenue, p.orders])).toEqual([[1, 0.3, 2], [3, 0.05, 1]]);
    expect(active).toBe(2);
  });

  it('gives every product its rank among all that sold before, not only the earlier top K (the window case used to say null)', () => {
    // Before: 1 > 2 > 3 > 4; now 4 leads. With k = 2, 4 was outside the earlier top 2: its
    // previous rank is 4 (the range's rule, which the window ranking of stage 2 did not follow).
    const before = windowOf(0, [[1, 8, 1], [2, 6, 1], [3, 4, 1], [4, 2, 1]]);
    const now = windowOf(MINUTE, [[4, 9, 1], [1, 5, 1], [5, 1, 1]]);
    const top = topProducts(now, 3, 'revenue', before);
    expect(top.map((p) => [p.productId, p.previousRank, p.rankChange])).toEqual([[4, 4, 3], [1, 1, -1], [5, null, null]]);
  });

  it('agrees with a rank counted by hand, for every k, large or small', () => {
    const sales: Array<[number, number, number]> = Array.from({ length: 120 }, (_, i) => [1000 - i * 7, 1 + (i % 5), 1 + ((i * 37) % 11)]);
    const w = windowOf(0, sales);
    const byHand = [...w.products].sort(([a, x], [b, y]) => y.revenue - x.revenue || a - b).map(([id]) => id);
    for (const k of [1, 10, 64, 65, 200]) expect(topProducts(w, k, 'revenue').map((p) => p.productId)).toEqual(byHand.slice(0, k));
    const [id, p] = [...w.products][17]!;
    expect(rankAmong([w.products], id, p.revenue)).toBe(byHand.indexOf(id) + 1);
  });
});
