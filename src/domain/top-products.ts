// Top-K products of a window by revenue or by units, with each product's rank change
// against the previous window (positive = climbed). Stage 2 ranks each window it closes
// with it (the rank columns of by_product); the live view ranks the windows it retains.

/** What ranking reads of a product: a window's ProductAgg, or a retained window's sums. */
export interface RankableProduct {
  name: string;
  departmentId: number;
  department: string;
  revenue: number;
  quantity: number;
  orders: number;
}

/** A window as ranking reads it: a WindowAgg, or a RetainedWindow of the live view. */
export interface RankableWindow {
  products: Iterable<[number, RankableProduct]>;
}

export type RankBy = 'revenue' | 'units';

/** A product's place in a ranking, what it sold, and where it stood before. */
export interface ProductStanding {
  rank: number;
  productId: number;
  name: string;
  departmentId: number;
  department: string;
  revenue: number;
  units: number;
  orders: number;
  /** Rank at the earlier point the ranking compares with, or null when it did not rank then. */
  previousRank: number | null;
  /** previousRank - rank (positive = climbed); null for a new entrant. */
  rankChange: number | null;
}

/** Top-K of a window; previousRank is its rank in the previous window's top K. */
export type RankedProduct = ProductStanding;

const VALUE: Record<RankBy, (p: RankableProduct) => number> = {
  revenue: (p) => p.revenue,
  units: (p) => p.quantity,
};

/** Ties break on product id so that ranks are stable across runs and merges. */
export function rankProducts<P extends RankableProduct>(products: Iterable<[number, P]>, k: number, by: RankBy): Array<[number, P]> {
  const value = VALUE[by];
  return [...products]
    .sort(([idA, a], [idB, b]) => value(b) - value(a) || idA - idB)
    .slice(0, k);
}

export function topProducts(window: RankableWindow, k: number, by: RankBy, previous?: readonly RankedProduct[]): RankedProduct[] {
  const previousRanks = new Map(previous?.map((p) => [p.productId, p.rank]));
  return rankProducts(window.products, k, by).map(([productId, p], i) => {
    const rank = i + 1;
    const previousRank = previousRanks.get(productId) ?? null;
    return {
      rank, productId, name: p.name, departmentId: p.departmentId, department: p.department,
      revenue: p.revenue, units: p.quantity, orders: p.orders,
      previousRank, rankChange: previousRank === null ? null : previousRank - rank,
    };
  });
}
