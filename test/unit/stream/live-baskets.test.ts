// The read side of "bought together": ranges over closed windows, hour blocks past the last
// hour, the retention, and figures equal to a plain count over the same orders.
import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg, type WindowAgg } from '../../../src/domain/index';
import { createBasketBook } from '../../../src/stream/live-baskets';
import { boughtTogetherAnswer, productPartnersAnswer } from '../../../src/stream/index';
import type { CheckoutEvent } from '../../../src/index';
import { basketOrders, countBaskets, plainLift } from '../../helpers/baskets';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 24, 0);

function windowOf(events: readonly CheckoutEvent[], start: number): WindowAgg {
  const w = createWindowAgg(start, start + MIN);
  events.forEach((e) => addOrder(w, e));
  return w;
}

/** `minutes` one-minute windows from T0, 20 orders each; returns the orders of each window. */
function fill(book: ReturnType<typeof createBasketBook>, minutes: number): CheckoutEvent[][] {
  return Array.from({ length: minutes }, (_, m) => {
    const events = basketOrders(20, T0 + m * MIN, MIN, 15, 100 + m);
    book.add(windowOf(events, T0 + m * MIN));
    return events;
  });
}

describe('the basket book', () => {
  it('answers a range from its closed windows, as a plain count over their orders', () => {
    const book = createBasketBook({ retentionMs: 24 * HOUR });
    const perWindow = fill(book, 30);
    const b = book.range('5m');
    expect([b.from, b.to, b.parts]).toEqual([T0 + 25 * MIN, T0 + 30 * MIN, 5]);
    const plain = countBaskets(perWindow.slice(25).flat());
    expect(b.orders).toBe(100);
    expect(b.ordersWith(3)).toBe(plain.ordersWith.get(3));
    const answer = productPartnersAnswer(b, 7, 3);
    expect(answer.exact).toBe(true);
    expect(answer.partners[0]).toMatchObject({ partnerId: 3, partnerName: 'Product 3', pairOrders: plain.pairs.get('3-7') });
    expect(answer.partners[0]!.lift).toBeCloseTo(plainLift(plain, 7, 3), 12);
    const all = boughtTogetherAnswer(book.range('all'), { products: 2, partners: 2, pairs: 3 });
    expect(all.orders).toBe(600);
    expect(all.products.map((p) => p.partners.length)).toEqual([2, 2]);
    expect(all.pairs).toHaveLength(3);
    expect(all.pairs[0]!.pairOrders).toBe(Math.max(...countBaskets(perWindow.flat()).pairs.values()));
  });

  it('folds windows past the last hour into hour blocks, and drops what the retention no longer holds', () => {
    const book = createBasketBook({ retentionMs: 3 * HOUR });
    const perWindow = fill(book, 4 * 60 + 30);
    const { windows, blocks } = book.footprint();
    expect(windows).toBe(60);
    expect(blocks).toBeLessThanOrEqual(3);
    const day = book.range('24h');
    // A block goes once it ends past the retention: what is kept reaches back 3 to 4 hours.
    const newest = T0 + 270 * MIN;
    expect(day.from).toBeGreaterThanOrEqual(newest - 4 * HOUR);
    expect(day.from).toBeLessThanOrEqual(newest - 3 * HOUR);
    expect(day.to).toBe(newest);
    expect(day.pairs.errorBound).toBe(0); // 15 products: every pair fits the capacity
    const plain = countBaskets(perWindow.flatMap((events, m) => (T0 + m * MIN >= day.from! ? events : [])));
    expect(day.orders).toBe(plain.orders);
    expect(day.pairs.count(3, 7)).toBe(plain.pairs.get('3-7'));
  });

  it('says so when nothing has closed yet', () => {
    const b = createBasketBook({ retentionMs: HOUR }).range('1h');
    expect(boughtTogetherAnswer(b)).toMatchObject({ orders: 0, from: null, to: null, products: [], pairs: [], exact: true });
  });
});
