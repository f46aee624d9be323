// Drill-down: a department's aisles and an aisle's products over a dashboard range, summed
// from the range's products (the same read model as the top products: live-query, live-rank).
// Money stays exact (addMoney). Pure.
import { addMoney } from '../domain';
import type { TrendingProduct } from './live-rank';

export interface AisleFigures {
  aisleId: number;
  aisle: string;
  departmentId: number;
  revenue: number;
  units: number;
  /** Orders containing each of its products, added up: an order with two of its products counts twice. */
  productOrders: number;
  products: number;
  /** Share of the department's revenue in the range. */
  share: number;
}

export interface AisleLookup {
  /** The aisle of a product (as the stream carried it); undefined when unknown. */
  aisleOf(productId: number): number | undefined;
  /** The aisle's name, e.g. from the Instacart aisles. */
  aisleName(aisleId: number): string | undefined;
}

/** Aisle id 0 holds the products whose aisle is not known. */
export const UNKNOWN_AISLE = 0;

/** Sums the products by aisle, best revenue first. */
export function aisleFigures(products: readonly TrendingProduct[], lookup: AisleLookup): AisleFigures[] {
  const byAisle = new Map<number, AisleFigures>();
  let total = 0;
  for (const p of products) {
    const aisleId = lookup.aisleOf(p.productId) ?? UNKNOWN_AISLE;
    let a = byAisle.get(aisleId);
    if (!a) {
      const aisle = aisleId === UNKNOWN_AISLE ? 'aisle not known' : lookup.aisleName(aisleId) ?? `aisle ${aisleId}`;
      a = { aisleId, aisle, departmentId: p.departmentId, revenue: 0, units: 0, productOrders: 0, products: 0, share: 0 };
      byAisle.set(aisleId, a);
    }
    a.revenue = addMoney(a.revenue, p.revenue);
    a.units += p.units;
    a.productOrders += p.orders;
    a.products++;
    total = addMoney(total, p.revenue);
  }
  const rows = [...byAisle.values()];
  for (const a of rows) a.share = total ? a.revenue / total : 0;
  return rows.sort((x, y) => y.revenue - x.revenue || x.aisleId - y.aisleId);
}

/** The products of one aisle, in the order given (the ranker's: revenue, best first), re-ranked from 1. */
export function aisleProducts(products: readonly TrendingProduct[], aisleId: number, lookup: AisleLookup): TrendingProduct[] {
  return products
    .filter((p) => (lookup.aisleOf(p.productId) ?? UNKNOWN_AISLE) === aisleId)
    .map((p, i) => ({ ...p, rank: i + 1 }));
}
