// Comparisons with the previous day or week: the source (live closed windows, the Parquet
// history, or none), the earlier figures against an independent sum of the closed windows,
// and the HTTP parameter with its 400. The stream runs on the driver's manual clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type RunningServer } from '../../../server/app';
import { createComparisons } from '../../../server/comparisons';
import { createFsStore, createHistoryWriter, dashboardSnapshot, type Store } from '../../../src/index';
import type { ClosedWindow } from '../../../src/stream/index';
import type { TopologyDriver } from '../../../src/stream/driver';
import { historyDriver, HISTORY_START as START } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';

const HOUR = 3_600_000;
const WINDOW = 300_000;
const HOURS = 50;

/** The same stream seen by a live view that keeps it all, and one that keeps 6 h. */
const stream = (retentionMs: number): TopologyDriver =>
  historyDriver({ hours: HOURS, ordersPerSecond: 0.03, windowMs: WINDOW, seed: 11, retentionMs });

/** Orders and product revenue of the closed windows whose counted start lies in [from, to): the independent sum. */
function closedSum(closed: readonly ClosedWindow[], from: number, to: number, startOf = (s: number) => s) {
  let orders = 0;
  const products = new Map<number, number>();
  for (const { window: w } of closed) {
    const s = startOf(w.start);
    if (s < from || s >= to) continue;
    orders += w.orders;
    w.products.forEach((p, id) => products.set(id, (Math.round((products.get(id) ?? 0) * 1e4) + Math.round(p.revenue * 1e4)) / 1e4));
  }
  return { orders, products };
}

let long: TopologyDriver;
let short: TopologyDriver;
let store: Store;
let historyFrom: number;

beforeAll(async () => {
  long = stream(HOURS * HOUR + HOUR);
  short = stream(6 * HOUR);
  store = createFsStore({ root: await tempDir('compare') });
  // The history holds hours 24 to 27 of the stream only: enough for the day before the newest hour, not the week.
  historyFrom = START + 24 * HOUR;
  const writer = createHistoryWriter(store);
  for (const closed of short.closed) if (closed.window.start >= historyFrom && closed.window.start < START + 27 * HOUR) await writer.writeWindow(closed);
}, 60_000);

