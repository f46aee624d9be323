// Closed windows as the live view keeps them: plain sums without the distinct sketches, and
// products as one varint byte string (live-product-bytes.ts) with their names in one directory
// shared by every window. At 500 orders/s a one-minute window sells ~43k products: ~18 MB as a
// WindowAgg, ~0.31 MB here (7.3 bytes a product; 12 in the narrowest fixed-width columns,
// live-columns.ts, which remain for values the byte string cannot hold exactly). Hour blocks
// (mergeRetained) hold the long ranges; a WindowAgg is itself a RetainedWindow, so every
// reader takes either.
import { addMoney, createPairCounts, MONEY_SCALE, type PairCounts, type Totals, type WindowAgg } from '../domain/index';
import { columnAt, packColumn, type PackedColumn } from './live-columns';
import { packSums } from './live-packed-sums';
import { ProductBytes, type ProductNumbers, type ProductNumberStore } from './live-product-bytes';
import { applyWindowSums, createWindowSums, type DepartmentSums, type HourSums } from './live-sums';

export interface ProductInfo {
  name: string;
  departmentId: number;
  department: string;
  /** Its aisle, as the window's product carried it (drill-down, live-aisles.ts). */
  aisleId?: number;
}

/** What a retained window holds of a product; orders are orders containing it. */
export interface RetainedProduct extends ProductInfo {
  orders: number;
  quantity: number;
  revenue: number;
  reorders: number;
}

/** The part of a Map the readers of retained products use. */
export interface ProductTable {
  readonly size: number;
  get(id: number): RetainedProduct | undefined;
  /** The product passed may be reused for the next one: copy what is kept. */
  forEach(fn: (product: RetainedProduct, id: number) => void): void;
  [Symbol.iterator](): Iterator<[number, RetainedProduct]>;
}

export interface RetainedWindow extends Totals {
  start: number;
  end: number;
  products: ProductTable;
  departments: ReadonlyMap<number, DepartmentSums>;
  hours: ReadonlyMap<number, HourSums>;
  /**
   * Its pair summary ("bought together"): kept with the products, in the windows of the detail
   * tier and in the hour blocks; a window past the detail tier has none.
   */
  pairs?: PairCounts;
}

/** Names by product id, one entry per product ever seen: bounded by the catalogue. */
export type ProductDirectory = Map<number, ProductInfo>;

/** The numbers in the narrowest fixed-width columns (live-columns.ts): for values the byte string cannot hold exactly. */
class PackedNumbers implements ProductNumberStore {
  constructor(
    private readonly ids: PackedColumn,
    private readonly counts: PackedColumn, // orders, quantity, reorders per product, interleaved
    private readonly revenue: PackedColumn,
  ) {}

  get size(): number {
    return this.ids.values.length;
  }

  get bytes(): number {
    return this.ids.values.byteLength + this.counts.values.byteLength + this.revenue.values.byteLength;
  }

  private fill(p: ProductNumbers, i: number): void {
    const c = this.counts;
    p.id = this.ids.values[i] as number;
    p.orders = columnAt(c, 3 * i);
    p.quantity = columnAt(c, 3 * i + 1);
    p.reorders = columnAt(c, 3 * i + 2);
    p.revenue = columnAt(this.revenue, i);
  }

  forEach(p: ProductNumbers, fn: (p: ProductNumbers) => void): void {
    for (let i = 0; i < this.size; i++) {
      this.fill(p, i);
      fn(p);
    }
  }

  *items(): Generator<ProductNumbers> {
    for (let i = 0; i < this.size; i++) {
      const p: ProductNumbers = { id: 0, orders: 0, quantity: 0, reorders: 0, revenue: 0 };
      this.fill(p, i);
      yield p;
    }
  }

