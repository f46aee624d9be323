// Hand-made windows of counts for the trend detector: Poisson draws around chosen rates, a
// day-shaped order volume, and changes switched on and off, all from a seed.
import { createRandom, type WindowCounts } from '../../src/index';

export const MINUTE = 60_000;
/** A Monday 00:00 UTC, aligned to the minute. */
export const DAY0 = Date.UTC(2026, 10, 23);

export interface Subject {
  id: number;
  departmentId: number;
  /** Share of orders containing it. */
  share: number;
}

/** A catalogue of `count` products over `departments` departments with Zipf-like shares. */
export function subjects(count: number, departments = 5, top = 0.2): Subject[] {
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, departmentId: (i % departments) + 1, share: top / (i + 1) }));
}

/** Orders per minute over a day: a night trough and a midday peak, as Instacart's shape. */
export const dayShape = (t: number): number => {
  const hour = ((t - DAY0) / 3_600_000) % 24;
  return 0.15 + 0.85 * Math.max(0, Math.sin(((hour - 5) / 17) * Math.PI));
};

export interface WindowStream {
  /** The window of counts starting at t, with `ordersPerMinute` orders and shares changed by `factor`. */
  window(t: number, ordersPerMinute: number, factor?: (s: Subject) => number): WindowCounts;
}

export function createWindowStream(catalogue: readonly Subject[], seed = 1): WindowStream {
  const random = createRandom(seed);
  return {
    window(t, ordersPerMinute, factor = () => 1) {
      const orders = Math.max(1, random.poisson(ordersPerMinute));
      const products = new Map<number, { name: string; departmentId: number; orders: number }>();
      const departments = new Map<number, { name: string; lines: number }>();
      for (const s of catalogue) {
        const n = Math.min(orders, random.poisson(orders * s.share * factor(s)));
        if (n === 0) continue;
        products.set(s.id, { name: `Product ${s.id}`, departmentId: s.departmentId, orders: n });
        const d = departments.get(s.departmentId) ?? { name: `Department ${s.departmentId}`, lines: 0 };
        d.lines += n;
        departments.set(s.departmentId, d);
      }
      return { start: t, end: t + MINUTE, orders, products, departments };
    },
  };
}
