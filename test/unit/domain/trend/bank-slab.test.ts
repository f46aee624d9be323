// The CUSUM banks' slab: banks share blocks (the bound on what it allocates), never overlap,
// start zeroed, and a bank longer than a block still gets all its numbers.
import { describe, expect, it } from 'vitest';
import { BANK_BLOCK_LENGTH, createBankSlab } from '../../../../src/domain/trend/bank-slab';
import { createCusumBank, UP_RATIOS, DOWN_RATIOS, STRIDE } from '../../../../src/domain/trend/poisson';

describe('the CUSUM bank slab', () => {
  it('allocates one block per blockLength numbers taken, not one buffer per bank', () => {
    const slab = createBankSlab(100);
    const taken = Array.from({ length: 1000 }, () => slab.take(20));
    // 5 banks of 20 fill a block of 100 exactly.
    expect(slab.blocks).toBe(200);
    expect(new Set(taken.map((b) => b.buffer)).size).toBe(200);
    const mixed = createBankSlab(100);
    for (let i = 0; i < 1000; i++) mixed.take(i % 2 === 0 ? 20 : 16);
    // 18,000 numbers; a block is left with fewer than 20 unused, so at least 81 of 100 are used.
    expect(mixed.blocks).toBeGreaterThanOrEqual(180);
    expect(mixed.blocks).toBeLessThanOrEqual(Math.ceil(18_000 / 81));
  });

  it('gives banks that start zeroed and do not overlap', () => {
    const slab = createBankSlab(64);
    const banks = Array.from({ length: 50 }, () => slab.take(12));
    expect(banks.every((b) => b.every((v) => v === 0))).toBe(true);
    banks.forEach((b, i) => b.fill(i + 1));
    banks.forEach((b, i) => expect([...b]).toEqual(new Array(12).fill(i + 1)));
    banks[3]!.fill(0);
    expect([...banks[2]!, ...banks[4]!]).toEqual([...new Array(12).fill(3), ...new Array(12).fill(5)]);
  });

  it('gives a bank longer than a block a block of its own', () => {
    const slab = createBankSlab(8);
    const big = slab.take(30);
    expect(big.length).toBe(30);
    expect(big.buffer.byteLength).toBe(30 * 8);
    expect(slab.blocks).toBe(1);
  });

  it('is what the detector banks come from: the default banks share a 64 KiB block', () => {
    const up = createCusumBank(UP_RATIOS);
    const down = createCusumBank(DOWN_RATIOS);
    expect(up.length).toBe(UP_RATIOS.ratios.length * STRIDE);
    expect(down.length).toBe(DOWN_RATIOS.ratios.length * STRIDE);
    expect(up.buffer.byteLength).toBe(BANK_BLOCK_LENGTH * 8);
    expect(up.buffer).toBe(down.buffer);
  });
});
