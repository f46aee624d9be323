import { describe, expect, it } from 'vitest';
import { addMoney } from '../../../src/domain/index';
import { createLiveView } from '../../../src/stream/live-view';
import {
  createStage1, createTopologyDriver, DEFAULT_ALERT_SETTINGS, DEFAULT_STREAM_SETTINGS, encodeCheckout, lineRevenue, tumbling, type Alert, type CheckoutEvent,
} from '../../../src/index';
import { createStage2 } from '../../../src/stream/index';
import { line, order } from '../../helpers/events';

const SECOND = 1_000;
const T0 = 1_700_000_000_000; // aligned to 10 s

/** 60 s of orders: product 1 steady at 2/s, product 2 at 1/s then 4/s, product 3 (beverages) only in the second half. */
function steadyAndSurging(): CheckoutEvent[] {
  const events: CheckoutEvent[] = [];
  for (let s = 0; s < 60; s++) {
    const t = T0 + s * SECOND;
    events.push(order(t, [line(1)]), order(t + 100, [line(1)]));
    for (let i = 0; i < (s < 30 ? 1 : 4); i++) events.push(order(t + 200 + i, [line(2)]));
    if (s >= 30) events.push(order(t + 300, [line(3, { department_id: 7, department: 'beverages', product_name: 'Cold Brew' })]));
  }
  events.push(order(T0 + 59_999, [line(1, { unit_price: 0.0001 })])); // pins the newest event time to the end
  return events;
}

/** The same, with a hundred cheaper products selling steadily around them, as a store has. */
function withBackground(events: CheckoutEvent[]): CheckoutEvent[] {
  const background: CheckoutEvent[] = [];
  for (let s = 0; s < 60; s++) {
    for (let id = 100; id < 200; id++) background.push(order(T0 + s * SECOND + 400 + id, [line(id, { unit_price: 1, product_name: `Staple ${id}` })]));
  }
  return [...events, ...background].sort((a, b) => a.event_time - b.event_time);
}

/** Stage 1 and stage 2 with the trend detector switched off: the stop-gap rule (--alerts simple) is on. */
function withoutDetector(events: CheckoutEvent[], simpleRule = true) {
  const settings = { ...DEFAULT_STREAM_SETTINGS, window: tumbling(10 * SECOND), allowedLatenessMs: 0 };
  const stage1 = createStage1(settings);
  const stage2 = createStage2(settings, { ...DEFAULT_ALERT_SETTINGS, enabled: false, simpleRule });
  events.forEach((e, offset) => stage1.accept('t', 0, offset, encodeCheckout(e)));
  stage2.ingest(stage1.drainAll(), T0 + 60_000);
  return stage2.view;
}

function driverWith(events: CheckoutEvent[]) {
  const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(10 * SECOND), allowedLatenessMs: 0 } });
  events.forEach((e) => driver.pipe(e));
  driver.punctuate();
  return driver;
}

