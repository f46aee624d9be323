import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg, type WindowAgg } from '../../../src/domain/index';
import { createClosedWindows } from '../../../src/stream/live-closed';
import { createDashboardRangeBook, DASHBOARD_RANGES, type DashboardRange } from '../../../src/stream/live-ranges';
import { line, order } from '../../helpers/events';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T10 = Date.UTC(2026, 10, 24, 10);

/** One order of each product given in the minute starting at start. */
const minute = (start: number, ...products: number[]): WindowAgg => {
  const w = createWindowAgg(start, start + MINUTE);
  products.forEach((p, i) => addOrder(w, order(start + 1 + i, [line(p, { unit_price: 1 + p / 100 })])));
  return w;
};

/** A store and a book over it, fed as the live view feeds them: the newest event, then the window that closed. */
function storeAndBook(retentionMs = 24 * HOUR) {
  const store = createClosedWindows({ retentionMs, windowSizeMs: MINUTE });
  const book = createDashboardRangeBook(store, { retentionMs });
  const close = (w: WindowAgg, newest = w.start + 30_000): void => {
    book.observe(newest, []);
    store.add(w, newest);
  };
  return { store, book, close };
}

/** What a range's halves come to, as plain numbers (products with orders only). */
function summary(book: ReturnType<typeof storeAndBook>['book'], range: DashboardRange) {
  const h = book.halves(range);
  const products = (s: typeof h.whole) => [...s.products].filter(([, p]) => p.orders > 0).map(([id, p]) => [id, p.orders, p.revenue]).sort((a, b) => a[0]! - b[0]!);
  return {
    bounds: h.bounds, olderStart: h.olderStart, newerStart: h.newerStart,
    orders: [h.older.totals.orders, h.newer.totals.orders, h.whole.totals.orders], revenue: h.whole.totals.revenue,
    older: products(h.older), newer: products(h.newer),
  };
}

describe('dashboard ranges: queries over the one store of closed windows', () => {
  it('moves a block whose hour straddles the middle of "all" into the older half, its sums intact', () => {
    const { book, close } = storeAndBook();
    for (let m = 0; m < 60; m++) close(minute(T10 + m * MINUTE, m < 30 ? 1 : 2));
    const before = book.halves('all');
    expect([before.older.totals.orders, before.newer.totals.orders]).toEqual([30, 30]);
    expect(before.bounds.mid).toBeGreaterThan(T10 + 29 * MINUTE);

    close(minute(T10 + HOUR, 3)); // the first window of the next hour: the hour becomes a block
    const after = book.halves('all');
    expect([after.older.totals.orders, after.newer.totals.orders, after.whole.totals.orders]).toEqual([60, 1, 61]);
    expect([...after.older.products].map(([id, p]) => [id, p.orders])).toEqual([[1, 30], [2, 30]]);
    expect([...after.newer.products].filter(([, p]) => p.orders > 0).map(([id]) => id)).toEqual([3]);
    expect(after.olderStart).toBe(T10);
    expect(after.newerStart).toBe(T10 + HOUR);
  });

  it('keeps every range, watched all along, equal to the same range built afresh from the store', () => {
    const kept = storeAndBook(26 * HOUR);
    const fresh = () => {
      const book = createDashboardRangeBook(kept.store, { retentionMs: 26 * HOUR });
      book.observe(newest, [minute(T10)]); // where the kept book saw data begin
      return book;
    };
    let newest = 0;
    let closes = 0;
    // 30 hours, with gaps, a product mix that changes by the hour, and idle minutes.
    for (let m = 0; m < 30 * 60; m += 1 + (m % 7 === 0 ? 3 : 0)) {
      newest = T10 + m * MINUTE + 40_000;
      kept.close(minute(T10 + m * MINUTE, 1 + (m % 3), 10 + Math.floor(m / 60) % 4, ...(m % 5 === 0 ? [99] : [])), newest);
      if (++closes % 50 === 0 || m > 30 * 60 - 10) {
        // Along the way too: past 26 hours the store forgets hour blocks after gaps in the stream.
        const other = fresh();
        for (const r of DASHBOARD_RANGES) expect(summary(kept.book, r), `${r} at minute ${m}`).toEqual(summary(other, r));
      }
    }
    expect(summary(kept.book, 'all').orders[2]).toBeGreaterThan(summary(kept.book, '24h').orders[2]!);
  });

  it('leaves the short ranges on windows: a block changes nothing there', () => {
    const { book, close } = storeAndBook();
    for (let m = 0; m < 60; m++) close(minute(T10 + m * MINUTE, 1), T10 + 59 * MINUTE + 30_000);
    const before = summary(book, '15m');
    close(minute(T10 + HOUR, 2), T10 + 59 * MINUTE + 30_000); // makes the block, and is past the newest event: not yet in the range's halves
    const after = summary(book, '15m');
    expect(after.orders[0]).toBe(before.orders[0]);
    expect(after.older).toEqual(before.older);
    expect(before.orders[2]).toBe(15);
  });
});
