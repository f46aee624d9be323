// Top products of a range by revenue, each with its trend: revenue per minute in the newer
// half of the range against what its share of the older half expects of it (the one arrow
// rule, domain/trend/arrows.ts), and its rank then and now. Ranked by the one ranker
// (domain/top-products.ts), which reads the closed sums and the open windows where they are,
// without copying them: a range can hold every product of the catalogue, and this runs on
// every change somebody watches. The reports rank a period with it too (report/products.ts).
import { rankProducts, sumProduct, type ProductSource, type ProductStanding } from '../domain/index';
import { productArrow, type HalfFigures, type ProductTrend, DEFAULT_ALERT_SETTINGS } from '../domain/trend/index';

export { TREND_FLAT_PCT, type ProductTrend } from '../domain/trend/index';
export type { ProductFigures, ProductSource } from '../domain/index';

/** previousRank is the rank in the older half. */
export interface TrendingProduct extends ProductStanding {
  /** Share of the range's revenue (of the filtered department, when filtered). */
  share: number;
  /**
   * Revenue per minute expected in the newer half: the product's share of the older half ×
   * the store's revenue in the newer half; null when the older half has no data.
   */
  baseline: number | null;
  /** Revenue per minute in the newer half. */
  observed: number;
  changePct: number | null;
  trend: ProductTrend;
}

export interface RankSpan {
  olderMinutes: number;
  newerMinutes: number;
  /** Revenue of the range (of the department, when filtered), for shares. */
  revenue: number;
  /** The whole store in each half (every department, even when filtered): the volume arrows are measured against. */
  olderTotals: HalfFigures;
  newerTotals: HalfFigures;
  /** The detector's floor, orders a minute: below it a product is too little data to judge. */
  floorPerMinute?: number;
}

const NOTHING: HalfFigures = { revenue: 0, orders: 0 };

/** whole: the same products as older and newer together, in as few maps as possible. */
export function rankTrending(halves: { whole: ProductSource[]; older: ProductSource[]; newer: ProductSource[] }, span: RankSpan, departmentId: number | null, k: number): { top: TrendingProduct[]; activeProducts: number } {
  const hasBaseline = span.olderMinutes > 0 && halves.older.some((s) => s.size > 0);
  const ranked = rankProducts(halves.whole, { k, departmentId, before: hasBaseline ? halves.older : [] });
  const top = ranked.top.map((p): TrendingProduct => {
    const arrow = productArrow({
      product: { older: hasBaseline ? sumProduct(halves.older, p.productId) : NOTHING, newer: sumProduct(halves.newer, p.productId) },
      store: { older: hasBaseline ? span.olderTotals : NOTHING, newer: span.newerTotals },
      olderMinutes: hasBaseline ? span.olderMinutes : 0, newerMinutes: span.newerMinutes,
      floorPerMinute: span.floorPerMinute ?? DEFAULT_ALERT_SETTINGS.minSupport,
    });
    const { baseline, observed, changePct, trend } = arrow;
    return {
      rank: p.rank, productId: p.productId, name: p.name, departmentId: p.departmentId, department: p.department,
      revenue: p.revenue, units: p.units, orders: p.orders, share: span.revenue ? p.revenue / span.revenue : 0,
      baseline, observed, changePct, previousRank: p.previousRank, rankChange: p.rankChange, trend,
    };
  });
  return { top, activeProducts: ranked.active };
}

