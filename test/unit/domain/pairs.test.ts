// Pair counts ("bought together"): exact against a plain count while within capacity, merged
// shards equal one pass, and past capacity every count stays within the stated error bound.
import { describe, expect, it } from 'vitest';
import { addOrder, createPairCounts, createWindowAgg, mergeWindow, partnersOf, type BasketFigures, type PairCounts } from '../../../src/domain/index';
import { createSyntheticSource } from '../../../src/index';
import { basketOrders, countBaskets, plainLift } from '../../helpers/baskets';

const held = (p: PairCounts): Map<string, number> => new Map(p.entries().map(([a, b, n]) => [`${a}-${b}`, n]));

describe('pair counts', () => {
  it('count every pair of distinct products of an order once, exactly while within capacity', () => {
    const events = basketOrders(400, 0, 60_000);
    const pairs = createPairCounts(1024);
    events.forEach((e) => pairs.addOrder(e.lines.map((l) => l.product_id)));
    const plain = countBaskets(events);
    expect(pairs.errorBound).toBe(0);
    expect(held(pairs)).toEqual(plain.pairs);
    expect(pairs.occurrences).toBe([...plain.pairs.values()].reduce((a, b) => a + b, 0));
    pairs.addOrder([9, 9, 4]); // a product twice in one order is one pair
    expect(pairs.count(4, 9)).toBe((plain.pairs.get('4-9') ?? 0) + 1);
  });

  it('merge shards into the single-pass counts', () => {
    const events = basketOrders(300, 0, 60_000, 25, 3);
    const single = createWindowAgg(0, 60_000);
    events.forEach((e) => addOrder(single, e));
    const shards = [0, 1, 2].map(() => createWindowAgg(0, 60_000));
    events.forEach((e, i) => addOrder(shards[i % 3]!, e));
    const merged = createWindowAgg(0, 60_000);
    shards.forEach((s) => mergeWindow(merged, s));
    expect(held(merged.pairs)).toEqual(held(single.pairs));
    expect(merged.pairs.occurrences).toBe(single.pairs.occurrences);
  });

  it('stay within the error bound once pruned, and never over-count', () => {
    const events = [...createSyntheticSource({ seed: 4, startTime: Date.UTC(2026, 10, 24, 9), ordersPerSecond: 50, maxOrders: 3_000, seasonality: false }).generate()];
    const capacity = 64;
    const shards = [0, 1, 2, 3].map(() => createPairCounts(capacity));
    events.forEach((e, i) => shards[i % 4]!.addOrder(e.lines.map((l) => l.product_id)));
    const merged = createPairCounts(capacity);
    shards.forEach((s) => { s.compact(); expect(s.size).toBeLessThanOrEqual(capacity); merged.merge(s); });
    const plain = countBaskets(events);
    expect(merged.errorBound).toBeGreaterThan(0);
    const heldTotal = merged.entries().reduce((n, [, , c]) => n + c, 0);
    expect(merged.errorBound).toBeLessThanOrEqual((merged.occurrences - heldTotal) / (capacity + 1));
    expect(merged.size).toBeLessThanOrEqual(2 * capacity);
    const outside = [...plain.pairs].filter(([key, truth]) => {
      const [a, b] = key.split('-').map(Number) as [number, number];
      const estimate = merged.count(a, b);
      return estimate > truth || estimate < truth - merged.errorBound;
    });
    expect(plain.pairs.size).toBeGreaterThan(10 * capacity);
    expect(outside).toEqual([]);
  });
  it('prune many times while counting an order\'s lines, within the bound, and keep only the smallest table once compacted', () => {
    const events = [...createSyntheticSource({ seed: 9, startTime: Date.UTC(2026, 10, 24, 9), ordersPerSecond: 50, maxOrders: 2_000, seasonality: false }).generate()];
    const capacity = 32;
    const pairs = createPairCounts(capacity);
    let largest = 0;
    events.forEach((e) => { pairs.addLines(e.lines); largest = Math.max(largest, pairs.bytes); });
    const plain = countBaskets(events);
    // Many prunes: far more distinct pairs than the table ever held.
    expect(plain.pairs.size).toBeGreaterThan(100 * capacity);
    expect(pairs.occurrences).toBe([...plain.pairs.values()].reduce((a, b) => a + b, 0));
    const outside = [...plain.pairs].filter(([key, truth]) => {
      const [a, b] = key.split('-').map(Number) as [number, number];
      const estimate = pairs.count(a, b);
      return estimate > truth || estimate < truth - pairs.errorBound;
    });
    expect(outside).toEqual([]);
    pairs.compact();
    expect(pairs.size).toBeLessThanOrEqual(capacity);
    // 12 bytes a slot; the smallest power of two (≥ 64) holding `size` pairs at most half full.
    let slots = 64;
    while (slots < 2 * (pairs.size + 1)) slots *= 2;
    expect(pairs.bytes).toBe(12 * slots);
    expect(pairs.bytes).toBeLessThan(largest);
    // A summary within its capacity whose table grew is shrunk too.
    const few = createPairCounts(10_000);
    events.slice(0, 300).forEach((e) => few.addLines(e.lines));
    const before = few.entries();
    few.compact();
    expect(few.entries()).toEqual(before);
    slots = 64;
    while (slots < 2 * (few.size + 1)) slots *= 2;
    expect(few.bytes).toBe(12 * slots);
  });
});

describe('bought together', () => {
  it('gives support, confidence and lift as the plain counts do, planted partners first', () => {
    const events = basketOrders(500, 0, 60_000);
    const window = createWindowAgg(0, 60_000);
    events.forEach((e) => addOrder(window, e));
    const figures: BasketFigures = { orders: window.orders, ordersWith: (id) => window.products.get(id)?.orders ?? 0, pairs: window.pairs };
    const plain = countBaskets(events);
    const [first] = partnersOf(figures, 7, 3);
    expect(first?.partnerId).toBe(3);
    expect(first!.pairOrders).toBe(plain.pairs.get('3-7'));
    expect(first!.support).toBe(plain.pairs.get('3-7')! / 500);
    expect(first!.confidence).toBe(plain.pairs.get('3-7')! / plain.ordersWith.get(7)!);
    expect(first!.lift).toBeCloseTo(plainLift(plain, 7, 3), 12);
    expect(first!.lift).toBeGreaterThan(2);
    expect(partnersOf(figures, 12, 1)[0]?.partnerId).toBe(5);
  });
});
