// Products of the synthetic catalogue by measured share, for picking scenario subjects: a
// sample of the generator's own stream (no seasonality), counted per product.
//
// The catalogue is Instacart-shaped: a handful of big products (the top one is in ~15% of
// baskets), nearly all of them in produce and dairy. So a round cannot have one product per
// department at every wanted share: a pick prefers a department the round has not used, but
// takes a used one when no other department has a product within PREFER_FACTOR of the wanted
// share. A product is never picked twice from one pool (one stream): in this store a
// customer reorders what they bought, so a product that surged stays up for hours after its
// scenario ends, and its alert rightly stays open; a second scenario on it would not be
// raised again. So the later rounds of a stream take smaller products than the first.
import { createSyntheticSource } from '../src/index';

export interface ProductPool {
  /** The unused product nearest `share` (on a log scale), preferring a department not in `avoidDepartments` (which it joins). */
  pick(share: number, avoidDepartments: Set<number>): { id: number; departmentId: number; share: number };
}

/** A product from a department the round already has is taken only when it is this much nearer the wanted share. */
export const PREFER_FACTOR = 1.5;

export function createProductPool(seed: number, sampleOrders = 25_000): ProductPool {
  const source = createSyntheticSource({ seed, startTime: Date.UTC(2026, 0, 5), ordersPerSecond: 50, maxOrders: sampleOrders, seasonality: false });
  const counts = new Map<number, { n: number; departmentId: number }>();
  for (const e of source.generate()) {
    for (const l of e.lines) {
      const c = counts.get(l.product_id);
      if (c) c.n++;
      else counts.set(l.product_id, { n: 1, departmentId: l.department_id });
    }
  }
  const all = [...counts].map(([id, c]) => ({ id, departmentId: c.departmentId, share: c.n / sampleOrders }))
    .sort((a, b) => b.share - a.share || a.id - b.id);
  const used = new Set<number>();
  const penalty = Math.log(PREFER_FACTOR);
  return {
    pick(share, avoid) {
      let best: (typeof all)[number] | undefined;
      let bestCost = Number.POSITIVE_INFINITY;
      for (const p of all) {
        if (used.has(p.id)) continue;
        const cost = Math.abs(Math.log(p.share / share)) + (avoid.has(p.departmentId) ? penalty : 0);
        if (cost < bestCost || (cost === bestCost && best && p.id < best.id)) [best, bestCost] = [p, cost];
      }
      if (!best) throw new Error(`no product left near share ${share}: the sample of ${sampleOrders} orders holds too few products`);
      used.add(best.id);
      avoid.add(best.departmentId);
      return best;
    },
  };
}