describe('live view: dashboard ranges', () => {
  it('ranks the range by revenue and measures each product against the older half of the range', () => {
    const view = driverWith(steadyAndSurging()).stage2.view;
    const r = view.range('5m');
    expect(r.from).toBe(T0);
    expect(r.to).toBe(T0 + 59_999);
    expect(r.kpis.orders).toBe(60 * 2 + 30 + 120 + 30 + 1);
    expect(r.kpis.revenue).toBeCloseTo((120 + 150 + 30) * 2.5, 3);
    expect(r.kpis.activeProducts).toBe(3);
    const [first, second, third] = r.topProducts;
    expect(first).toMatchObject({ productId: 2, rank: 1, previousRank: 2, rankChange: 1, trend: 'up' });
    // Its share of the older half (75 of 225 dollars) at the newer half's store revenue (525): 175 over 30 s.
    expect(first!.baseline).toBeCloseTo(350, 0);
    expect(first!.changePct).toBeCloseTo((300 / 175 - 1) * 100, 2);
    // The store grew 2.3× around it while it sold as before: it lost its share.
    expect(second).toMatchObject({ productId: 1, rank: 2, previousRank: 1, rankChange: -1, trend: 'down' });
    expect(third).toMatchObject({ productId: 3, name: 'Cold Brew', trend: 'new', previousRank: null, rankChange: null, changePct: null });
    expect(r.topProducts.reduce((sum, p) => sum + p.share, 0)).toBeCloseTo(1, 6);
  });

  it('measures arrows against the store: a product that keeps its share is flat however the volume moves', () => {
    const view = driverWith(withBackground(steadyAndSurging())).stage2.view;
    const byId = new Map(view.range('5m').topProducts.map((p) => [p.productId, p]));
    expect(byId.get(2)).toMatchObject({ trend: 'up' });
    expect(byId.get(1)).toMatchObject({ trend: 'flat' });
    expect(byId.get(3)).toMatchObject({ trend: 'new' });
  });

  it("sets a product's arrow from a surge or drop the trend detector has open, unless the range's number says otherwise", () => {
    const view = withoutDetector(withBackground(steadyAndSurging()));
    const byRange = new Map(view.range('5m').topProducts.map((p) => [p.productId, p]));
    expect(byRange.get(1)!.trend).toBe('flat');
    expect(byRange.get(1)!.changePct).toBeLessThan(-5);
    // The detector has a drop of product 1 open (the range's −8% agrees), reads product 2 as
    // dropping (the range's +266% does not agree), and product 3 as rising.
    view.useTrendReadings((id) => (id === 2 ? { observed: 5, baseline: 20, ratio: 0.25, trend: 'down' }
      : id === 1 ? { observed: 5, baseline: 20, ratio: 0.25, trend: 'down' } : id === 3 ? { observed: 9, baseline: 0, ratio: 1, trend: 'up' } : undefined));
    const byDetector = new Map(view.range('5m').topProducts.map((p) => [p.productId, p]));
    expect(byDetector.get(1)).toMatchObject({ trend: 'down', changePct: byRange.get(1)!.changePct });
    expect(byDetector.get(2)).toMatchObject({ trend: 'up', changePct: byRange.get(2)!.changePct }); // an arrow never contradicts its number
    expect(byDetector.get(3)).toMatchObject({ trend: 'new' }); // a new entrant stays new
  });

  it('filters products, KPIs and feed by department, and keeps every department in the distribution', () => {
    const view = driverWith(steadyAndSurging()).stage2.view;
    const r = view.range('5m', 7);
    expect(r.topProducts.map((p) => p.productId)).toEqual([3]);
    expect(r.kpis).toMatchObject({ orders: 30, items: 30, activeProducts: 1 });
    expect(r.kpis.revenue).toBeCloseTo(75, 6);
    expect(r.departments.map((d) => [d.departmentId, d.selected])).toEqual([[4, false], [7, true]]);
    expect(r.departments[1]!.share).toBeCloseTo(75 / 750, 4);
    expect(view.recentOrders(5, 7).every((o) => o.lines.some((l) => l.departmentId === 7))).toBe(true);
    expect(view.knownDepartments()).toEqual([{ departmentId: 7, department: 'beverages' }, { departmentId: 4, department: 'produce' }]);
  });

  it('leaves out what is older than the range, and counts it in "all"', () => {
    const old = [order(T0 - 20 * 60 * SECOND, [line(9, { unit_price: 1000 })]), order(T0 - 20 * 60 * SECOND + 1, [line(9, { unit_price: 1000 })])];
    const view = driverWith([...old, ...steadyAndSurging()]).stage2.view;
    expect(view.range('5m').topProducts.map((p) => p.productId)).not.toContain(9);
    const all = view.range('all');
    expect(all.topProducts[0]).toMatchObject({ productId: 9, revenue: 2000 });
    expect(all.kpis.orders).toBe(view.range('5m').kpis.orders + 2);
  });

  // A backfill's first merge can span hours of event time (CI once handed stage 2 its first
  // partials hours in): "all" must still start where the data does, not an hour before the newest
  // event, where the per-second ticks it was read from had been cut.
  it('starts "all" at the first order even when the first merge spans more than an hour', () => {
    const first = T0 - 3 * 3_600 * SECOND;
    const old = [order(first, [line(9)]), order(first + 1, [line(9)])];
    const all = driverWith([...old, ...steadyAndSurging()]).stage2.view.range('all');
    expect(all.from).toBe(first);
    expect(all.kpis.orders).toBe(steadyAndSurging().length + 2);
  });

  it('draws the volume per second from ticks, zeros included, and per minute for long ranges', () => {
    const view = driverWith(steadyAndSurging()).stage2.view;
    const volume = view.range('5m').volume;
    expect(volume).toMatchObject({ unit: 'second', bucketMs: 1_000, basis: 'ticks' });
    expect(volume.points).toHaveLength(59); // the newest second is still filling: left out
    expect(volume.points[58]!.time).toBe(T0 + 58 * SECOND);
    expect(volume.points[10]).toMatchObject({ time: T0 + 10 * SECOND, orders: 3, revenue: 7.5 });
    expect(volume.points[40]).toMatchObject({ orders: 7 });
    const daily = view.range('24h').volume;
    expect(daily).toMatchObject({ unit: 'minute', basis: 'windows' });
    // The newest bucket is still filling; its rate is over the 9.999 s it has covered, not 10.
    expect(daily.points.reduce((n, p) => n + (p.orders * daily.bucketMs) / 60_000, 0)).toBeCloseTo(view.range('24h').kpis.orders, 1);
    const filtered = view.range('5m', 7).volume;
    expect(filtered.basis).toBe('windows');
    expect(filtered.points.filter((p) => p.orders > 0).map((p) => p.time)).toEqual([T0 + 30_000, T0 + 40_000, T0 + 50_000]);
  });

  it('has 24 hours of day, and computes a range only once per change', () => {
    const driver = driverWith(steadyAndSurging());
    const view = driver.stage2.view;
    const hourly = view.range('1h').hourly;
    expect(hourly).toHaveLength(24);
    expect(hourly.reduce((n, h) => n + h.orders, 0)).toBe(view.range('1h').kpis.orders);
    expect(view.range('1h')).toBe(view.range('1h'));
    const before = view.range('1h');
    driver.pipe(order(T0 + 59_999, [line(5)]));
    driver.punctuate();
    expect(view.range('1h')).not.toBe(before);
    expect(view.range('1h').kpis.orders).toBe(before.kpis.orders + 1);
  });
});

