// A retained window's products as one byte string (live-retained.ts). Per product, by
// ascending id: the distance from the previous id, orders, quantity beyond orders (zigzag: a
// foreign window may have less), reorders, and revenue in whole 1/10,000 dollars, each a
// varint (bytes.ts). At 500 orders/s a minute's product is 7.3 bytes where the narrowest
// fixed-width columns took 12 (live-columns.ts), and an hour block's 9.3 where they took 22:
// most counts fit one byte and a revenue three, while a fixed width is set by the largest
// value. Every INDEX_STEP-th product's id and byte offset are kept, so finding one by id
// decodes at most INDEX_STEP products after a binary search.
import { MONEY_SCALE } from '../domain/index';
import { ByteReader, ByteWriter } from './bytes';

const INDEX_STEP = 32;

/** One product's numbers as the byte string gives them back. */
export interface ProductNumbers {
  id: number;
  orders: number;
  quantity: number;
  reorders: number;
  revenue: number;
}

/** Products' numbers by id, however they are stored (live-retained.ts names them). */
export interface ProductNumberStore {
  readonly size: number;
  /** Bytes of what holds the numbers. */
  readonly bytes: number;
  /** Every product in id order; `p` is filled again for each, so copy what is kept. */
  forEach(p: ProductNumbers, fn: (p: ProductNumbers) => void): void;
  /** The product with this id into `p`; false when there is none. */
  find(id: number, p: ProductNumbers): boolean;
  /** Every product in id order, each in an object of its own, decoded as the caller goes. */
  items(): Generator<ProductNumbers>;
}

const isCount = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;

// The bytes never leave the process, so a bad read is a bug here, not bad input.
const corrupt = (problem: string): never => {
  throw new Error(`a retained window's product bytes are damaged: ${problem}`);
};

/** The numbers after a product's id step, into `p`. */
function readNumbers(r: ByteReader, id: number, p: ProductNumbers): void {
  p.id = id;
  p.orders = r.uint();
  p.quantity = p.orders + r.int();
  p.reorders = r.uint();
  p.revenue = r.uint() / MONEY_SCALE;
}

export class ProductBytes implements ProductNumberStore {
  private constructor(
    readonly size: number,
    private readonly data: Uint8Array,
    /** Id and byte offset of products 0, INDEX_STEP, 2·INDEX_STEP, … */
    private readonly indexIds: Uint32Array | Float64Array,
    private readonly indexOffsets: Uint32Array,
  ) {}

  /**
   * Encodes products sorted by ascending id (counts interleaved as orders, quantity, reorders);
   * undefined when a value is not a whole count or its revenue is off the 1/10,000 grid, which
   * only fixed-width floats give back exactly.
   */
  static encode(ids: ArrayLike<number>, counts: ArrayLike<number>, revenue: ArrayLike<number>): ProductBytes | undefined {
    const n = ids.length;
    const w = new ByteWriter();
    const indexIds = new Float64Array(Math.ceil(n / INDEX_STEP));
    const indexOffsets = new Uint32Array(indexIds.length);
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i] as number;
      const orders = counts[3 * i] as number;
      const quantity = counts[3 * i + 1] as number;
      const reorders = counts[3 * i + 2] as number;
      const units = Math.round((revenue[i] as number) * MONEY_SCALE);
      if (!isCount(id) || id < previous || !isCount(orders) || !isCount(quantity) || !isCount(reorders) || !isCount(units) || units / MONEY_SCALE !== revenue[i]) return undefined;
      if (i % INDEX_STEP === 0) {
        indexIds[i / INDEX_STEP] = id;
        indexOffsets[i / INDEX_STEP] = w.size;
      }
      w.uint(id - previous);
      w.uint(orders);
      w.int(quantity - orders);
      w.uint(reorders);
      w.uint(units);
      previous = id;
    }
    const narrow = indexIds.every((id) => id <= 0xffffffff) ? Uint32Array.from(indexIds) : indexIds;
    return new ProductBytes(n, w.finish(), narrow, indexOffsets);
  }

  /** Bytes of the string and its index. */
  get bytes(): number {
    return this.data.byteLength + this.indexIds.byteLength + this.indexOffsets.byteLength;
  }

  /** Decodes products `from` (a multiple of INDEX_STEP) up to `to` into `p`, calling `fn` after each; `fn` returning true stops. */
  private walk(from: number, to: number, p: ProductNumbers, fn: (p: ProductNumbers) => boolean | void): void {
    const block = from / INDEX_STEP;
    const r = new ByteReader(this.data, corrupt, this.indexOffsets[block] ?? 0);
    let id = 0;
    for (let i = from; i < to; i++) {
      const step = r.uint();
      // An indexed product's step is from the product before it, which this walk did not read.
      id = i === from && from > 0 ? (this.indexIds[block] as number) : id + step;
      readNumbers(r, id, p);
      if (fn(p) === true) return;
    }
  }

  /** Every product in id order, each in an object of its own: for readers that keep them or stop early. */
  *items(): Generator<ProductNumbers> {
    const r = new ByteReader(this.data, corrupt);
    let id = 0;
    for (let i = 0; i < this.size; i++) {
      id += r.uint();
      const p: ProductNumbers = { id, orders: 0, quantity: 0, reorders: 0, revenue: 0 };
      readNumbers(r, id, p);
      yield p;
    }
  }

  /** Every product in id order; `p` is filled again for each, so copy what is kept. */
  forEach(p: ProductNumbers, fn: (p: ProductNumbers) => void): void {
    this.walk(0, this.size, p, fn);
  }

  /** The product with this id into `p`; false when the window has none. */
  find(id: number, p: ProductNumbers): boolean {
    const index = this.indexIds;
    let lo = 0;
    let hi = index.length - 1;
    // The last index entry at or below the id.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((index[mid] as number) <= id) lo = mid;
      else hi = mid - 1;
    }
    if (index.length === 0 || (index[lo] as number) > id) return false;
    let found = false;
    this.walk(lo * INDEX_STEP, Math.min(this.size, (lo + 1) * INDEX_STEP), p, (q) => {
      if (q.id >= id) {
        found = q.id === id;
        return true;
      }
      return false;
    });
    return found;
  }
}
