// Top products of a range by revenue, each with its trend: revenue per minute in the newer
// half of the range against what its share of the older half expects of it (the one arrow
// rule, domain/trend/arrows.ts), and its rank then and now. Reads the closed sums and the
// open windows where they are, without copying them: a range can hold every product of the
// catalogue, and this runs on every change somebody watches. The one ranker of a range: the
// reports rank a period with it too (report/products.ts), and money is summed exactly.
import { addMoney, type ProductStanding } from '../domain/index';
import { productArrow, type HalfFigures, type ProductTrend, DEFAULT_ALERT_SETTINGS } from '../domain/trend/index';

export { TREND_FLAT_PCT, type ProductTrend } from '../domain/trend/index';

/** previousRank is the rank at the middle of the range (over the older half). */
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

/** What a closed sum (units) and an open window (quantity) both hold of a product. */
export interface ProductFigures {
  name: string;
  departmentId: number;
  department: string;
  revenue: number;
  orders: number;
  units?: number;
  quantity?: number;
}

export type ProductSource = ReadonlyMap<number, ProductFigures>;

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

const beats = (aId: number, a: number, bId: number, b: number): boolean => a > b || (a === b && aId < bId);

function sumOf(sources: readonly ProductSource[], id: number) {
  let revenue = 0;
  let units = 0;
  let orders = 0;
  for (const s of sources) {
    const p = s.get(id);
    if (!p) continue;
    revenue = addMoney(revenue, p.revenue);
    units += p.units ?? p.quantity ?? 0;
    orders += p.orders;
  }
  return { revenue, units, orders };
}

/** Every product of the sources once, with its revenue over all of them, best first (top k). */
function topOf(sources: readonly ProductSource[], departmentId: number | null, k: number) {
  const seen = new Set<number>();
  const ids: number[] = [];
  const revenues: number[] = [];
  let active = 0;
  for (const source of sources) {
    source.forEach((p, id) => {
      if (seen.has(id)) return;
      seen.add(id);
      if (departmentId !== null && p.departmentId !== departmentId) return;
      let revenue = 0;
      let orders = 0;
      for (const s of sources) {
        const q = s.get(id);
        if (q) {
          revenue = addMoney(revenue, q.revenue);
          orders += q.orders;
        }
      }
      if (orders <= 0) return;
      active++;
      const n = ids.length;
      if (n === k && !beats(id, revenue, ids[n - 1] as number, revenues[n - 1] as number)) return;
      let i = n;
      while (i > 0 && beats(id, revenue, ids[i - 1] as number, revenues[i - 1] as number)) i--;
      ids.splice(i, 0, id);
      revenues.splice(i, 0, revenue);
      if (ids.length > k) {
        ids.pop();
        revenues.pop();
      }
    });
  }
  return { ids, active };
}

/** Revenue of every product in the older half, to rank the winners as they stood then. */
function olderRevenues(sources: readonly ProductSource[], departmentId: number | null): { ids: number[]; revenues: number[] } {
  const single = sources.length === 1 ? sources[0] : undefined;
  const ids: number[] = [];
  const revenues: number[] = [];
  const seen = new Set<number>();
  for (const source of sources) {
    source.forEach((p, id) => {
      if (!single && seen.has(id)) return;
      if (!single) seen.add(id);
      if (departmentId !== null && p.departmentId !== departmentId) return;
      const revenue = single ? p.revenue : sumOf(sources, id).revenue;
      if (revenue <= 0) return;
      ids.push(id);
      revenues.push(revenue);
    });
  }
  return { ids, revenues };
}

/** whole: the same products as older and newer together, in as few maps as possible. */
export function rankTrending(halves: { whole: ProductSource[]; older: ProductSource[]; newer: ProductSource[] }, span: RankSpan, departmentId: number | null, k: number): { top: TrendingProduct[]; activeProducts: number } {
  const all = halves.whole;
  const { ids, active } = topOf(all, departmentId, k);
  const hasBaseline = span.olderMinutes > 0 && halves.older.some((s) => s.size > 0);
  const before = hasBaseline ? olderRevenues(halves.older, departmentId) : { ids: [], revenues: [] };
  const top = ids.map((id, i): TrendingProduct => {
    let info: ProductFigures | undefined;
    for (const s of all) if ((info = s.get(id))) break;
    const p = info as ProductFigures;
    const whole = sumOf(all, id);
    const olderSums = sumOf(halves.older, id);
    const older = olderSums.revenue;
    const arrow = productArrow({
      product: { older: hasBaseline ? olderSums : { revenue: 0, orders: 0 }, newer: sumOf(halves.newer, id) },
      store: { older: hasBaseline ? span.olderTotals : { revenue: 0, orders: 0 }, newer: span.newerTotals },
      olderMinutes: hasBaseline ? span.olderMinutes : 0, newerMinutes: span.newerMinutes,
      floorPerMinute: span.floorPerMinute ?? DEFAULT_ALERT_SETTINGS.minSupport,
    });
    let previousRank: number | null = null;
    if (hasBaseline && older > 0) {
      previousRank = 1;
      for (let j = 0; j < before.ids.length; j++) if (beats(before.ids[j] as number, before.revenues[j] as number, id, older)) previousRank++;
    }
    const { baseline, observed, changePct, trend } = arrow;
    return {
      rank: i + 1, productId: id, name: p.name, departmentId: p.departmentId, department: p.department,
      revenue: whole.revenue, units: whole.units, orders: whole.orders, share: span.revenue ? whole.revenue / span.revenue : 0,
      baseline, observed, changePct, previousRank, rankChange: previousRank === null ? null : previousRank - (i + 1), trend,
    };
  });
  return { top, activeProducts: active };
}
