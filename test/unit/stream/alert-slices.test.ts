import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg } from '../../../src/domain/index';
import { createWindowSlicer } from '../../../src/stream/alert-slices';
import type { WindowCounts } from '../../../src/index';
import { line, order } from '../../helpers/events';

const T0 = Date.UTC(2026, 10, 23, 10);
const MINUTE = 60_000;

/** A one-minute window that gets one order of product (second % 3) + 1 per second, as stage 2 merges them. */
function growingWindow() {
  const w = createWindowAgg(T0, T0 + MINUTE);
  let second = 0;
  return {
    window: w,
    /** Merges the orders up to (not including) second `until`. */
    upTo(until: number) {
      for (; second < until; second++) addOrder(w, order(T0 + second * 1_000, [line((second % 3) + 1)]));
    },
  };
}

const total = (slices: WindowCounts[], id: number): number => slices.reduce((n, s) => n + (s.products.get(id)?.orders ?? 0), 0);

describe('alert slices', () => {
  it('cuts an open window at the slice boundaries the watermark passed, and hands the rest over when it closes', () => {
    const slicer = createWindowSlicer({ sliceMs: 15_000 });
    const g = growingWindow();
    g.upTo(20);
    expect(slicer.progress([g.window], T0 + 14_999)).toEqual([]);
    const first = slicer.progress([g.window], T0 + 16_000);
    expect(first.map((s) => [s.start - T0, s.end - T0, s.orders])).toEqual([[0, 15_000, 20]]);
    g.upTo(50);
    // The watermark passed two boundaries at once: one slice covers both.
    const second = slicer.progress([g.window], T0 + 46_000);
    expect(second.map((s) => [s.start - T0, s.end - T0, s.orders])).toEqual([[15_000, 45_000, 30]]);
    expect(slicer.progress([g.window], T0 + 47_000)).toEqual([]);
    g.upTo(60);
    const last = slicer.close(g.window);
    expect([last.start - T0, last.end - T0, last.orders]).toEqual([45_000, 60_000, 10]);
    const slices = [...first, ...second, last];
    // The slices add up to the window, product by product and department by department.
    for (const id of [1, 2, 3]) expect(total(slices, id)).toBe(g.window.products.get(id)!.orders);
    expect(slices.reduce((n, s) => n + [...s.departments.values()].reduce((m, d) => m + d.lines, 0), 0)).toBe(g.window.lines);
  });

  it('hands a window it never cut over whole, and forgets it once closed', () => {
    const slicer = createWindowSlicer({ sliceMs: 15_000 });
    const g = growingWindow();
    g.upTo(60);
    const whole = slicer.close(g.window);
    expect([whole.start, whole.end, whole.orders]).toEqual([T0, T0 + MINUTE, 60]);
    expect(total([whole], 2)).toBe(20);
    expect(() => createWindowSlicer({ sliceMs: 0 })).toThrow('slice length must be a positive number of ms, got 0');
  });
});
