import { describe, expect, it } from 'vitest';
import { createRowChecksum } from '../../../src/store/compaction-checksum';
import type { ParquetColumns } from '../../../src/store/tables';

const names = ['id', 'name', 'at', 'price', 'flag', 'big'];
const group = (rows: unknown[][]): ParquetColumns => ({ names, columns: names.map((_, c) => rows.map((r) => r[c])), rows: rows.length });
const sum = (...groups: ParquetColumns[]) => {
  const checksum = createRowChecksum(names);
  groups.forEach((g) => checksum.add(g));
  return `${checksum.rows}:${checksum.value()}`;
};

const rows: unknown[][] = [
  [1, 'bananas', new Date(0), 0.25, true, 10n],
  [2, 'milk', new Date(60_000), null, false, 11n],
  [3, 'eggs', new Date(120_000), 2.5, true, 12n],
];

describe('order-independent row checksum', () => {
  it('is the same for the same rows in any order and any grouping', () => {
    expect(sum(group(rows))).toBe(sum(group([rows[2]!, rows[0]!]), group([rows[1]!])));
  });

  it('changes when a value, its type, or the number of copies of a row changes', () => {
    const base = sum(group(rows));
    const variants = [
      [[1, 'bananas', new Date(0), 0.26, true, 10n], rows[1], rows[2]],
      [[1, 'bananas', new Date(0), 0.25, true, 10], rows[1], rows[2]], // INT64 became a double
      [[1, 'bananas', new Date(0), 0.25, null, 10n], rows[1], rows[2]],
      [rows[0], rows[1], rows[2], rows[2]],
      [rows[0], rows[1]],
    ];
    for (const variant of variants) expect(sum(group(variant as unknown[][]))).not.toBe(base);
    // Swapping values between columns is a change too.
    expect(sum(group([[1, 'milk', new Date(0), 0.25, true, 10n], [2, 'bananas', new Date(60_000), null, false, 11n], rows[2]!]))).not.toBe(base);
  });
});
