import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type DashboardApp, type RunningServer } from '../../../server/app';
import { createHealthMonitor } from '../../../server/health';
import { createTopologyDriver, DASHBOARD_VIEWS, tumbling } from '../../../src/index';
import type { TopologyDriver } from '../../../src/stream/driver';
import { line, order } from '../../helpers/events';
import { openEvents } from './sse-client';
import { closedPort } from '../../helpers/ports';

const T0 = Date.UTC(2026, 10, 24, 9);

const tcpProbe = (port: number) => () => new Promise<void>((resolve, reject) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => {
    socket.destroy();
    resolve();
  });
  socket.once('error', reject);
});

let driver: TopologyDriver;
let app: DashboardApp;
let server: RunningServer;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function feed(fromSecond: number, toSecond: number): void {
  for (let s = fromSecond; s < toSecond; s++) {
    const t = T0 + s * 1_000;
    driver.pipe(order(t, [line(1), line(2, { quantity: 3 })]));
    driver.pipe(order(t + 10, [line(3, { department_id: 7, department: 'beverages' })]));
    for (let i = 0; i < (s < 30 ? 1 : 5); i++) driver.pipe(order(t + 20 + i, [line(4, { unit_price: 4 })]));
  }
  driver.punctuate();
  notify();
}

const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
const json = async (path: string) => {
  const response = await get(path);
  // JSON of many shapes: each test says what it expects.
  return { status: response.status, body: (await response.json()) as any };
};

beforeAll(async () => {
  driver = createTopologyDriver({ partitions: 2, settings: { window: tumbling(10_000), allowedLatenessMs: 0 } });
  feed(0, 60);
  app = createApp({
    view: driver.stage2.view,
    onUpdate: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    info: { transport: 'memory in-process', store: 'none' },
    acknowledgeAlert: (id, at) => driver.stage2.alerts.acknowledge(id, at),
  });
  server = await startServer(app, '127.0.0.1', 0);
});
afterAll(() => server.close());

