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

  it('keeps product ids in 2 bytes when the largest fits, in 4 otherwise, with the same answers', () => {
    const small = createPurchaseHistories(3_000, 40, 49_688);
    const large = createPurchaseHistories(3_000, 40, 70_000);
    for (const h of [small, large]) {
      h.write(2_500, [49_688, 1, 65_535]);
      h.write(10, [7]);
    }
    expect(small.read(2_500)).toEqual([49_688, 1, 65_535]);
    large.write(11, [70_000]);
    expect([large.read(2_500), large.read(11)]).toEqual([[49_688, 1, 65_535], [70_000]]);
    // Two blocks of 1,024 customers each, 40 products a customer.
    expect(small.blockBytes).toBe(2 * 1_024 * 40 * 2);
    expect(large.blockBytes).toBe(2 * 1_024 * 40 * 4);
  });
});
