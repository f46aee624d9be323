import { describe, expect, it } from 'vitest';
import { columnAt, packColumn } from '../../../src/stream/live-columns';

const back = (values: number[], scale?: number) => {
  const column = packColumn(values, scale);
  return { kind: column.values.constructor.name, values: values.map((_, i) => columnAt(column, i)) };
};

describe('packed columns', () => {
  it('take the narrowest unsigned width that holds the largest value', () => {
    expect(back([0, 7, 255]).kind).toBe('Uint8Array');
    expect(back([0, 256]).kind).toBe('Uint16Array');
    expect(back([65_535]).kind).toBe('Uint16Array');
    expect(back([65_536]).kind).toBe('Uint32Array');
    expect(back([2 ** 32 - 1]).kind).toBe('Uint32Array');
    expect(back([]).kind).toBe('Uint8Array');
  });

  it('fall back to floats for what an unsigned integer cannot hold, and give every value back exactly', () => {
    for (const values of [[2 ** 32], [-1, 3], [0.5, 1], [1e300]]) {
      expect(back(values)).toEqual({ kind: 'Float64Array', values });
    }
    const money = [0, 1.25, 3.3333, 12_345.6789, 0.0001];
    expect(back(money, 10_000)).toEqual({ kind: 'Uint32Array', values: money });
    // Off the grid (a fifth decimal) or beyond 4 bytes on it: floats, still exact.
    expect(back([1.25, 0.00001], 10_000)).toEqual({ kind: 'Float64Array', values: [1.25, 0.00001] });
    expect(back([500_000], 10_000)).toEqual({ kind: 'Float64Array', values: [500_000] });
  });

  it('give back what was packed for random values of every width', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (const limit of [200, 60_000, 4_000_000_000]) {
      const values = Array.from({ length: 500 }, () => next() % limit);
      expect(back(values).values).toEqual(values);
    }
  });
});
