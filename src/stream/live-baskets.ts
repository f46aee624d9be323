// "Bought together" as a query over the one store of closed windows (live-closed.ts): each
// window of the detail tier and each hour block carries its pair summary (live-retained.ts),
// and the orders containing a product are its products' column. A short range merges the
// range's windows, a long one the hour blocks and the windows of the hour not yet in one, as
// the dashboard's ranges do. Nothing is kept here.
// Late corrections to a window already closed are not added (they are in by_pair).
import { createPairCounts, type BasketFigures } from '../domain/index';
import { WINDOW_DETAIL_MS, type ClosedWindows } from './live-closed';
import { DASHBOARD_RANGE_MS, type DashboardRange } from './live-ranges';
import type { RetainedWindow } from './live-retained';

/** Bought-together figures of a range, with what they cover. */
export interface BasketRange extends BasketFigures {
  range: DashboardRange;
  /** The closed windows (or hour blocks) it merges, from the oldest start to the newest end. */
  from: number | null;
  to: number | null;
  parts: number;
  /** Names of the products seen (the partners' names). */
  nameOf(productId: number): string | undefined;
  /** Products by orders containing them, most first. */
  topProducts(k: number): Array<{ productId: number; orders: number }>;
  /** Each merged window or hour block with its held pairs [a, b, orders] (a < b): the reports' by_pair rows. */
  windows(): Array<{ start: number; end: number; errorBound: number; pairs: Array<[number, number, number]> }>;
}

/** The windows or hour blocks a range merges, oldest first. */
function unitsOf(closed: ClosedWindows, range: DashboardRange): RetainedWindow[] {
  const all = closed.all();
  const newest = all[all.length - 1]?.end;
  if (newest === undefined) return [];
  const span = DASHBOARD_RANGE_MS[range];
  const since = span === null ? Number.NEGATIVE_INFINITY : newest - span;
  return closed.units(span === null || span > WINDOW_DETAIL_MS, since, Number.POSITIVE_INFINITY);
}

/** The range's figures, merged now from the store: pair summaries at room for every held pair (no error of its own). */
export function basketRange(closed: ClosedWindows, range: DashboardRange): BasketRange {
  const chosen = unitsOf(closed, range);
  const orderMap = new Map<number, number>();
  const pairs = createPairCounts(Math.max(1, chosen.reduce((n, w) => n + (w.pairs?.size ?? 0), 0)));
  let orders = 0;
  for (const w of chosen) {
    orders += w.orders;
    w.products.forEach((p, id) => orderMap.set(id, (orderMap.get(id) ?? 0) + p.orders));
    if (w.pairs) pairs.merge(w.pairs);
  }
  pairs.compact();
  const byOrders = [...orderMap].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return {
    range, orders, pairs, parts: chosen.length,
    from: chosen[0]?.start ?? null, to: chosen.length > 0 ? Math.max(...chosen.map((w) => w.end)) : null,
    ordersWith: (id) => orderMap.get(id) ?? 0,
    nameOf: (id) => closed.productInfo(id)?.name,
    topProducts: (k) => byOrders.slice(0, k).map(([productId, n]) => ({ productId, orders: n })),
    windows: () => chosen.map((w) => ({ start: w.start, end: w.end, errorBound: w.pairs?.errorBound ?? 0, pairs: w.pairs?.entries() ?? [] })),
  };
}
