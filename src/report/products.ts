// The top products of a period by revenue, each with its trend: revenue per minute in the
// newer half of the period against the older half, and its rank in the older half. The rules
// are the dashboard's (live-query), so a product reads the same in a report and on screen.
import { TREND_FLAT_PCT, type ProductTrend, type TrendingProduct } from '../stream/live-query';
import type { Halves } from './periods';
import type { ProductWindowRow } from './rows';
import { changePct, sumBy } from './sums';

type Half = 'first' | 'second';

export interface RankOptions {
  topN: number;
  halves: Halves | null;
  halfOf: (windowStart: number) => Half;
  windowMs: number | null;
  totalRevenue: number;
  /** The older half has orders, so there is something to compare with. */
  hasBaseline: boolean;
}

/** Within ±TREND_FLAT_PCT is flat; no sales in the older half is new. */
const trendOf = (pct: number | null, before: number, hasBaseline: boolean): ProductTrend =>
  !hasBaseline ? 'none' : before === 0 ? 'new' : Math.abs(pct ?? 0) < TREND_FLAT_PCT ? 'flat' : (pct ?? 0) > 0 ? 'up' : 'down';

export function rankTopProducts(products: readonly ProductWindowRow[], options: RankOptions): TrendingProduct[] {
  const { topN, halves, halfOf, windowMs, totalRevenue, hasBaseline } = options;
  const totals = sumBy(products, (p) => p.productId, (p) => p);
  const byHalf = sumBy(products, (p) => `${p.productId}:${halfOf(p.windowStart)}`, (p) => p);
  const older = (id: number): number => byHalf.get(`${id}:first`)?.revenue ?? 0;
  const previousRanks = new Map([...totals.keys()].filter((id) => older(id) > 0)
    .sort((a, b) => older(b) - older(a) || a - b)
    .map((id, i) => [id, i + 1]));
  const windows = (half: Half): number => (half === 'first' ? halves?.firstWindows : halves?.secondWindows) ?? 1;
  const minutes = (half: Half): number => (windows(half) * (windowMs ?? 60_000)) / 60_000;
  const info = new Map(products.map((p) => [p.productId, p]));
  return [...totals]
    .sort(([idA, a], [idB, b]) => b.revenue - a.revenue || idA - idB)
    .slice(0, topN)
    .map(([productId, s], i) => {
      const p = info.get(productId)!;
      const before = older(productId);
      const baseline = hasBaseline ? before / minutes('first') : null;
      const observed = halves ? (byHalf.get(`${productId}:second`)?.revenue ?? 0) / minutes('second') : s.revenue / minutes('first');
      const pct = baseline ? changePct(baseline, observed) : null;
      const previousRank = hasBaseline ? previousRanks.get(productId) ?? null : null;
      return {
        rank: i + 1, productId, name: p.productName, departmentId: p.departmentId, department: p.department,
        orders: s.orders, units: s.quantity, revenue: s.revenue, share: totalRevenue ? s.revenue / totalRevenue : 0,
        baseline, observed, changePct: pct, previousRank, rankChange: previousRank === null ? null : previousRank - (i + 1),
        trend: trendOf(pct, before, hasBaseline),
      };
    });
}
