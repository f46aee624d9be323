// The tracks' slab: regions share blocks (the bound on what it allocates), never overlap,
// start zeroed, and a region longer than a block still gets all its numbers. A track keeps
// its numbers and both banks in one region, and reads back what was written through it.
import { describe, expect, it } from 'vitest';
import { BANK_BLOCK_LENGTH, createBankSlab, type SlabRegion } from '../../../../src/domain/trend/bank-slab';
import { bankLength, DOWN_RATIOS, readCusums, STRIDE, stepCusums, UP_RATIOS } from '../../../../src/domain/trend/poisson';
import { createTrack, endEpisode, isHot, runOf, TRACK_NUMBERS } from '../../../../src/domain/trend/tracks';

const BANKS = { up: UP_RATIOS, down: DOWN_RATIOS };
const numbersOf = (r: SlabRegion, length: number): number[] => [...r.data.subarray(r.off, r.off + length)];

describe('the tracks slab', () => {
  it('allocates one block per blockLength numbers taken, not one buffer per region', () => {
    const slab = createBankSlab(100);
    const taken = Array.from({ length: 1000 }, () => slab.take(20));
    // 5 regions of 20 fill a block of 100 exactly.
    expect(slab.blocks).toBe(200);
    expect(new Set(taken.map((r) => r.data)).size).toBe(200);
    const mixed = createBankSlab(100);
    for (let i = 0; i < 1000; i++) mixed.take(i % 2 === 0 ? 20 : 16);
    // 18,000 numbers; a block is left with fewer than 20 unused, so at least 81 of 100 are used.
    expect(mixed.blocks).toBeGreaterThanOrEqual(180);
    expect(mixed.blocks).toBeLessThanOrEqual(Math.ceil(18_000 / 81));
  });

  it('gives regions that start zeroed and do not overlap', () => {
    const slab = createBankSlab(64);
    const regions = Array.from({ length: 50 }, () => slab.take(12));
    expect(regions.every((r) => numbersOf(r, 12).every((v) => v === 0))).toBe(true);
    regions.forEach((r, i) => r.data.fill(i + 1, r.off, r.off + 12));
    regions.forEach((r, i) => expect(numbersOf(r, 12)).toEqual(new Array(12).fill(i + 1)));
    regions[3]!.data.fill(0, regions[3]!.off, regions[3]!.off + 12);
    expect([...numbersOf(regions[2]!, 12), ...numbersOf(regions[4]!, 12)]).toEqual([...new Array(12).fill(3), ...new Array(12).fill(5)]);
  });

  it('gives a region longer than a block a block of its own', () => {
    const slab = createBankSlab(8);
    const big = slab.take(30);
    expect(big.off).toBe(0);
    expect(big.data.length).toBe(30);
    expect(slab.blocks).toBe(1);
  });
});

describe('a track in its region', () => {
  it('keeps its numbers and both banks in one region of a shared 64 KiB block, beside other tracks', () => {
    const a = createTrack('product', 1, 'a', 3, BANKS);
    const b = createTrack('product', 2, 'b', 3, BANKS);
    expect(a.data.length).toBe(BANK_BLOCK_LENGTH);
    expect(b.data).toBe(a.data);
    expect(a.upAt).toBe(a.off + TRACK_NUMBERS);
    expect(a.downAt - a.upAt).toBe(bankLength(UP_RATIOS));
    expect(a.end - a.downAt).toBe(bankLength(DOWN_RATIOS));
    expect(b.off).toBe(a.end);
  });

  it('reads back every number written, unset times as null (not 0), and leaves its neighbours alone', () => {
    const a = createTrack('product', 1, 'a', 3, BANKS);
    const b = createTrack('product', 2, 'b', 3, BANKS);
    expect([a.holdSince, a.firstSeen, a.minutes, a.visitedAt, a.observed]).toEqual([null, null, 1, -1, 0]);
    const fields = ['observed', 'expected', 'minutes', 'deferred', 'deferredAt', 'steppedOrders', 'steppedMinutes', 'base', 'visitedAt', 'normal'] as const;
    fields.forEach((f, i) => (a[f] = 1_700_000_000_000 + i + 0.25));
    a.holdSince = 0;
    a.firstSeen = 1_700_000_000_123;
    fields.forEach((f, i) => expect(a[f]).toBe(1_700_000_000_000 + i + 0.25));
    expect([a.holdSince, a.firstSeen]).toEqual([0, 1_700_000_000_123]);
    a.holdSince = null;
    expect(a.holdSince).toBeNull();
    expect([b.holdSince, b.firstSeen, b.minutes, b.visitedAt, b.observed, b.base]).toEqual([null, null, 1, -1, 0, 0]);
    expect(numbersOf({ data: b.data, off: b.upAt }, b.end - b.upAt).every((v) => v === 0)).toBe(true);
  });

  it('steps its banks in place: the drops bank alone makes it hot, and ending an episode clears both', () => {
    const t = createTrack('product', 7, 'p', 1, BANKS);
    const neighbour = createTrack('product', 8, 'q', 1, BANKS);
    const before = numbersOf({ data: neighbour.data, off: neighbour.off }, neighbour.end - neighbour.off);
    stepCusums(t.data, UP_RATIOS, 40, 10, 1, 1, Number.POSITIVE_INFINITY, 5, t.upAt);
    expect(readCusums(t.data, t.upAt, t.downAt).statistic).toBeCloseTo(40 * Math.log(4) - 30, 12);
    expect(isHot(t)).toBe(false);
    stepCusums(t.data, DOWN_RATIOS, 0, 10, 1, 1, Number.POSITIVE_INFINITY, 5, t.downAt);
    expect(isHot(t)).toBe(true);
    expect(runOf(t)?.count).toBe(40);
    // The run start (event time 5) is kept per CUSUM.
    expect(t.data[t.upAt + STRIDE - 1]).toBe(5);
    endEpisode(t);
    expect(isHot(t)).toBe(false);
    expect(runOf(t)).toBeUndefined();
    expect(numbersOf({ data: neighbour.data, off: neighbour.off }, neighbour.end - neighbour.off)).toEqual(before);
  });
});