describe('live view: departments and hours since the start', () => {
  it('count every accepted order, in closed, open and late windows alike', () => {
    const events = steadyAndSurging();
    const driver = driverWith(events);
    const late = order(T0 + 5 * SECOND, [line(3, { department_id: 7, department: 'beverages', unit_price: 3.1 })]);
    driver.pipe(late);
    driver.punctuate();
    expect(driver.corrections).toHaveLength(1); // the first window closed long ago: a correction
    const all = [...events, late];
    const view = driver.stage2.view;
    // One line each: every order has one department and one hour.
    expect(view.departments().reduce((n, d) => n + d.orders, 0)).toBe(all.length);
    expect(view.departments().find((d) => d.departmentId === 7)!.orders).toBe(all.filter((e) => e.lines[0]!.department_id === 7).length);
    expect(view.hourly().reduce((n, h) => n + h.orders, 0)).toBe(all.length);
    const revenue = all.reduce((n, e) => addMoney(n, lineRevenue(e.lines[0]!)), 0);
    expect(view.departments().reduce((n, d) => addMoney(n, d.revenue), 0)).toBe(revenue);
  });
});

describe('live view: top products of the newest window', () => {
  it('ranks the newest closed window against the one before, as a count by hand does, and as stage 2 ranked it', () => {
    const events = withBackground(steadyAndSurging());
    const driver = driverWith(events);
    driver.finish();
    const newest = driver.closed[driver.closed.length - 1]!;
    const view = driver.stage2.view;
    // By hand: revenue per product in a window, ranked (ties: lower id); previous rank among every product sold before.
    const ranked = (start: number) => {
      const sums = new Map<number, number>();
      for (const e of events) if (e.event_time >= start && e.event_time < start + 10 * SECOND) for (const l of e.lines) sums.set(l.product_id, addMoney(sums.get(l.product_id) ?? 0, lineRevenue(l)));
      return [...sums].sort(([a, x], [b, y]) => y - x || a - b);
    };
    const now = ranked(newest.window.start);
    const before = ranked(newest.window.start - 10 * SECOND).map(([id]) => id);
    const top = view.topProducts('revenue');
    expect(top.map((p) => [p.productId, p.revenue, p.previousRank])).toEqual(
      now.slice(0, 20).map(([id, revenue]) => [id, revenue, before.includes(id) ? before.indexOf(id) + 1 : null]));
    expect(top.map((p) => [p.productId, p.rank])).toEqual(newest.topByRevenue.map((p) => [p.productId, p.rank])); // by_product's rank column
    expect(view.topProducts('units', 5).map((p) => [p.productId, p.units])).toEqual(newest.topByUnits.slice(0, 5).map((p) => [p.productId, p.units]));
    expect(top.filter((p) => p.rankChange !== null).length).toBeGreaterThan(10);
  });
});

