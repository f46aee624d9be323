import { describe, expect, it } from 'vitest';
import { createDistinctCount } from '../../../src/domain/distinct';

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
});
