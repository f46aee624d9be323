// Closed windows as the live view keeps them: plain sums without the distinct sketches, and
// products in typed columns with their names in one directory shared by every window. At
// 500 orders/s a one-minute window sells ~35k products: ~18 MB as a WindowAgg, under 1 MB
// here. Hour blocks (mergeRetained) hold the long ranges; a WindowAgg is itself a
// RetainedWindow, so every reader takes either.
import { addMoney, type Totals, type WindowAgg } from '../domain/index';
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
}

/** Names by product id, one entry per product ever seen: bounded by the catalogue. */
export type ProductDirectory = Map<number, ProductInfo>;

class ProductColumns implements ProductTable {
  constructor(
    private readonly ids: Int32Array,
    private readonly counts: Int32Array, // orders, quantity, reorders per product, interleaved
    private readonly revenue: Float64Array,
    private readonly directory: ProductDirectory,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  private at(i: number): RetainedProduct {
    const info = this.directory.get(this.ids[i] as number) as ProductInfo;
    const c = this.counts;
    return { ...info, orders: c[3 * i] as number, quantity: c[3 * i + 1] as number, reorders: c[3 * i + 2] as number, revenue: this.revenue[i] as number };
  }

  get(id: number): RetainedProduct | undefined {
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid] as number;
      if (v === id) return this.at(mid);
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  forEach(fn: (product: RetainedProduct, id: number) => void): void {
    // One object for the whole walk: ranges apply every product of a window several times.
    const p: RetainedProduct = { name: '', departmentId: 0, department: '', orders: 0, quantity: 0, reorders: 0, revenue: 0 };
    const c = this.counts;
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i] as number;
      const info = this.directory.get(id) as ProductInfo;
      p.name = info.name;
      p.departmentId = info.departmentId;
      p.department = info.department;
      p.orders = c[3 * i] as number;
      p.quantity = c[3 * i + 1] as number;
      p.reorders = c[3 * i + 2] as number;
      p.revenue = this.revenue[i] as number;
      fn(p, id);
    }
  }

  *[Symbol.iterator](): Iterator<[number, RetainedProduct]> {
    for (let i = 0; i < this.ids.length; i++) yield [this.ids[i] as number, this.at(i)];
  }
}

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
  const ids = Int32Array.from(sums.keys()).sort();
  const counts = new Int32Array(ids.length * 3);
  const revenue = new Float64Array(ids.length);
  ids.forEach((id, i) => {
    const p = sums.get(id) as RetainedProduct;
    counts.set([p.orders, p.quantity, p.reorders], 3 * i);
    revenue[i] = p.revenue;
  });
  return new ProductColumns(ids, counts, revenue, directory);
}

/** Several windows (oldest first) as one, from the first start to the last end: an hour block. */
export function mergeRetained(windows: readonly RetainedWindow[], directory: ProductDirectory): RetainedWindow {
  const sums = createWindowSums();
  for (const w of windows) applyWindowSums(sums, w, 1, false);
  return {
    start: windows[0]?.start ?? 0, end: Math.max(...windows.map((w) => w.end)), ...sums.totals,
    products: toColumns(windows.map((w) => w.products), directory), departments: sums.departments, hours: sums.hours,
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

/** The window without its products: what the volume series and the totals need for a day. */
export const withoutProducts = (w: RetainedWindow): RetainedWindow => ({ ...w, products: NO_PRODUCTS });
