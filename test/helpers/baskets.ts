// A small basket fixture with planted partners, and "bought together" counted the plain way
// (every pair of every order, no summary), to check the sketches against.
import { createRandom } from '../../src/index';
import type { CheckoutEvent } from '../../src/index';
import { line, order } from './events';

/** Orders over `products` products in [start, start + spanMs): 7 goes with 3, 12 with 5, the rest at random. */
export function basketOrders(count: number, start: number, spanMs: number, products = 20, seed = 7): CheckoutEvent[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const ids = new Set<number>();
    const size = 1 + Math.floor(random.next() * 5);
    while (ids.size < size) ids.add(1 + Math.floor(random.next() * random.next() * products));
    if (ids.has(3) && random.next() < 0.8) ids.add(7);
    if (ids.has(5) && random.next() < 0.6) ids.add(12);
    return order(start + Math.floor((i * spanMs) / count), [...ids].map((id) => line(id)));
  });
}

export interface PlainBaskets {
  orders: number;
  ordersWith: Map<number, number>;
  pairs: Map<string, number>;
}

export function countBaskets(events: readonly CheckoutEvent[]): PlainBaskets {
  const ordersWith = new Map<number, number>();
  const pairs = new Map<string, number>();
  for (const e of events) {
    const ids = [...new Set(e.lines.map((l) => l.product_id))].sort((a, b) => a - b);
    for (const id of ids) ordersWith.set(id, (ordersWith.get(id) ?? 0) + 1);
    ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => pairs.set(`${a}-${b}`, (pairs.get(`${a}-${b}`) ?? 0) + 1)));
  }
  return { orders: events.length, ordersWith, pairs };
}

/** Lift of a pair from plain counts: P(A and B) / (P(A) P(B)). */
export function plainLift(b: PlainBaskets, x: number, y: number): number {
  const both = b.pairs.get(`${Math.min(x, y)}-${Math.max(x, y)}`) ?? 0;
  return (both / b.orders) / (((b.ordersWith.get(x) ?? 0) / b.orders) * ((b.ordersWith.get(y) ?? 0) / b.orders));
}
