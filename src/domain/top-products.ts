// The one ranker of products. It ranks what one or more sources sold together (a window, a
// range's closed sums and open windows, a report's rows summed per product) by revenue or by
// units, money summed exactly, ties to the lower product id so that ranks are stable across
// runs and merges; and it gives each product its rank in an earlier period, counted among
// every product that sold then. Stage 2 ranks each window it closes with it (the rank columns
// of by_product), the live view its newest window (/api/top-products), the dashboard and the
// reports a range or a period (stream/live-rank.ts adds the trend arrow), the drill-down every
// product of a range, and the simple alert rule a window against the one before.
import { addMoney } from './event';

/** What ranking reads of a product: a ProductAgg or a retained product (quantity), or a range's sums (units). */
export interface ProductFigures {
  name: string;
  departmentId: number;
  department: string;
  revenue: number;
  orders: number;
  units?: number;
  quantity?: number;
}

/** Products by id: a Map, or a retained window's product table. */
export interface ProductSource {
  readonly size: number;
  get(id: number): ProductFigures | undefined;
  forEach(fn: (product: ProductFigures, id: number) => void): void;
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
  /** Rank in the earlier period among every product that sold then; null when it did not sell then. */
  previousRank: number | null;
  /** previousRank - rank (positive = climbed); null for a new entrant. */
  rankChange: number | null;
}

/** A window's top K against the window before. */
export type RankedProduct = ProductStanding;

export interface RankOptions {
  /** How many to keep (Infinity: every product). */
  k: number;
  by?: RankBy;
  /** Only the products of this department (null: every one). */
  departmentId?: number | null;
  /** The earlier period, for previousRank: omitted or empty, every product is new. */
  before?: readonly ProductSource[];
}

/** What a ranking sums of a product; orders are orders containing it. */
export type ProductSums = Pick<ProductStanding, 'name' | 'departmentId' | 'department' | 'revenue' | 'units' | 'orders'>;
type Sums = ProductSums;

const valueOf = (s: Pick<Sums, 'revenue' | 'units'>, by: RankBy): number => (by === 'revenue' ? s.revenue : s.units);

const beats = (aId: number, a: number, bId: number, b: number): boolean => a > b || (a === b && aId < bId);

/** A product summed over the sources it is in (money exactly), into `into`. */
function addUp(sources: readonly ProductSource[], id: number, into: Pick<Sums, 'revenue' | 'units' | 'orders'>): void {
  into.revenue = 0;
  into.units = 0;
  into.orders = 0;
  for (const source of sources) {
    const p = source.get(id);
    if (!p) continue;
    into.revenue = addMoney(into.revenue, p.revenue);
    into.units += p.units ?? p.quantity ?? 0;
    into.orders += p.orders;
  }
}

/** A product summed over the sources it is in (money exactly). */
export function sumProduct(sources: readonly ProductSource[], id: number): Pick<Sums, 'revenue' | 'units' | 'orders'> {
  const s = { revenue: 0, units: 0, orders: 0 };
  addUp(sources, id, s);
  return s;
}

/**
 * Every product of the sources (of the department) once, summed over all of them. The sums
 * passed are reused for the next product (copy what is kept): a range can hold every product
 * of the catalogue, and most of them are only looked at.
 */
function eachProduct(sources: readonly ProductSource[], departmentId: number | null, fn: (id: number, s: Sums) => void): void {
  const s: Sums = { name: '', departmentId: 0, department: '', revenue: 0, units: 0, orders: 0 };
  const seen = sources.length > 1 ? new Set<number>() : undefined;
  for (const source of sources) {
    source.forEach((p, id) => {
      if (departmentId !== null && p.departmentId !== departmentId) return;
      if (seen) {
        if (seen.has(id)) return;
        seen.add(id);
        addUp(sources, id, s);
      } else {
        s.revenue = p.revenue;
        s.units = p.units ?? p.quantity ?? 0;
        s.orders = p.orders;
      }
      s.name = p.name;
      s.departmentId = p.departmentId;
      s.department = p.department;
      fn(id, s);
    });
  }
}

/** Every product of the sources that sold (value > 0) with its value, to count who beats whom. */
function valuesOf(sources: readonly ProductSource[], by: RankBy, departmentId: number | null): { ids: number[]; values: number[] } {
  const ids: number[] = [];
  const values: number[] = [];
  eachProduct(sources, departmentId, (id, s) => {
    const value = valueOf(s, by);
    if (value <= 0) return;
    ids.push(id);
    values.push(value);
  });
  return { ids, values };
}

const rankIn = (field: { ids: number[]; values: number[] }, id: number, value: number): number => {
  let rank = 1;
  for (let j = 0; j < field.ids.length; j++) if (beats(field.ids[j] as number, field.values[j] as number, id, value)) rank++;
  return rank;
};

/** Rank of a product with `value` among the products of the sources (1 = best); they need not include it. */
export const rankAmong = (sources: readonly ProductSource[], id: number, value: number, by: RankBy = 'revenue'): number =>
  rankIn(valuesOf(sources, by, null), id, value);

/** The top k of the sources, with each product's rank in `before`; active counts every product sold. */
export function rankProducts(sources: readonly ProductSource[], options: RankOptions): { top: ProductStanding[]; active: number } {
  const { k, by = 'revenue', departmentId = null, before = [] } = options;
  let kept: Array<{ id: number; s: Sums }> = [];
  let active = 0;
  // Kept sorted as it goes for a small k (one comparison for most products), sorted once for a large one.
  const sortAtEnd = k > 64;
  const ahead = (a: { id: number; s: Sums }, b: { id: number; s: Sums }): boolean => beats(a.id, valueOf(a.s, by), b.id, valueOf(b.s, by));
  eachProduct(sources, departmentId, (id, s) => {
    if (s.orders <= 0) return;
    active++;
    const entry = { id, s };
    if (sortAtEnd) return void kept.push({ id, s: { ...s } });
    const n = kept.length;
    if (n === k && !ahead(entry, kept[n - 1] as { id: number; s: Sums })) return;
    let i = n;
    while (i > 0 && ahead(entry, kept[i - 1] as { id: number; s: Sums })) i--;
    kept.splice(i, 0, { id, s: { ...s } });
    if (kept.length > k) kept.pop();
  });
  if (sortAtEnd) kept = kept.sort((a, b) => (ahead(a, b) ? -1 : 1)).slice(0, k);
  const earlier = kept.length > 0 && before.length > 0 ? valuesOf(before, by, departmentId) : { ids: [], values: [] };
  const top = kept.map(({ id, s }, i): ProductStanding => {
    const then = before.length > 0 ? valueOf(sumProduct(before, id), by) : 0;
    const previousRank = then > 0 ? rankIn(earlier, id, then) : null;
    return {
      rank: i + 1, productId: id, name: s.name, departmentId: s.departmentId, department: s.department,
      revenue: s.revenue, units: s.units, orders: s.orders,
      previousRank, rankChange: previousRank === null ? null : previousRank - (i + 1),
    };
  });
  return { top, active };
}

/** A window's top k by revenue or units, against the window before when given. */
export const topProducts = (window: { products: ProductSource }, k: number, by: RankBy, before?: { products: ProductSource }): RankedProduct[] =>
  rankProducts([window.products], { k, by, before: before ? [before.products] : [] }).top;
