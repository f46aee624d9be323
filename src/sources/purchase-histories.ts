// What the synthetic stream remembers of each customer: their order count and their last
// products, for reorders. Kept in typed arrays, allocated by blocks of customers as they
// first order: ~170 bytes a customer instead of ~550 as Maps of arrays (~35 MB for Instacart's
// 206k customers), so a long run's producer levels off. Product ids take 2 bytes when the
// catalogue's all fit (Instacart's go to 49,688): ~90 bytes a customer, ~18 MB.
const BLOCK = 1_024;
const UINT16_MAX = 65_535;

export interface PurchaseHistories {
  /** -1 until the customer's first order. */
  orderNumber(user: number): number;
  setOrderNumber(user: number, n: number): void;
  /** The customer's last products, oldest first: a copy to change and write back. */
  read(user: number): number[];
  /** Keeps the newest `limit` of them. */
  write(user: number, products: readonly number[]): void;
  /** Bytes of the product blocks allocated so far. */
  readonly blockBytes: number;
}

/** `maxProductId`: the largest id that will be written (ids are non-negative integers). */
export function createPurchaseHistories(users: number, limit: number, maxProductId = Number.MAX_SAFE_INTEGER): PurchaseHistories {
  const numbers = new Int32Array(users + 1).fill(-1);
  const lengths = new Uint8Array(users + 1);
  const Block = maxProductId <= UINT16_MAX ? Uint16Array : Int32Array;
  const blocks: Array<Uint16Array | Int32Array | undefined> = [];
  const slot = (user: number): { block: Uint16Array | Int32Array; at: number } => {
    const b = Math.floor(user / BLOCK);
    const block = blocks[b] ?? (blocks[b] = new Block(BLOCK * limit));
    return { block, at: (user % BLOCK) * limit };
  };
  return {
    orderNumber: (user) => numbers[user] as number,
    setOrderNumber(user, n) {
      numbers[user] = n;
    },
    read(user) {
      const { block, at } = slot(user);
      const out = new Array<number>(lengths[user] as number);
      for (let i = 0; i < out.length; i++) out[i] = block[at + i] as number;
      return out;
    },
    write(user, products) {
      const { block, at } = slot(user);
      const kept = products.length > limit ? products.slice(products.length - limit) : products;
      block.set(kept, at);
      lengths[user] = kept.length;
    },
    get blockBytes() {
      return blocks.reduce((sum, block) => sum + (block?.byteLength ?? 0), 0);
    },
  };
}
