// The chaos check names the raw files that overlap, so that a failed run says where its
// duplicates are (a run once failed with "duplicated 89" and nothing to go on in CI's log).
import { describe, expect, it } from 'vitest';
import { overlappingFiles } from '../../../bench/_chaos-check';

describe('overlapping raw files', () => {
  it('pairs files of one folder and partition whose offsets overlap, and only those', () => {
    const files = [
      'raw/dt=2026-12-01/hour=23/part-1-49-137.parquet',
      'raw/dt=2026-12-01/hour=23/part-1-49-2523.parquet',
      'raw/dt=2026-12-01/hour=23/part-1-2524-2600.parquet', // adjacent: no overlap
      'raw/dt=2026-12-01/hour=23/part-2-49-137.parquet', // another partition
      'raw/dt=2026-12-01/hour=22/part-1-100-120.parquet', // another folder
      'raw/dt=2026-12-01/hour=23/part-3-0-10.parquet',
      'raw/dt=2026-12-01/hour=23/part-3-10-20.parquet', // shares offset 10
      'raw/dt=2026-12-01/hour=23/rejected.jsonl',
    ];
    expect(overlappingFiles(files)).toEqual([
      'raw/dt=2026-12-01/hour=23/part-1-49-137.parquet ~ part-1-49-2523.parquet',
      'raw/dt=2026-12-01/hour=23/part-3-0-10.parquet ~ part-3-10-20.parquet',
    ]);
    expect(overlappingFiles(files.filter((f) => !f.includes('2523') && !f.includes('part-3-10')))).toEqual([]);
  });
});
