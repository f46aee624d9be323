// What kind of rise a product's onset is, by what it does to the top K: a new entrant
// enters it from outside the baseline's top K (or was not selling at all), a rank mover
// climbs within it by at least rankJump places, anything else is a surge.
import type { ProductCount } from './counts';
import type { TrendDirection } from './types';

export interface RiseFacts {
  /** Rank in this window by orders (1 = most). */
  rank: number;
  /** Rank by the baseline's share, or null when it is not among the products that matter. */
  baselineRank: number | null;
  /** It had not really sold before this episode. */
  isNew: boolean;
  topK: number;
  rankJump: number;
}

export function classifyRise(f: RiseFacts): TrendDirection {
  const inTop = f.rank <= f.topK;
  if (f.isNew || (inTop && (f.baselineRank === null || f.baselineRank > f.topK))) return 'new-entrant';
  if (inTop && f.baselineRank !== null && f.baselineRank - f.rank >= f.rankJump) return 'rank-mover';
  return 'surge';
}

/** Rank of a product in a window by orders, ties broken by id as top-products does. */
export function windowRank(products: ReadonlyMap<number, ProductCount>, id: number, orders: number): number {
  let rank = 1;
  for (const [other, p] of products) if (p.orders > orders || (p.orders === orders && other < id)) rank++;
  return rank;
}
