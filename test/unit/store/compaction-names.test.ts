import { describe, expect, it } from 'vitest';
import { mergedName, partitionFiles, spanOf, visibleFiles } from '../../../src/store/compaction-names';

const dir = 'purchase-analytics/raw/dt=2026-11-24/hour=09';
const files = (...names: string[]) => names.map((n) => ({ path: `${dir}/${n}` }));
const names = (list: Array<{ path: string }>) => list.map((f) => f.path.slice(dir.length + 1));

describe('what a file name covers', () => {
  it('reads spans from raw, window and compacted names', () => {
    expect(spanOf(`${dir}/part-3-100-199.parquet`)).toMatchObject({ group: 'partition 3', lo: 100, hi: 199, compacted: false });
    expect(spanOf(`${dir}/parts-3-0-199.parquet`)).toMatchObject({ group: 'partition 3', lo: 0, hi: 199, compacted: true });
    expect(spanOf('x/window-20261124T090500-60s.parquet')).toMatchObject({ group: '60s', lo: 20261124090500, hi: 20261124090500 });
    expect(spanOf('x/windows-20261124T090000-20261124T095900-60s.parquet')).toMatchObject({ group: '60s', lo: 20261124090000, hi: 20261124095900, compacted: true });
    expect(spanOf('x/other.parquet')).toBeUndefined();
  });

  it('names a merged file after the first and last of its inputs', () => {
    expect(mergedName(`${dir}/part-3-0-99.parquet`, `${dir}/part-3-200-299.parquet`)).toBe('parts-3-0-299.parquet');
    expect(mergedName('x/window-20261124T090000-60s.parquet', 'x/windows-20261124T093000-20261124T095900-60s.parquet'))
      .toBe('windows-20261124T090000-20261124T095900-60s.parquet');
  });

  it('lets a file that covers others supersede them, within its group only', () => {
    const listing = files('part-0-0-99.parquet', 'part-0-100-199.parquet', 'parts-0-0-199.parquet', 'part-0-200-250.parquet',
      'part-1-0-99.parquet', '_tmp.ab12.parts-1-0-199.parquet', 'notes.txt', 'foreign.parquet');
    const { visible, superseded } = partitionFiles(listing);
    expect(names(superseded)).toEqual(['part-0-0-99.parquet', 'part-0-100-199.parquet']);
    expect(names(visible)).toEqual(['parts-0-0-199.parquet', 'part-0-200-250.parquet', 'part-1-0-99.parquet', 'foreign.parquet']);
  });

  it('keeps one of two files with the same span, preferring the compacted name', () => {
    expect(names(partitionFiles(files('window-20261124T090000-60s.parquet', 'windows-20261124T090000-20261124T090000-60s.parquet')).visible))
      .toEqual(['windows-20261124T090000-20261124T090000-60s.parquet']);
    expect(names(partitionFiles(files('window-20261124T090000-60s.parquet', 'window-20261124T090000-30s.parquet')).visible)).toHaveLength(2);
  });

  it('applies the rule per folder', () => {
    const listing = [{ path: 'a/part-0-0-9.parquet' }, { path: 'b/parts-0-0-99.parquet' }, { path: 'a/parts-0-0-99.parquet' }];
    expect(visibleFiles(listing).map((f) => f.path).sort()).toEqual(['a/parts-0-0-99.parquet', 'b/parts-0-0-99.parquet']);
  });
});