describe('HTTP endpoints', () => {
  it('serves the page, its scripts and Vega from node_modules', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Purchase Trend Workbench');
    for (const src of [...html.matchAll(/(?:src|href)="(\/(?:vendor|assets)\/[^"]+)"/g)].map((m) => m[1] as string)) {
      const asset = await get(src);
      expect(asset.status, src).toBe(200);
      expect((await asset.text()).length, src).toBeGreaterThan(100);
    }
    expect(html).toContain('/vendor/vega-embed.min.js');
    expect((await get('/assets/view.js')).status).toBe(200);
    expect(await json('/vendor/d3.js')).toMatchObject({ status: 404, body: { error: expect.stringContaining('vega.min.js') } });
  });

  it('answers the JSON API', async () => {
    expect((await json('/api/summary')).body).toMatchObject({ orders: 60 * 2 + 30 + 30 * 5 });
    expect((await json('/api/top-products?by=units&k=2')).body).toHaveLength(2);
    expect((await json('/api/departments')).body.map((d: { department: string }) => d.department)).toEqual(['produce', 'beverages']);
    expect((await json('/api/hourly')).body).toEqual([expect.objectContaining({ hourOfDay: 9 })]);
    const dashboard = (await json('/api/dashboard?range=1h&department=beverages')).body as Record<string, any>;
    expect(dashboard).toMatchObject({
      range: '1h', departmentId: 7, department: 'beverages', status: 'live', health: { status: 'ok' },
      exports: { pdf: '/export/report.pdf?range=1h&department=7', xlsx: '/export/report.xlsx?range=1h&department=7' },
    });
    expect(dashboard.charts.topProducts.map((p: { productId: number }) => p.productId)).toEqual([3]);
    expect((await json('/api/dashboard?department=7')).body).toMatchObject({ range: '5m', departmentId: 7 });
    const orders = (await json('/api/orders?limit=3')).body;
    expect(orders).toHaveLength(3);
    expect(orders[0]).toMatchObject({ lines: [expect.objectContaining({ productId: expect.any(Number) })] });
  });

  it('wires the export buttons to the reports of the selected range and department', async () => {
    const xlsx = await get('/export/report.xlsx?range=1h&department=7');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1_000);
    expect(await json('/export/report.xlsx?range=3d')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"range"') } });
  });

  it('lists, acknowledges and refuses unknown alerts: one store, read by the view', async () => {
    driver.stage2.alerts.desk.record([{
      id: 'surge-product-4', level: 'product', subjectId: 4, subjectName: 'Product 4', direction: 'surge', severity: 'critical',
      startedAt: T0 + 30_000, lastSeenAt: T0 + 60_000, resolvedAt: null, acknowledged: false, baseline: 4, observed: 20, changePct: 400, message: 'Product 4 up 400%',
    }], T0 + 60_000);
    const { body } = await json('/api/alerts');
    expect(body).toMatchObject({ source: 'trend-detector' });
    const alerts = (body as unknown as { alerts: Array<{ id: string }> }).alerts;
    expect(alerts.map((a) => a.id)).toContain('surge-product-4');
    const version = driver.stage2.view.version;
    const ack = await get('/api/alerts/surge-product-4/ack', { method: 'POST' });
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ id: 'surge-product-4', acknowledged: true });
    // Made once, on the desk; the view and the API read it there, and the view's version moved.
    expect(driver.stage2.alerts.desk.get('surge-product-4')?.acknowledged).toBe(true);
    expect(driver.stage2.view.alerts().find((a) => a.id === 'surge-product-4')?.acknowledged).toBe(true);
    expect(driver.stage2.view.version).toBeGreaterThan(version);
    expect((await json('/api/alerts')).body.alerts.find((a: { id: string }) => a.id === 'surge-product-4')).toMatchObject({ acknowledged: true });
    // The stream is idle: the acknowledgement alone reaches a watching dashboard.
    driver.stage2.alerts.desk.record([{ ...driver.stage2.alerts.desk.get('surge-product-4')!, id: 'drop-product-1', direction: 'drop', acknowledged: false }], T0 + 60_000);
    const watching = await openEvents(`${server.url}/events?range=5m`);
    try {
      const before = await watching.next();
      expect(before.data.alerts.find((a: { id: string }) => a.id === 'drop-product-1')).toMatchObject({ acknowledged: false });
      expect((await get('/api/alerts/drop-product-1/ack', { method: 'POST' })).status).toBe(200);
      const after = await watching.next();
      expect(after.data.alerts.find((a: { id: string }) => a.id === 'drop-product-1')).toMatchObject({ acknowledged: true });
    } finally {
      watching.close();
    }
    const missing = await get('/api/alerts/nope/ack', { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('no alert with id "nope"');
  });

  it('serves every view alone: its spec with data inlined, and an embeddable page', async () => {
    const list = (await json('/api/views')).body as Array<{ name: string; page: string; spec: string }>;
    expect(list.map((v) => v.name)).toEqual([...DASHBOARD_VIEWS]);
    for (const view of list) {
      const spec = (await json(`${view.spec}?range=15m&width=container&title=none`)).body as Record<string, any>;
      expect(spec.$schema, view.name).toMatch(/vega-lite/);
      expect(spec.width, view.name).toBe('container');
      const datasets: Array<{ values?: unknown[] }> = [spec.data, ...(spec.layer ?? []).map((l: { data?: unknown }) => l.data)].filter(Boolean);
      expect(datasets.some((d) => (d.values?.length ?? 0) > 0), view.name).toBe(true);
      const page = await get(`${view.page}?range=15m&department=7`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`data-view="${view.name}"`);
      expect(html).toContain('data-query="range=15m&amp;department=7"');
    }
    expect(await json('/api/views/pie')).toMatchObject({ status: 404, body: { error: expect.stringContaining('no view named "pie"') } });
    expect((await get('/views/pie')).status).toBe(404);
  });

  it('answers a bad query parameter with a 400 that names it', async () => {
    const cases: Array<[string, string]> = [
      ['/api/dashboard?range=2h', 'query parameter "range" must be one of 5m, 15m, 1h, 24h, all, got "2h"'],
      ['/api/dashboard?department=toys', 'query parameter "department" must be "all", a department id or a known department name, got "toys" (known: 7 beverages, 4 produce)'],
      ['/api/dashboard?rnage=5m', 'unknown query parameter "rnage" for /api/dashboard; it takes range, department'],
      ['/api/dashboard?range=5m&range=1h', 'query parameter "range" must be given once'],
      ['/api/top-products?k=0', 'query parameter "k" must be a whole number from 1 to 100, got "0"'],
      ['/api/top-products?by=price', 'query parameter "by" must be one of revenue, units, got "price"'],
      ['/api/orders?limit=lots', 'query parameter "limit" must be a whole number from 1 to 200, got "lots"'],
      ['/api/views/volume?width=10', 'query parameter "width" must be a whole number from 50 to 4000, got "10"'],
      ['/api/views/volume?title=maybe', 'query parameter "title" must be one of show, none, got "maybe"'],
      ['/views/hourly?range=week', 'query parameter "range" must be one of'],
      ['/events?department=-3', 'query parameter "department" must be "all"'],
      ['/healthz?verbose=1', '/healthz takes no query parameters, got "verbose"'],
      ['/api/summary?x=1', 'unknown query parameter "x" for /api/summary; it takes range, department, compare'],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await json(path);
      expect(status, path).toBe(400);
      expect(body.error, path).toContain(message);
    }
    expect(await json('/api/nothing')).toMatchObject({ status: 404, body: { error: 'no such endpoint: GET /api/nothing' } });
  });
});

