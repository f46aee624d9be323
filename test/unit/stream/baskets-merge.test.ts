// #16 item 4's acceptance: lift from partials merged across partitions (through their wire
// form) equals lift from a single pass over the same orders, counted plainly.
import { describe, expect, it } from 'vitest';
import { boughtTogether, type BasketFigures } from '../../../src/domain/index';
import { createTopologyDriver, tumbling } from '../../../src/index';
import { basketOrders, countBaskets, plainLift } from '../../helpers/baskets';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 9);

describe('bought together from merged partials', () => {
  it('equals a single pass: same pair orders, support, confidence and lift', () => {
    const events = basketOrders(600, T0, MIN, 30, 11);
    const driver = createTopologyDriver({ partitions: 3, settings: { window: tumbling(MIN), allowedLatenessMs: 0 } });
    events.forEach((e, i) => {
      driver.pipe(e);
      if (i % 50 === 49) driver.punctuate(); // many partials per partition
    });
    driver.finish();
    const [closed] = driver.closed;
    expect(driver.closed).toHaveLength(1);
    const w = closed!.window;
    expect(w.pairs.errorBound).toBe(0); // the fixture fits the capacity: nothing pruned
    const figures: BasketFigures = { orders: w.orders, ordersWith: (id) => w.products.get(id)?.orders ?? 0, pairs: w.pairs };

    const plain = countBaskets(events);
    const top = [...plain.ordersWith].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5).map(([id]) => id);
    const merged = boughtTogether(figures, top, 3);
    expect(merged.length).toBe(15);
    for (const p of merged) {
      const key = `${Math.min(p.productId, p.partnerId)}-${Math.max(p.productId, p.partnerId)}`;
      expect(p.pairOrders).toBe(plain.pairs.get(key));
      expect(p.support).toBe(plain.pairs.get(key)! / plain.orders);
      expect(p.confidence).toBe(plain.pairs.get(key)! / plain.ordersWith.get(p.productId)!);
      expect(p.lift).toBeCloseTo(plainLift(plain, p.productId, p.partnerId), 12);
    }
    // Each product's partners are its most frequent ones in the plain count too.
    for (const id of top) {
      const plainCounts = [...plain.pairs].filter(([k]) => k.split('-').map(Number).includes(id)).map(([, n]) => n).sort((a, b) => b - a);
      expect(merged.filter((p) => p.productId === id).map((p) => p.pairOrders)).toEqual(plainCounts.slice(0, 3));
    }
  });
});
