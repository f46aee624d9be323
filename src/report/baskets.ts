// The report's "Bought together" table: for its top products, their most frequent partners in
// the period, with support, confidence and lift (domain/baskets.ts). Pair counts are by_pair's
// summed over the period's windows; orders with a product come from by_product, all orders from
// by_hour, so the figures are over the same windows as the rest of the report.
import { PairCounts, pairKey, partnersOf, type BasketFigures } from '../domain/index';
import type { HourWindowRow, PairWindowRow, ProductWindowRow } from './rows';

export interface ReportPartner {
  productId: number;
  product: string;
  partnerId: number;
  partner: string;
  pairOrders: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface ReportBaskets {
  partners: ReportPartner[];
  /** Orders of the period's windows. */
  orders: number;
  /** Pair counts may be low by up to this many orders (the windows' error bounds summed). */
  errorBound: number;
  /** False when the period has no pair counts at all (a history written before by_pair). */
  counted: boolean;
}

interface Rows {
  products: readonly ProductWindowRow[];
  hours: readonly HourWindowRow[];
  pairs: readonly PairWindowRow[];
}

export function reportBaskets(rows: Rows, productIds: readonly number[], perProduct = 3): ReportBaskets {
  const ordersWith = new Map<number, number>();
  const names = new Map<number, string>();
  for (const p of rows.products) {
    ordersWith.set(p.productId, (ordersWith.get(p.productId) ?? 0) + p.orders);
    names.set(p.productId, p.productName);
  }
  const counts = new Map<number, number>();
  const bounds = new Map<number, number>();
  for (const r of rows.pairs) {
    const key = pairKey(r.productId, r.partnerId);
    counts.set(key, (counts.get(key) ?? 0) + r.pairOrders);
    // Every row of a window carries its bound (a late correction's rows their own, usually 0).
    bounds.set(r.windowStart, Math.max(bounds.get(r.windowStart) ?? 0, r.errorBound));
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const errorBound = [...bounds.values()].reduce((a, b) => a + b, 0);
  const pairs = PairCounts.fromParts({ capacity: Math.max(1, keys.length), occurrences: 0, errorBound, keys, counts: keys.map((k) => counts.get(k) as number) });
  const figures: BasketFigures = { orders: rows.hours.reduce((n, h) => n + h.orders, 0), ordersWith: (id) => ordersWith.get(id) ?? 0, pairs };
  const partners = productIds.flatMap((id) => partnersOf(figures, id, perProduct)).map((p) => ({
    productId: p.productId, product: names.get(p.productId) ?? `#${p.productId}`, partnerId: p.partnerId, partner: names.get(p.partnerId) ?? `#${p.partnerId}`,
    pairOrders: p.pairOrders, support: p.support, confidence: p.confidence, lift: p.lift,
  }));
  return { partners, orders: figures.orders, errorBound, counted: rows.pairs.length > 0 };
}
