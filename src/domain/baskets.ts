// "Bought together": for a product A and a partner B over some orders,
//   support    = orders with both / orders
//   confidence = orders with both / orders with A     (how often A's baskets hold B)
//   lift       = confidence / (orders with B / orders) (1: independent; 2: twice as often as chance)
// Pair counts come from a PairCounts summary (pairs.ts); orders with a product are exact
// (ProductAgg.orders). Pair counts are lower bounds within the summary's errorBound, so are
// the three figures; `exact` says when they are exact.
import type { PairCounts } from './pairs';

export interface Partner {
  productId: number;
  partnerId: number;
  /** Orders holding both. */
  pairOrders: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface BasketFigures {
  /** Orders the figures are over. */
  orders: number;
  /** Orders containing a product (0 when unknown). */
  ordersWith(productId: number): number;
  pairs: PairCounts;
}

export function partnerFigures(figures: BasketFigures, productId: number, partnerId: number, pairOrders: number): Partner {
  const { orders } = figures;
  const withA = figures.ordersWith(productId);
  const withB = figures.ordersWith(partnerId);
  const confidence = withA > 0 ? pairOrders / withA : 0;
  return {
    productId, partnerId, pairOrders,
    support: orders > 0 ? pairOrders / orders : 0,
    confidence,
    lift: withB > 0 && orders > 0 ? (pairOrders * orders) / (withA * withB) : 0,
  };
}

/** The product's most frequent partners in the summary, most orders first (ties: higher lift, then id). */
export function partnersOf(figures: BasketFigures, productId: number, k = 5): Partner[] {
  const found: Partner[] = [];
  for (const [a, b, n] of figures.pairs.entries()) {
    if (a === productId) found.push(partnerFigures(figures, a, b, n));
    else if (b === productId) found.push(partnerFigures(figures, b, a, n));
  }
  return found.sort((x, y) => y.pairOrders - x.pairOrders || y.lift - x.lift || x.partnerId - y.partnerId).slice(0, k);
}

/** For each of the given products (the top products, say), its most frequent partners. */
export const boughtTogether = (figures: BasketFigures, productIds: readonly number[], perProduct = 3): Partner[] =>
  productIds.flatMap((id) => partnersOf(figures, id, perProduct));

/** The most frequent pairs overall, each from its more frequent product's side. */
export function topPairs(figures: BasketFigures, k = 20): Partner[] {
  return figures.pairs.entries().slice(0, k).map(([a, b, n]) =>
    (figures.ordersWith(b) > figures.ordersWith(a) ? partnerFigures(figures, b, a, n) : partnerFigures(figures, a, b, n)));
}