describe('live view: feed and alerts', () => {
  it('keeps the newest orders with their lines, newest first', () => {
    const view = driverWith(steadyAndSurging()).stage2.view;
    const feed = view.recentOrders(5);
    expect(feed).toHaveLength(5);
    expect(feed[0]!.eventTime).toBe(T0 + 59_999);
    expect(feed.map((o) => o.eventTime)).toEqual([...feed.map((o) => o.eventTime)].sort((a, b) => b - a));
    expect(feed[1]!.lines[0]).toMatchObject({ quantity: 1, revenue: 2.5 });
  });

  it('raises labelled simple-rule alerts while no trend detector reports, and resolves them', () => {
    const view = withoutDetector(steadyAndSurging());
    expect(view.alertSource).toBe('simple-rule');
    const surge = view.alerts().find((a) => a.subjectId === 2 && a.direction === 'surge');
    expect(surge).toMatchObject({ level: 'product', severity: 'info', startedAt: T0 + 40_000, resolvedAt: T0 + 50_000, acknowledged: false });
    expect(surge!.changePct).toBeCloseTo(71.4, 0); // its share of window revenue went from 1/3 to 4/7
  });

  it('raises nothing at all with --alerts off, the same surge notwithstanding', () => {
    const view = withoutDetector(steadyAndSurging(), false);
    expect(view.alertSource).toBe('off');
    expect(view.alerts()).toEqual([]);
  });

  it("reads the alerts from the desk that owns them: no copy, acknowledgements made once", () => {
    expect(createLiveView(DEFAULT_STREAM_SETTINGS).alertSource).toBe('off'); // a view without a desk has no alerts
    const { stage2 } = driverWith(steadyAndSurging());
    const { view, alerts } = stage2;
    expect(view.alertSource).toBe('trend-detector');
    const detected: Alert = {
      id: 'trend-1', level: 'department', subjectId: 7, subjectName: 'beverages', direction: 'surge', severity: 'warning',
      startedAt: T0, lastSeenAt: T0 + 1, resolvedAt: null, acknowledged: false, baseline: 10, observed: 40, changePct: 300, message: 'beverages up 300%',
    };
    const resolved: Alert = { ...detected, id: 'trend-0', severity: 'critical', resolvedAt: T0 + 5, lastSeenAt: T0 + 5 };
    alerts.desk.record([resolved, detected], T0 + 5);
    expect(view.alerts().map((a) => a.id)).toEqual(['trend-1', 'trend-0']); // ongoing first
    const version = view.version;
    expect(alerts.acknowledge('trend-1', T0 + 6)).toMatchObject({ acknowledged: true });
    expect(view.version).toBeGreaterThan(version);
    expect(view.alerts()[0]).toBe(alerts.desk.get('trend-1')); // the desk's own object, not a copy
    expect(alerts.acknowledge('no-such-alert', T0 + 6)).toBeUndefined();
  });
});
