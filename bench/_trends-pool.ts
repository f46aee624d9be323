// Products of the synthetic catalogue by measured share, for picking scenario subjects: a
// sample of the generator's own stream (no seasonality), counted per product.
import { createSyntheticSource } from '../src/index';

export interface ProductPool {
  /** The unused product whose share is nearest `share`, from a department not in `avoidDepartments` (which it joins). */
  pick(share: number, avoidDepartments: Set<number>): { id: number; departmentId: number; share: number };
}

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
  const used = new Set<number>();
  // By log-share, so the nearest products to a wanted share lie on either side of where it would go.
  const all = [...counts].map(([id, c]) => ({ id, departmentId: c.departmentId, share: c.n / sampleOrders, log: Math.log(c.n / sampleOrders) }))
    .sort((a, b) => a.log - b.log || a.id - b.id);
  return {
    pick(share, avoid) {
      const target = Math.log(share);
      let hi = all.findIndex((p) => p.log >= target);
      if (hi < 0) hi = all.length;
      let lo = hi - 1;
      const usable = (i: number): boolean => !used.has(all[i]!.id) && !avoid.has(all[i]!.departmentId);
      while (lo >= 0 || hi < all.length) {
        const takeLow = hi >= all.length || (lo >= 0 && target - all[lo]!.log <= all[hi]!.log - target);
        const i = takeLow ? lo-- : hi++;
        if (!usable(i)) continue;
        const best = all[i]!;
        used.add(best.id);
        avoid.add(best.departmentId);
        return best;
      }
      throw new Error(`no product left near share ${share}`);
    },
  };
}
