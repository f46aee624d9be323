import { describe, expect, it } from 'vitest';
import type { CheckoutEvent } from '../../../src/index';
import { line } from '../../helpers/events';
import { steadyHours } from '../../helpers/long-stream';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 24, 0, 30); // half past: the first hour block is a partial one

/** 30 hours, two orders a minute: product 100 always, and one of products 1..5 by the hour. */
const thirtyHours = () => steadyHours({ start: T0, hours: 30, lines: (m) => [line(100), line(1 + (Math.floor(m / 60) % 5), { unit_price: 1 + m / 1000 })] });

const ordersFrom = (events: CheckoutEvent[], from: number) => events.filter((e) => e.event_time >= from);

describe('live view: closed windows in bounded memory', () => {
  const { view, events, to } = thirtyHours();

  it('keeps a day of windows, products only for the last hour, and hour blocks for the day', () => {
    const f = view.footprint();
    expect(f.windows).toBe(24 * 60);
    expect(f.detailedWindows).toBe(60);
    expect(f.blocks).toBe(24);
    expect(f.blockParts).toBeLessThanOrEqual(60);
    expect(f.products).toBe(6);
  });

  // The bytes a day holds stop growing once the day is full: what lets a run of days plateau.
  it('holds no more bytes of products and pairs after 30 hours than after 26, and some in blocks', () => {
    const after26 = steadyHours({ start: T0, hours: 26, lines: (m) => [line(100), line(1 + (Math.floor(m / 60) % 5), { unit_price: 1 + m / 1000 })] }).view.footprint();
    const after30 = view.footprint();
    expect(after30.bytes.blocks).toBeGreaterThan(0);
    expect(after30.bytes.windows).toBeGreaterThan(0);
    expect(after30.bytes.blocks).toBeLessThanOrEqual(after26.bytes.blocks);
    expect(after30.bytes.windows).toBeLessThanOrEqual(after26.bytes.windows);
  });

  it('draws the 24h range from hour blocks: whole hours from the top of the hour 24 h back', () => {
    const r = view.range('24h');
    const hourStart = Math.floor((to - 24 * HOUR) / HOUR) * HOUR;
    const covered = ordersFrom(events, hourStart);
    expect(r.kpis.orders).toBe(covered.length);
    const revenueOf = (id: number) => covered.flatMap((e) => e.lines).filter((l) => l.product_id === id).reduce((n, l) => n + l.unit_price, 0);
    for (const p of r.topProducts) expect(p.revenue).toBeCloseTo(revenueOf(p.productId), 6);
    expect(r.topProducts.map((p) => p.productId).sort()).toEqual([1, 100, 2, 3, 4, 5]);
  });

  it('keeps the short ranges exact to the window, and "all" exact to the retention (a day here: whole hours)', () => {
    expect(view.range('1h').kpis.orders).toBe(ordersFrom(events, Math.floor(to / MINUTE) * MINUTE - 59 * MINUTE).length);
    const hourStart = Math.floor((to - 24 * HOUR) / HOUR) * HOUR;
    expect(view.range('all').kpis.orders).toBe(ordersFrom(events, hourStart).length);
    expect(view.range('all').kpis.orders).toBeLessThan(events.length); // 30 hours were sent
    const all = view.range('all').topProducts.find((p) => p.productId === 100)!;
    expect(all.orders).toBe(ordersFrom(events, hourStart).length / 2);
  });

  it('hands a report windows of one size: minutes for an hour, hour blocks beyond', () => {
    const hour = view.retainedWindows(HOUR);
    expect(hour).toHaveLength(60);
    expect(hour.every((w) => w.end - w.start === MINUTE && w.products.size > 0)).toBe(true);
    const day = view.retainedWindows(24 * HOUR);
    expect(day.slice(0, -1).every((w) => w.start % HOUR === 0 && w.end - w.start === HOUR)).toBe(true);
    expect(day.reduce((n, w) => n + w.orders, 0)).toBe(ordersFrom(events, day[0]!.start).length - 2); // the open window is not closed yet
  });

  it('caches answers of the current version only', () => {
    for (let d = 0; d < 1_000; d++) view.range('5m', d);
    expect(view.footprint().cachedAnswers).toBeLessThanOrEqual(256);
  });
});
