import { describe, expect, it } from 'vitest';
import { createPurchaseHistories } from '../../../src/sources/purchase-histories';

describe('purchase histories of the synthetic stream', () => {
  it('knows no customer before their first order, and each one apart from the others', () => {
    const h = createPurchaseHistories(5_000, 4);
    expect(h.orderNumber(4_321)).toBe(-1);
    expect(h.read(4_321)).toEqual([]);
    h.setOrderNumber(4_321, 7);
    h.write(4_321, [10, 11]);
    h.write(1, [99]);
    h.write(1_025, [55]); // the same slot in the next block of customers
    expect([h.orderNumber(4_321), h.orderNumber(1)]).toEqual([7, -1]);
    expect([h.read(4_321), h.read(1), h.read(1_025)]).toEqual([[10, 11], [99], [55]]);
  });

  it('keeps the newest products up to its limit, oldest first, and hands out copies', () => {
    const h = createPurchaseHistories(10, 4);
    h.write(3, [1, 2, 3, 4, 5, 6]);
    const past = h.read(3);
    expect(past).toEqual([3, 4, 5, 6]);
    past.push(7);
    expect(h.read(3)).toEqual([3, 4, 5, 6]);
    h.write(3, past);
    expect(h.read(3)).toEqual([4, 5, 6, 7]);
    h.write(3, [8]);
    expect(h.read(3)).toEqual([8]);
  });
});