  find(id: number, p: ProductNumbers): boolean {
    const ids = this.ids.values;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = ids[mid] as number;
      if (v === id) {
        this.fill(p, mid);
        return true;
      }
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** A window's products: their numbers from a store, their names from the shared directory. */
class NamedProducts implements ProductTable {
  constructor(readonly numbers: ProductNumberStore, private readonly directory: ProductDirectory) {}

  get size(): number {
    return this.numbers.size;
  }

  private named(n: ProductNumbers): RetainedProduct {
    const { orders, quantity, reorders, revenue } = n;
    return { ...(this.directory.get(n.id) as ProductInfo), orders, quantity, reorders, revenue };
  }

  get(id: number): RetainedProduct | undefined {
    const n = blankNumbers();
    return this.numbers.find(id, n) ? this.named(n) : undefined;
  }

  forEach(fn: (product: RetainedProduct, id: number) => void): void {
    // One object for the whole walk: ranges apply every product of a window several times.
    const p: RetainedProduct = { name: '', departmentId: 0, department: '', orders: 0, quantity: 0, reorders: 0, revenue: 0 };
    this.numbers.forEach(blankNumbers(), (n) => {
      const info = this.directory.get(n.id) as ProductInfo;
      p.name = info.name;
      p.departmentId = info.departmentId;
      p.department = info.department;
      p.orders = n.orders;
      p.quantity = n.quantity;
      p.reorders = n.reorders;
      p.revenue = n.revenue;
      fn(p, n.id);
    });
  }

  *[Symbol.iterator](): Iterator<[number, RetainedProduct]> {
    for (const n of this.numbers.items()) yield [n.id, this.named(n)];
  }
}

const blankNumbers = (): ProductNumbers => ({ id: 0, orders: 0, quantity: 0, reorders: 0, revenue: 0 });

/** Bytes of a table's numbers; undefined for a table that is not kept compact (a WindowAgg's map). */
export const productTableBytes = (table: ProductTable): number | undefined => (table instanceof NamedProducts ? table.numbers.bytes : undefined);

/** Products summed from any number of tables, into columns sorted by id. */
function toColumns(tables: readonly ProductTable[], directory: ProductDirectory): ProductTable {
  const sums = new Map<number, RetainedProduct>();
  for (const table of tables) {
    table.forEach((p, id) => {
      if (!directory.has(id)) {
        const { aisleId } = p as { aisleId?: number };
        directory.set(id, { name: p.name, departmentId: p.departmentId, department: p.department, ...(aisleId === undefined ? {} : { aisleId }) });
      }
      const s = sums.get(id);
      if (!s) sums.set(id, { ...p });
      else {
        s.orders += p.orders;
        s.quantity += p.quantity;
        s.reorders += p.reorders;
        s.revenue = addMoney(s.revenue, p.revenue);
      }
    });
  }
  const ids = Float64Array.from(sums.keys()).sort();
  const counts = new Float64Array(ids.length * 3);
  const revenue = new Float64Array(ids.length);
  ids.forEach((id, i) => {
    const p = sums.get(id) as RetainedProduct;
    counts.set([p.orders, p.quantity, p.reorders], 3 * i);
    revenue[i] = p.revenue;
  });
  const numbers = ProductBytes.encode(ids, counts, revenue) ?? new PackedNumbers(packColumn(ids), packColumn(counts), packColumn(revenue, MONEY_SCALE));
  return new NamedProducts(numbers, directory);
}

/**
 * The windows' pair summaries as one, at the largest capacity among them: a merge keeps the
 * summary's error bound (pairs.ts). Undefined when none has pairs.
 */
function mergePairs(windows: readonly RetainedWindow[]): PairCounts | undefined {
  const held = windows.flatMap((w) => (w.pairs ? [w.pairs] : []));
  if (held.length === 0) return undefined;
  const pairs = createPairCounts(Math.max(...held.map((p) => p.capacity)));
  held.forEach((p) => pairs.merge(p));
  pairs.compact();
  return pairs;
}

/** Several windows (oldest first) as one, from the first start to the last end: an hour block. */
export function mergeRetained(windows: readonly RetainedWindow[], directory: ProductDirectory): RetainedWindow {
  const sums = createWindowSums();
  for (const w of windows) applyWindowSums(sums, w, 1, false);
  const pairs = mergePairs(windows);
  return {
    start: windows[0]?.start ?? 0, end: Math.max(...windows.map((w) => w.end)), ...sums.totals,
    products: toColumns(windows.map((w) => w.products), directory), departments: sums.departments, hours: sums.hours,
    ...(pairs ? { pairs } : {}),
  };
}

/** A closed window as the live view keeps it. */
export const retainWindow = (w: WindowAgg, directory: ProductDirectory): RetainedWindow => mergeRetained([w], directory);

const NO_PRODUCTS: ProductTable = {
  size: 0,
  get: () => undefined,
  forEach: () => undefined,
  [Symbol.iterator]: () => [][Symbol.iterator](),
};

/** Bytes of a retained window's typed columns and pair table: what its products and pairs cost. */
export const retainedBytes = (w: RetainedWindow): number =>
  (productTableBytes(w.products) ?? 0) + (w.pairs?.bytes ?? 0);

/** The window without its pair summary. */
export function withoutPairs(w: RetainedWindow): RetainedWindow {
  if (!w.pairs) return w;
  const { pairs: _dropped, ...rest } = w;
  return rest;
}

/** The window without its products and pairs, its sums packed: what the volume series and the totals need for a day. */
export const withoutProducts = (w: RetainedWindow): RetainedWindow => packSums({ ...withoutPairs(w), products: NO_PRODUCTS });
