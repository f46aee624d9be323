import { describe, expect, it } from 'vitest';
import { createDistinctCount, DistinctCount } from '../../../src/domain/distinct';

describe('distinct count', () => {
  it('is exact while small and survives JSON', () => {
    const d = createDistinctCount();
    [5, 7, 5, 9].forEach((id) => d.add(id));
    expect(d.estimate()).toBe(3);
    expect(createDistinctCount(JSON.parse(JSON.stringify(d.toJSON()))).estimate()).toBe(3);
  });

  it('merging parts gives exactly the single-pass state, small or large', () => {
    for (const n of [50, 100_000]) {
      const whole = createDistinctCount();
      const parts = [createDistinctCount(), createDistinctCount(), createDistinctCount()];
      for (let i = 0; i < n; i++) {
        const id = (i * 7919) % (n * 2);
        whole.add(id);
        parts[i % 3]!.add(id);
      }
      const merged = createDistinctCount();
      parts.forEach((p) => merged.merge(createDistinctCount(JSON.parse(JSON.stringify(p.toJSON())))));
      expect(merged.toJSON()).toEqual(whole.toJSON());
    }
  });

  it('estimates large counts within 5%', () => {
    const d = createDistinctCount();
    for (let i = 1; i <= 200_000; i++) d.add(i);
    expect(Math.abs(d.estimate() - 200_000) / 200_000).toBeLessThan(0.05);
  });

  it('settle into their estimate, shared by value, and refuse anything that needs the ids', () => {
    const small = createDistinctCount();
    [3, 9, 3, 27].forEach((id) => small.add(id));
    const large = createDistinctCount();
    for (let i = 0; i < 5_000; i++) large.add(i * 31);
    const settledSmall = DistinctCount.settled(small.estimate());
    expect(settledSmall.estimate()).toBe(3);
    expect(DistinctCount.settled(large.estimate()).estimate()).toBe(large.estimate());
    expect(DistinctCount.settled(3)).toBe(settledSmall);
    expect(DistinctCount.settled(10_000)).not.toBe(DistinctCount.settled(10_000));
    expect(() => settledSmall.add(4)).toThrow(/settled distinct count \(3\) cannot take another id/);
    expect(() => settledSmall.merge(small)).toThrow(/cannot be merged into/);
    expect(() => settledSmall.toJSON()).toThrow(/cannot be saved/);
    expect(() => settledSmall.parts()).toThrow(/cannot be encoded/);
    // Into a live count, either kind: refused, not read as empty registers.
    expect(() => small.merge(settledSmall)).toThrow(/cannot be merged into another/);
    expect(() => large.merge(settledSmall)).toThrow(/cannot be merged into another/);
    expect(small.estimate()).toBe(3);
  });
});
