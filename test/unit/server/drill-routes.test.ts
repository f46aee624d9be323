import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type RunningServer } from '../../../server/app';
import { addMoney } from '../../../src/domain/index';
import { createTopologyDriver, instacartAisles, lineRevenue, tumbling, type CheckoutEvent } from '../../../src/index';
import { line, order } from '../../helpers/events';

const T0 = Date.UTC(2026, 10, 24, 9);
const AISLE = new Map(instacartAisles().map((a) => [a.id, a.name]));
const events: CheckoutEvent[] = [];
let server: RunningServer;

beforeAll(async () => {
  const driver = createTopologyDriver({ partitions: 2, start: T0, settings: { window: tumbling(10_000), allowedLatenessMs: 0 } });
  for (let s = 0; s < 60; s++) {
    const t = T0 + s * 1_000;
    events.push(order(t, [line(1, { product_name: 'Honeycrisp Apple', unit_price: 1.37 }), line(2, { product_name: 'Baby Spinach', aisle_id: 83, aisle: 'fresh vegetables', quantity: 2, unit_price: 3.33 })]));
    events.push(order(t + 10, [line(3, { product_name: 'Lime Sparkling Water', aisle_id: 115, aisle: 'water seltzer sparkling water', department_id: 7, department: 'beverages' })]));
    if (s % 3 === 0) events.push(order(t + 20, [line(4, { product_name: 'Fuji Apple', unit_price: 0.99, discount: 0.1 })]));
  }
  events.forEach((e) => driver.pipe(e));
  driver.punctuate();
  server = await startServer(createApp({ view: driver.stage2.view, onUpdate: () => () => undefined, info: {} }), '127.0.0.1', 0);
});
afterAll(() => server.close());

const json = async (path: string) => {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, body: (await response.json()) as any };
};

/** Independent: revenue of one aisle from the raw lines. */
const rawRevenue = (aisleId: number) => events.flatMap((e) => e.lines).filter((l) => l.aisle_id === aisleId).reduce((s, l) => addMoney(s, lineRevenue(l)), 0);