describe('the earlier period of a comparison', () => {
  it('comes from the live store when its retention reaches back a day, counted as that range counts (hour blocks)', async () => {
    const comparisons = createComparisons({ view: long.stage2.view, retentionMs: HOURS * HOUR + HOUR, now: long.clock.now });
    const selection = { range: '24h' as const, departmentId: null, compare: 'day' as const };
    const resolved = await comparisons.load(selection);
    expect(resolved?.status).toBe('ready');
    expect(resolved?.source).toBe('live');
    const { period } = resolved!;
    const r = long.stage2.view.range('24h', null);
    expect(period).toEqual({ from: r.from! - 24 * HOUR, to: r.to! + 1 - 24 * HOUR });
    const from = Math.floor(period!.from / HOUR) * HOUR;
    const expected = closedSum(long.closed, from, period!.to, (s) => Math.floor(s / HOUR) * HOUR);
    expect(expected.orders).toBeGreaterThan(1000);
    const snapshot = dashboardSnapshot(long.stage2.view, selection, 0, resolved);
    expect(snapshot.comparison?.kpis?.orders).toMatchObject({ current: r.kpis.orders, previous: expected.orders, abs: r.kpis.orders - expected.orders });
    expect(snapshot.comparison?.message).toContain('(live)');
  });

  it('comes from the Parquet history when the live view keeps too little, exact per window and product', async () => {
    const comparisons = createComparisons({ view: short.stage2.view, history: store, retentionMs: 6 * HOUR, now: short.clock.now });
    const selection = { range: '1h' as const, departmentId: null, compare: 'day' as const };
    const resolved = await comparisons.load(selection);
    expect(resolved).toMatchObject({ status: 'ready', source: 'history' });
    const { from, to } = resolved!.period!;
    const expected = closedSum(short.closed, from, to);
    expect(expected.orders).toBeGreaterThan(50);
    const snapshot = dashboardSnapshot(short.stage2.view, selection, 0, resolved);
    const r = short.stage2.view.range('1h', null);
    expect(snapshot.comparison?.kpis?.orders).toMatchObject({ current: r.kpis.orders, previous: expected.orders });
    expect(snapshot.comparison?.source).toBe('history');
    const rows = snapshot.charts.topProducts;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const previous = expected.products.get(row.productId) ?? 0;
      expect(row.deltaRevenue, row.product).toBe((Math.round(row.revenue * 1e4) - Math.round(previous * 1e4)) / 1e4);
      expect(row.label).toContain('Δ');
    }
    expect(snapshot.charts.departments.every((d) => typeof d.deltaRevenue === 'number')).toBe(true);
  });

  it('compares one department with its own earlier period: orders containing it, revenue to the cent', async () => {
    const comparisons = createComparisons({ view: short.stage2.view, history: store, retentionMs: 6 * HOUR, now: short.clock.now });
    const departmentId = short.stage2.view.range('1h', null).departments[0]!.departmentId;
    const selection = { range: '1h' as const, departmentId, compare: 'day' as const };
    const resolved = await comparisons.load(selection);
    const { from, to } = resolved!.period!;
    let orders = 0;
    let revenue = 0;
    for (const { window: w } of short.closed) {
      const d = w.start >= from && w.start < to ? w.departments.get(departmentId) : undefined;
      if (!d) continue;
      orders += d.orders;
      revenue = (Math.round(revenue * 1e4) + Math.round(d.revenue * 1e4)) / 1e4; // whole hundredths of a cent
    }
    expect(orders).toBeGreaterThan(0);
    const kpis = dashboardSnapshot(short.stage2.view, selection, 0, resolved).comparison?.kpis;
    expect(kpis?.orders.previous).toBe(orders);
    expect(kpis?.revenue.previous).toBe(revenue);
    expect(kpis?.revenue.abs).toBe((Math.round(kpis!.revenue.current * 1e4) - Math.round(revenue * 1e4)) / 1e4);
  });

  it('is none, saying why, when neither the live view nor the history covers it; never a 0', async () => {
    const comparisons = createComparisons({ view: short.stage2.view, history: store, retentionMs: 6 * HOUR, now: short.clock.now });
    const week = await comparisons.load({ range: '1h', departmentId: null, compare: 'week' });
    expect(week).toMatchObject({ status: 'none', source: null, previous: null });
    expect(week?.message).toMatch(/^no data for the previous week \(.*\): the live view keeps 6 h and the history covers 2026-11-25 06:00 UTC to 2026-11-25 09:00 UTC$/);
    const snapshot = dashboardSnapshot(short.stage2.view, { range: '1h', departmentId: null, compare: 'week' }, 0, week);
    expect(snapshot.comparison?.kpis).toBeNull();
    expect(snapshot.charts.topProducts.some((p) => 'deltaRevenue' in p)).toBe(false);

    const withoutHistory = createComparisons({ view: short.stage2.view, retentionMs: 6 * HOUR, now: short.clock.now });
    expect((await withoutHistory.load({ range: '1h', departmentId: null, compare: 'day' }))?.message).toContain('there is no Parquet history to read');
    expect(await withoutHistory.load({ range: '1h', departmentId: null, compare: 'none' })).toBeNull();
  });

  it('peek answers "loading" at once, then the read, and tells when it landed', async () => {
    let told = 0;
    const comparisons = createComparisons({ view: short.stage2.view, history: store, retentionMs: 6 * HOUR, now: short.clock.now, ready: () => told++ });
    const selection = { range: '1h' as const, departmentId: null, compare: 'day' as const };
    expect(comparisons.peek(selection)?.status).toBe('loading');
    await comparisons.load(selection);
    expect(told).toBe(1);
    expect(comparisons.generation).toBe(1);
    expect(comparisons.peek(selection)).toMatchObject({ status: 'ready', source: 'history' });
  });
});

describe('GET /api/summary and /api/dashboard with compare', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const app = createApp({ view: short.stage2.view, onUpdate: () => () => undefined, info: {}, history: store, retentionMs: 6 * HOUR });
    server = await startServer(app, '127.0.0.1', 0);
  });
  afterAll(() => server.close());
  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, body: (await response.json()) as any };
  };

  it('adds the range and its comparison to the summary, from the history', async () => {
    const { status, body } = await get('/api/summary?range=1h&compare=day');
    expect(status).toBe(200);
    expect(body.comparison).toMatchObject({ compare: 'day', status: 'ready', source: 'history' });
    const { from, to } = body.comparison.period;
    expect(body.comparison.kpis.orders.previous).toBe(closedSum(short.closed, from, to).orders);
    expect(body.range.kpis.orders).toBe(body.comparison.kpis.orders.current);
    expect((await get('/api/summary')).body.comparison).toBeUndefined();
  });

  it('says on the dashboard payload that the previous week has no data', async () => {
    const { status, body } = await get('/api/dashboard?range=1h&compare=week');
    expect(status).toBe(200);
    expect(body.comparison).toMatchObject({ status: 'none', kpis: null });
    expect(body.comparison.message).toContain('no data for the previous week');
  });

  it('refuses a bad compare with a 400 that names it', async () => {
    for (const path of ['/api/summary?range=1h&compare=month', '/api/dashboard?compare=month', '/events?compare=month']) {
      const { status, body } = await get(path);
      expect(status, path).toBe(400);
      expect(body.error).toBe('query parameter "compare" must be one of none, day, week, got "month"');
    }
  });
});
