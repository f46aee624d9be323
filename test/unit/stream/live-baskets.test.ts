// The read side of "bought together", a query over the one store of closed windows: ranges over
// closed windows, hour blocks past the last hour, the retention, and figures equal to a plain
// count over the same orders.
import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg, type WindowAgg } from '../../../src/domain/index';
import { basketRange } from '../../../src/stream/live-baskets';
import { createClosedWindows, type ClosedWindows } from '../../../src/stream/live-closed';
import { createLiveView } from '../../../src/stream/live-view';
import { boughtTogetherAnswer, productPartnersAnswer } from '../../../src/stream/index';
import { DEFAULT_STREAM_SETTINGS, tumbling, type CheckoutEvent } from '../../../src/index';
import { basketOrders, countBaskets, plainLift } from '../../helpers/baskets';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 24, 0);

function windowOf(events: readonly CheckoutEvent[], start: number): WindowAgg {
  const w = createWindowAgg(start, start + MIN);
  events.forEach((e) => addOrder(w, e));
  return w;
}

const storeOf = (retentionMs: number): ClosedWindows => createClosedWindows({ retentionMs, windowSizeMs: MIN });

/** `minutes` one-minute windows from T0, 20 orders each, closed into the store; returns the orders of each window. */
function fill(closed: ClosedWindows, minutes: number): CheckoutEvent[][] {
  return Array.from({ length: minutes }, (_, m) => {
    const events = basketOrders(20, T0 + m * MIN, MIN, 15, 100 + m);
    closed.add(windowOf(events, T0 + m * MIN), T0 + (m + 1) * MIN);
    return events;
  });
}

describe('bought together over the store of closed windows', () => {
  it('answers a range from its closed windows, as a plain count over their orders', () => {
    const closed = storeOf(24 * HOUR);
    const perWindow = fill(closed, 30);
    const b = basketRange(closed, '5m');
    expect([b.from, b.to, b.parts]).toEqual([T0 + 25 * MIN, T0 + 30 * MIN, 5]);
    const plain = countBaskets(perWindow.slice(25).flat());
    expect(b.orders).toBe(100);
    expect(b.ordersWith(3)).toBe(plain.ordersWith.get(3));
    const answer = productPartnersAnswer(b, 7, 3);
    expect(answer.exact).toBe(true);
    expect(answer.partners[0]).toMatchObject({ partnerId: 3, partnerName: 'Product 3', pairOrders: plain.pairs.get('3-7') });
    expect(answer.partners[0]!.lift).toBeCloseTo(plainLift(plain, 7, 3), 12);
    // Each merged window with its own pairs, as the reports' by_pair rows take them.
    expect(b.windows().map((w) => w.start)).toEqual([25, 26, 27, 28, 29].map((m) => T0 + m * MIN));
    const last = countBaskets(perWindow[29]!);
    expect(b.windows()[4]!.pairs.find(([x, y]) => x === 3 && y === 7)?.[2]).toBe(last.pairs.get('3-7'));
    const all = boughtTogetherAnswer(basketRange(closed, 'all'), { products: 2, partners: 2, pairs: 3 });
    expect(all.orders).toBe(600);
    expect(all.products.map((p) => p.partners.length)).toEqual([2, 2]);
    expect(all.pairs).toHaveLength(3);
    expect(all.pairs[0]!.pairOrders).toBe(Math.max(...countBaskets(perWindow.flat()).pairs.values()));
  });

  it('reads hour blocks past the last hour, and nothing the retention no longer holds', () => {
    const closed = storeOf(3 * HOUR);
    const perWindow = fill(closed, 4 * 60 + 30);
    const { detailedWindows, blocks } = closed.footprint();
    expect(detailedWindows).toBe(60);
    expect(blocks).toBeLessThanOrEqual(3);
    // Pairs are kept where products are: in the last hour's windows and in the hour blocks.
    expect(closed.all().filter((w) => w.pairs !== undefined)).toHaveLength(60);
    const day = basketRange(closed, '24h');
    // A block goes once it ends past the retention: what is kept reaches back 3 to 4 hours.
    const newest = T0 + 270 * MIN;
    expect(day.from).toBeGreaterThanOrEqual(newest - 4 * HOUR);
    expect(day.from).toBeLessThanOrEqual(newest - 3 * HOUR);
    expect(day.to).toBe(newest);
    expect(day.pairs.errorBound).toBe(0); // 15 products: every pair fits the capacity
    const plain = countBaskets(perWindow.flatMap((events, m) => (T0 + m * MIN >= day.from! ? events : [])));
    expect(day.orders).toBe(plain.orders);
    expect(day.pairs.count(3, 7)).toBe(plain.pairs.get('3-7'));
  });

  it('says so when nothing has closed yet', () => {
    const b = basketRange(storeOf(HOUR), '1h');
    expect(boughtTogetherAnswer(b)).toMatchObject({ orders: 0, from: null, to: null, products: [], pairs: [], exact: true });
  });

  it('is what the live view answers for its closed windows', () => {
    const view = createLiveView({ ...DEFAULT_STREAM_SETTINGS, window: tumbling(MIN), retentionMs: 24 * HOUR });
    const perWindow = Array.from({ length: 90 }, (_, m) => {
      const events = basketOrders(20, T0 + m * MIN, MIN, 15, 100 + m);
      view.recordClosed([{ window: windowOf(events, T0 + m * MIN), topByRevenue: [], topByUnits: [] }]);
      return events;
    });
    for (const [range, minutes] of [['15m', 15], ['1h', 60], ['all', 90]] as const) {
      const b = view.baskets(range);
      const plain = countBaskets(perWindow.slice(90 - minutes).flat());
      expect([b.orders, b.ordersWith(7), b.pairs.count(3, 7), b.nameOf(7)]).toEqual([plain.orders, plain.ordersWith.get(7), plain.pairs.get('3-7'), 'Product 7']);
    }
    expect(view.baskets('all').windows().map((w) => w.end - w.start)).toEqual([HOUR, ...Array(30).fill(MIN)]); // one hour block, then the hour being filled
  });
});