describe('drill-down endpoints', () => {
  it('GET /api/aisles lists a department\'s aisles with exact revenue, by id or by name', async () => {
    const { status, body } = await json('/api/aisles?range=all&department=4');
    expect(status).toBe(200);
    expect(body.department).toBe('produce');
    expect(body.aisles.map((a: { aisleId: number }) => a.aisleId)).toEqual([83, 24]);
    expect(body.aisles[0]).toMatchObject({ aisle: AISLE.get(83), revenue: rawRevenue(83), units: 120, productOrders: 60, products: 1 });
    expect(body.aisles[1]).toMatchObject({ aisle: AISLE.get(24), revenue: rawRevenue(24), products: 2, productOrders: 80 });
    expect((await json('/api/aisles?range=all&department=produce')).body.aisles).toEqual(body.aisles);
  });

  it('GET /api/aisles/<id>/products lists the aisle\'s products ranked by revenue', async () => {
    const { status, body } = await json('/api/aisles/24/products?range=all');
    expect(status).toBe(200);
    expect(body).toMatchObject({ aisleId: 24, aisle: AISLE.get(24), departmentId: 4, count: 2 });
    expect(body.products.map((p: { productId: number; rank: number }) => [p.productId, p.rank])).toEqual([[1, 1], [4, 2]]);
  });

  it('refuses bad input with a 400 or 404 that names it', async () => {
    expect(await json('/api/aisles')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"department" is required') } });
    expect(await json('/api/aisles?department=all')).toMatchObject({ status: 400 });
    expect(await json('/api/aisles?department=4&range=2h')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"range"') } });
    expect(await json('/api/aisles?department=4&aisle=3')).toMatchObject({ status: 400, body: { error: expect.stringContaining('unknown query parameter "aisle"') } });
    expect(await json('/api/aisles/abc/products')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"abc"') } });
    expect(await json('/api/aisles/9999/products')).toMatchObject({ status: 404, body: { error: expect.stringContaining('no aisle with id 9999') } });
  });
});

describe('product search and page', () => {
  it('GET /api/products/search finds by name words and by id', async () => {
    expect((await json('/api/products/search?q=apple')).body.products.map((p: { productId: number }) => p.productId)).toEqual([4, 1]);
    expect((await json('/api/products/search?q=3')).body.products[0]).toMatchObject({ productId: 3, name: 'Lime Sparkling Water', department: 'beverages' });
    expect(await json('/api/products/search?q=%20')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"q" is required') } });
    expect(await json('/api/products/search?q=a&limit=0')).toMatchObject({ status: 400 });
  });

  it('GET /api/products/<id> gives its figures, its windows with rank, the expectation and its alerts', async () => {
    const { status, body } = await json('/api/products/2?range=all');
    expect(status).toBe(200);
    expect(body).toMatchObject({ productId: 2, name: 'Baby Spinach', aisleId: 83, aisle: AISLE.get(83), rankInDepartment: 1, alerts: [] });
    expect(body.figures).toMatchObject({ revenue: rawRevenue(83), units: 120, orders: 60 });
    // "all" reads hour blocks, but with fewer than 3 of them the windows of the last hour.
    expect(body.windowsAre).toBe('windows of the last hour');
    expect(body.windows).toEqual((await json('/api/products/2?range=1h')).body.windows);
    const { windows, windowsAre } = (await json('/api/products/2?range=5m')).body;
    expect(windowsAre).toBe('windows');
    expect(windows.length).toBeGreaterThan(3);
    // Spinach (6.66 an order, one a second) out-sells every other product in every 10-second window.
    for (const w of windows) expect(w).toMatchObject({ orders: 10, units: 20, rank: 1, ordersPerMinute: 60 });
    const lime = (await json('/api/products/3?range=5m')).body.windows;
    for (const w of lime) expect(w).toMatchObject({ orders: 10, rank: 2 });
    // The driver's stage 2 runs the trend detector, which drives the view's readings.
    expect(body.expectation).toMatchObject({ source: 'trend-detector', unit: 'orders/min', expectedPerMinute: expect.any(Number), observedPerMinute: expect.any(Number) });
  });

  it('answers 404 naming an unknown id, 400 for one that is not a number', async () => {
    expect(await json('/api/products/424242')).toMatchObject({ status: 404, body: { error: expect.stringContaining('no product with id 424242') } });
    expect(await json('/api/products/spinach')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"spinach"') } });
    expect(await json('/api/products/2?range=1y')).toMatchObject({ status: 400 });
  });
});

describe('a free period', () => {
  /** Independent: the raw orders whose time falls in [from, to). */
  const rawPeriod = (from: number, to: number, departmentId?: number) => {
    const inside = events.filter((e) => e.event_time >= from && e.event_time < to && (departmentId === undefined || e.lines.some((l) => l.department_id === departmentId)));
    const lines = inside.flatMap((e) => e.lines).filter((l) => departmentId === undefined || l.department_id === departmentId);
    return { orders: inside.length, revenue: lines.reduce((s, l) => addMoney(s, lineRevenue(l)), 0) };
  };

  it('GET /api/period sums the closed windows that start inside it, as the raw orders count them', async () => {
    const { status, body } = await json(`/api/period?from=${T0}&to=${T0 + 30_000}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ windows: 3, from: T0, to: T0 + 30_000, windowsAre: 'windows' });
    expect(body.kpis).toMatchObject(rawPeriod(T0, T0 + 30_000));
    expect(body.topProducts[0]).toMatchObject({ rank: 1, productId: 2, orders: 30, units: 60 });
    // ISO times are UTC; a department narrows the KPIs and the products.
    const iso = await json('/api/period?from=2026-11-24T09:00&to=2026-11-24T09:00:30&department=beverages');
    expect(iso.body.kpis).toMatchObject(rawPeriod(T0, T0 + 30_000, 7));
    expect(iso.body.topProducts.map((p: { productId: number }) => p.productId)).toEqual([3]);
  });

  it('refuses missing, malformed or reversed times with a 400; a period outside the windows says what is held', async () => {
    expect(await json('/api/period?to=1')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"from" is required') } });
    expect(await json(`/api/period?from=yesterday&to=${T0}`)).toMatchObject({ status: 400, body: { error: expect.stringContaining('got "yesterday"') } });
    expect(await json(`/api/period?from=${T0 + 1}&to=${T0}`)).toMatchObject({ status: 400, body: { error: expect.stringContaining('must be before "to"') } });
    const old = await json('/api/period?from=2020-01-01T00:00&to=2020-01-02T00:00');
    expect(old).toMatchObject({ status: 200, body: { windows: 0, kpis: { orders: 0 }, source: 'none', message: expect.stringContaining('the live view holds 2026-11-24 09:00 UTC to 2026-11-24 09:00 UTC and there is no Parquet history') } });
  });
});
