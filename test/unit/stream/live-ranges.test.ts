import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg } from '../../../src/domain/index';
import { createDashboardRangeBook } from '../../../src/stream/live-ranges';
import { mergeRetained, retainWindow, type ProductDirectory } from '../../../src/stream/live-retained';
import type { RetainedWindow } from '../../../src/stream/index';
import { line, order } from '../../helpers/events';

const MINUTE = 60_000;
const T10 = Date.UTC(2026, 10, 24, 10);

const directory: ProductDirectory = new Map();
/** One order of product p in the minute starting at start. */
const minute = (start: number, p: number): RetainedWindow => {
  const w = createWindowAgg(start, start + MINUTE);
  addOrder(w, order(start + 1, [line(p)]));
  return retainWindow(w, directory);
};

describe('dashboard ranges: hour blocks', () => {
  it('moves a block whose hour straddles the middle of "all" into the older half, its sums intact', () => {
    const windows = Array.from({ length: 60 }, (_, m) => minute(T10 + m * MINUTE, m < 30 ? 1 : 2));
    const book = createDashboardRangeBook({ windowSizeMs: MINUTE, retentionMs: 24 * 3_600_000, retained: () => windows, retainedBlocks: () => windows });
    for (const w of windows) {
      book.observe(w.start + 30_000, []);
      book.addClosed([w]);
    }
    const before = book.halves('all');
    expect([before.older.totals.orders, before.newer.totals.orders]).toEqual([30, 30]);
    expect(before.bounds.mid).toBeGreaterThan(T10 + 29 * MINUTE);

    const block = mergeRetained(windows, directory);
    book.addBlock(block, windows);
    const next = minute(T10 + 60 * MINUTE, 3);
    book.observe(next.start + 30_000, []);
    book.addClosed([next]);
    const after = book.halves('all');
    expect([after.older.totals.orders, after.newer.totals.orders, after.whole.totals.orders]).toEqual([60, 1, 61]);
    expect([...after.older.products].map(([id, p]) => [id, p.orders])).toEqual([[1, 30], [2, 30]]);
    expect([...after.newer.products].filter(([, p]) => p.orders > 0).map(([id]) => id)).toEqual([3]);
    expect(after.olderStart).toBe(T10);
    expect(after.newerStart).toBe(T10 + 60 * MINUTE);
  });

  it('leaves the short ranges on windows: a block changes nothing there', () => {
    const windows = Array.from({ length: 60 }, (_, m) => minute(T10 + m * MINUTE, 1));
    const book = createDashboardRangeBook({ windowSizeMs: MINUTE, retentionMs: 24 * 3_600_000, retained: () => windows, retainedBlocks: () => windows });
    windows.forEach((w) => book.addClosed([w]));
    book.observe(T10 + 59 * MINUTE + 30_000, []);
    const before = book.halves('15m');
    book.addBlock(mergeRetained(windows, directory), windows);
    const after = book.halves('15m');
    expect([after.older.totals.orders, after.newer.totals.orders, after.olderStart, after.newerStart])
      .toEqual([before.older.totals.orders, before.newer.totals.orders, before.olderStart, before.newerStart]);
    expect(after.whole.totals.orders).toBe(15);
  });
});
