// Drill-down: every product of a dashboard range (optionally of one department) as plain sums,
// and those summed by aisle. The same read model and ranker as the top products (the range
// book's sums plus the open windows, as live-query reads them), without ranking every product
// against the older half: a department sells thousands. Money stays exact (addMoney). Pure.
import { addMoney, rankProducts, type ProductStanding, type WindowAgg } from '../domain/index';
import type { DashboardRange, DashboardRangeBook } from './live-ranges';

/** A product of the range: what it sold (orders: orders containing it) and its rank by revenue (ties: lower id first). */
export type RangeProduct = Pick<ProductStanding, 'rank' | 'productId' | 'name' | 'departmentId' | 'department' | 'revenue' | 'units' | 'orders'>;

export interface AisleFigures {
  aisleId: number;
  aisle: string;
  departmentId: number;
  revenue: number;
  units: number;
  /** Orders containing each of its products, added up: an order with two of its products counts twice. */
  productOrders: number;
  products: number;
  /** Share of the listed products' revenue (the department's, for a department's list). */
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

/** Every product sold in the range (of the department, when given), best revenue first, ranked from 1. */
export function rangeProductSums(book: DashboardRangeBook, openWindows: readonly WindowAgg[], range: DashboardRange, departmentId: number | null): RangeProduct[] {
  const halves = book.halves(range);
  const open = openWindows.filter((w) => book.tiles(w) && w.start >= halves.bounds.from).map((w) => w.products);
  const { top } = rankProducts([halves.whole.products, ...open], { k: Number.POSITIVE_INFINITY, departmentId });
  return top.map((p) => ({ productId: p.productId, name: p.name, departmentId: p.departmentId, department: p.department, revenue: p.revenue, units: p.units, orders: p.orders, rank: p.rank }));
}

/** Sums the products by aisle, best revenue first. */
export function aisleFigures(products: readonly RangeProduct[], lookup: AisleLookup): AisleFigures[] {
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

/** The products of one aisle, in the order given (revenue, best first), ranked again from 1. */
export function aisleProducts(products: readonly RangeProduct[], aisleId: number, lookup: AisleLookup): RangeProduct[] {
  return products
    .filter((p) => (lookup.aisleOf(p.productId) ?? UNKNOWN_AISLE) === aisleId)
    .map((p, i) => ({ ...p, rank: i + 1 }));
}