describe('health', () => {
  it('reports the transport and the store, and says plainly when one is unreachable', async () => {
    const healthy = await json('/healthz');
    expect(healthy).toMatchObject({ status: 200, body: { status: 'ok', transport: 'memory in-process' } });

    const port = await closedPort();
    const health = createHealthMonitor({
      checks: [
        { name: 'transport', label: 'Kafka', address: `127.0.0.1:${port}`, probe: tcpProbe(port) },
        { name: 'store', label: 'HDFS', address: 'http://127.0.0.1:9870', probe: async () => true },
      ],
      intervalMs: 60_000,
    });
    await health.checkNow();
    const down = createApp({ view: driver.stage2.view, onUpdate: () => () => undefined, info: { transport: `kafka 127.0.0.1:${port}` }, health });
    const running = await startServer(down, '127.0.0.1', 0);
    try {
      const response = await fetch(`${running.url}/healthz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: string };
      expect(body).toMatchObject({ status: 'degraded', checks: { transport: { ok: false }, store: { ok: true } } });
      expect(body.error).toMatch(new RegExp(`^Kafka unreachable at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
      const dashboard = (await (await fetch(`${running.url}/api/dashboard`)).json()) as { health: { checks: Array<{ message: string }> } };
      expect(dashboard.health.checks[0]!.message).toContain(`Kafka unreachable at 127.0.0.1:${port}`);
    } finally {
      await running.close();
    }
  });
});

describe('server-sent events', () => {
  it('pushes a snapshot at once, then each change, to every client of a selection from one computation', async () => {
    const clients = await Promise.all([1, 2, 3].map(() => openEvents(`${server.url}/events?range=5m`)));
    try {
      const first = await Promise.all(clients.map((c) => c.next()));
      expect(new Set(first.map((e) => e.id)).size).toBe(1);
      expect(first[0]!.event).toBe('dashboard');
      const builds = app.hub.builds;
      const ordersBefore = first[0]!.data.kpis.orders;
      feed(60, 62);
      const pushed = await Promise.all(clients.map((c) => c.next()));
      expect(pushed.every((e) => e.data.kpis.orders > ordersBefore)).toBe(true);
      expect(new Set(pushed.map((e) => e.id)).size).toBe(1);
      // Three clients, one selection, one change: one snapshot built for all of them.
      expect(app.hub.builds - builds).toBe(1);
    } finally {
      clients.forEach((c) => c.close());
    }
  });

  it('resumes with Last-Event-ID: nothing it already has, the current snapshot otherwise', async () => {
    const a = await openEvents(`${server.url}/events?range=15m&department=4`);
    const seen = await a.next();
    a.close();
    const resumed = await openEvents(`${server.url}/events?range=15m&department=4`, { 'Last-Event-ID': seen.id });
    try {
      await expect(resumed.next(400)).rejects.toThrow(/no event within/);
      feed(62, 63);
      const missed = await resumed.next();
      expect(missed.id).not.toBe(seen.id);
      expect(missed.data.kpis.orders).toBeGreaterThan(seen.data.kpis.orders);
    } finally {
      resumed.close();
    }
    const stale = await openEvents(`${server.url}/events?range=15m&department=4&lastEventId=${encodeURIComponent(seen.id)}`);
    try {
      const full = await stale.next();
      expect(full.data).toMatchObject({ range: '15m', departmentId: 4 });
      expect(full.id).not.toBe(seen.id);
    } finally {
      stale.close();
    }
  });
});
