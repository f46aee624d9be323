// The top products of a period by revenue, each with its trend: revenue per minute in the
// newer half of the period against what its share of the older half expects, and its rank in
// the older half. The arrow rule is the dashboard's (domain/trend/arrows.ts), so a product
// reads the same in a report and on screen.
import { productArrow, type HalfFigures } from '../domain/trend/arrows';
import { DEFAULT_ALERT_SETTINGS } from '../domain/trend/settings';
import type { TrendingProduct } from '../stream/live-query';
import type { Halves } from './periods';
import type { ProductWindowRow } from './rows';
import { sumBy } from './sums';

type Half = 'first' | 'second';

export interface RankOptions {
  topN: number;
  halves: Halves | null;
  halfOf: (windowStart: number) => Half;
  windowMs: number | null;
  totalRevenue: number;
  /** The older half has orders, so there is something to compare with. */
  hasBaseline: boolean;
  /** The whole store in each half (every department), the volume arrows are measured against. */
  storeHalves: { first: HalfFigures; second: HalfFigures };
  /** The detector's floor (orders a minute), below which a product is too little data to judge. */
  floorPerMinute?: number;
}

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
      const half = (h: Half): HalfFigures => byHalf.get(`${productId}:${h}`) ?? { revenue: 0, orders: 0 };
      const none = { revenue: 0, orders: 0 };
      const arrow = productArrow({
        product: { older: hasBaseline ? half('first') : none, newer: halves ? half('second') : half('first') },
        store: { older: hasBaseline ? options.storeHalves.first : none, newer: halves ? options.storeHalves.second : options.storeHalves.first },
        olderMinutes: hasBaseline ? minutes('first') : 0, newerMinutes: minutes(halves ? 'second' : 'first'),
        floorPerMinute: options.floorPerMinute ?? DEFAULT_ALERT_SETTINGS.minSupport,
      });
      const previousRank = hasBaseline ? previousRanks.get(productId) ?? null : null;
      return {
        rank: i + 1, productId, name: p.productName, departmentId: p.departmentId, department: p.department,
        orders: s.orders, units: s.quantity, revenue: s.revenue, share: totalRevenue ? s.revenue / totalRevenue : 0,
        baseline: arrow.baseline, observed: arrow.observed, changePct: arrow.changePct, previousRank,
        rankChange: previousRank === null ? null : previousRank - (i + 1), trend: arrow.trend,
      };
    });
}
