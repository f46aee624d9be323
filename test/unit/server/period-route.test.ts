// A free period on the dashboard (GET /api/period): answered by the live view where it holds
// the period, else by the Parquet history, saying which; its KPIs, departments and products
// against an independent sum of the closed windows; the comparison with the day before; the
// report export of a period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type RunningServer } from '../../../server/app';
import { createFsStore, createHistoryWriter, type Store } from '../../../src/index';
import type { TopologyDriver } from '../../../src/stream/driver';
import { historyDriver, HISTORY_START as START } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';
import { readSummary } from '../../helpers/xlsx-summary';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const cents = (n: number): number => Math.round(n * 1e4);

let stream: TopologyDriver;
let store: Store;
let server: RunningServer;

/** Independent: orders, revenue and product revenue of the closed windows that start in [from, to), of one department or all. */
function closedSum(from: number, to: number, departmentId: number | null = null) {
  let orders = 0;
  let revenue = 0;
  let windows = 0;
  const products = new Map<number, number>();
  for (const { window: w } of stream.closed) {
    if (w.start < from || w.start >= to) continue;
    windows++;
    const d = departmentId === null ? w : w.departments.get(departmentId);
    orders += d?.orders ?? 0;
    revenue += cents(d?.revenue ?? 0);
    w.products.forEach((p, id) => {
      if (departmentId === null || p.departmentId === departmentId) products.set(id, (products.get(id) ?? 0) + cents(p.revenue));
    });
  }
  return { orders, revenue: revenue / 1e4, windows, products };
}

beforeAll(async () => {
  // 30 h of 5-minute windows; the live view keeps 6 h, the history hours 3 to 8 only.
  stream = historyDriver({ hours: 30, ordersPerSecond: 0.03, windowMs: 300_000, seed: 5, retentionMs: 6 * HOUR });
  store = createFsStore({ root: await tempDir('period') });
  const writer = createHistoryWriter(store);
  for (const closed of stream.closed) if (closed.window.start >= START + 3 * HOUR && closed.window.start < START + 8 * HOUR) await writer.writeWindow(closed);
  server = await startServer(createApp({ view: stream.stage2.view, onUpdate: () => () => undefined, info: {}, history: store, retentionMs: 6 * HOUR }), '127.0.0.1', 0);
}, 60_000);
afterAll(() => server?.close());

const json = async (path: string) => {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, body: (await response.json()) as any };
};

describe('GET /api/period', () => {
  it('reads a period of the last hour from the live view\'s windows, as the closed windows sum', async () => {
    const newest = stream.closed[stream.closed.length - 1]!.window.end;
    const from = newest - 40 * MINUTE;
    const { status, body } = await json(`/api/period?from=${from}&to=${newest}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ source: 'live', windowsAre: 'windows', whole: true });
    expect(body.message).toContain('(live)');
    const expected = closedSum(from, newest);
    expect(expected.orders).toBeGreaterThan(30);
    expect(body).toMatchObject({ windows: expected.windows, kpis: { orders: expected.orders, revenue: expected.revenue } });
    for (const p of body.topProducts) expect(cents(p.revenue)).toBe(expected.products.get(p.productId));
    // The chart datasets the page draws: every department, and a point per window.
    expect(body.charts.departments.reduce((s: number, d: { revenue: number }) => s + cents(d.revenue), 0)).toBe(cents(expected.revenue));
    expect(body.charts.volume).toHaveLength(expected.windows);
    expect(body.charts.hourly).toHaveLength(24);
  });

  it('reads a period the live view no longer holds from the Parquet history, to the cent, of one department too', async () => {
    const from = START + 4 * HOUR + 10 * MINUTE;
    const to = START + 6 * HOUR + 35 * MINUTE;
    const { body } = await json(`/api/period?from=${from}&to=${to}`);
    expect(body).toMatchObject({ source: 'history', windowsAre: 'windows', whole: true });
    expect(body.message).toContain('Parquet history');
    const expected = closedSum(from, to);
    expect(body).toMatchObject({ windows: expected.windows, kpis: { orders: expected.orders, revenue: expected.revenue } });
    const departmentId = body.departments[0].departmentId as number;
    const one = (await json(`/api/period?from=${from}&to=${to}&department=${departmentId}`)).body;
    const mine = closedSum(from, to, departmentId);
    expect(one.kpis).toMatchObject({ orders: mine.orders, revenue: mine.revenue });
    expect(one.charts.departments.filter((d: { selected: boolean }) => d.selected).map((d: { departmentId: number }) => d.departmentId)).toEqual([departmentId]);
    for (const p of one.topProducts) expect(cents(p.revenue)).toBe(mine.products.get(p.productId));
  });

  it('compares with the day before from whichever store holds it, and says none plainly', async () => {
    const from = START + 28 * HOUR;
    const to = START + 29 * HOUR;
    const { body } = await json(`/api/period?from=${from}&to=${to}&compare=day`);
    expect(body.source).toBe('live');
    expect(body.comparison).toMatchObject({ compare: 'day', status: 'ready', source: 'history', period: { from: from - 24 * HOUR, to: to - 24 * HOUR } });
    const before = closedSum(from - 24 * HOUR, to - 24 * HOUR);
    expect(body.comparison.kpis.orders).toMatchObject({ current: closedSum(from, to).orders, previous: before.orders });
    expect(body.charts.topProducts.every((p: { deltaRevenue?: number }) => typeof p.deltaRevenue === 'number')).toBe(true);
    const week = (await json(`/api/period?from=${from}&to=${to}&compare=week`)).body.comparison;
    expect(week).toMatchObject({ status: 'none', source: null, kpis: null });
    expect(week.message).toMatch(/^no data for the previous week: no data between .* the Parquet history covers 2026-11-24 09:00 UTC to 2026-11-24 14:00 UTC$/);
  });

  it('exports the report of a free period from the store that holds it, as the period counts it', async () => {
    const from = START + 4 * HOUR + 10 * MINUTE;
    const to = START + 6 * HOUR + 35 * MINUTE;
    const res = await fetch(`${server.url}/export/report.xlsx?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const field = await readSummary(await res.arrayBuffer());
    const expected = closedSum(from, to);
    expect(field('Orders')).toBe(expected.orders);
    expect(field('Revenue')).toBe(expected.revenue);
    expect(field('Period chosen as')).toBe('a free period, from the Parquet history (windows)');
    const bad = await fetch(`${server.url}/export/report.xlsx?from=${to}&to=${from}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('must be before "to"');
  });

  it('says when no store holds the period', async () => {
    const { body } = await json('/api/period?from=2026-11-01T00:00&to=2026-11-02T00:00');
    expect(body).toMatchObject({ source: 'none', windows: 0, kpis: { orders: 0 } });
    expect(body.message).toMatch(/^no data between 2026-11-01 00:00 UTC and 2026-11-02 00:00 UTC: the live view holds .* and the Parquet history covers /);
  });
});
