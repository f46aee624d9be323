// What some products really sold, as shares of the orders in 5-minute buckets of event time,
// measured from the counted windows, not from the detector. The scoring asks it whether an
// alert the labels did not foresee names a real change (see _trends-score.ts, aftermath).
import type { WindowCounts } from '../src/index';

const BUCKET_MS = 5 * 60_000;

export interface ShareMeter {
  /** Counts a closed window (any length; it falls in the bucket of its start). */
  add(w: WindowCounts): void;
  /** The product's orders and its share of the orders over the whole buckets inside [from, to); null without orders. */
  share(productId: number, from: number, to: number): { count: number; share: number } | null;
}

/** `watched(productId, departmentId)`: whether a product's counts are kept. */
export function createShareMeter(watched: (productId: number, departmentId: number | null) => boolean): ShareMeter {
  const orders = new Map<number, number>();
  const counts = new Map<number, Map<number, number>>();
  return {
    add(w) {
      const b = Math.floor(w.start / BUCKET_MS);
      orders.set(b, (orders.get(b) ?? 0) + w.orders);
      for (const [id, p] of w.products) {
        if (!watched(id, p.departmentId ?? null)) continue;
        let c = counts.get(id);
        if (!c) counts.set(id, (c = new Map()));
        c.set(b, (c.get(b) ?? 0) + p.orders);
      }
    },
    share(productId, from, to) {
      let n = 0;
      let count = 0;
      const c = counts.get(productId);
      for (let b = Math.ceil(from / BUCKET_MS); (b + 1) * BUCKET_MS <= to; b++) {
        n += orders.get(b) ?? 0;
        count += c?.get(b) ?? 0;
      }
      return n > 0 ? { count, share: count / n } : null;
    },
  };
}
