// The access token: every route requires it when one is set; a browser opens the page with
// ?token= and then carries it in a same-site cookie; report downloads take no path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type DashboardApp, type RunningServer } from '../../../server/app';
import { createTopologyDriver, tumbling } from '../../../src/index';
import { line, order } from '../../helpers/events';
import { openEvents } from './sse-client';

const TOKEN = 'a1b2c3d4e5f6a7b8c9d0';
const T0 = Date.UTC(2026, 10, 24, 9);
let guarded: { app: DashboardApp; server: RunningServer };
let open: { app: DashboardApp; server: RunningServer };

async function serve(token?: string) {
  const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(10_000), allowedLatenessMs: 0 } });
  for (let s = 0; s < 30; s++) driver.pipe(order(T0 + s * 1_000, [line(1)]));
  driver.punctuate();
  const app = createApp({ view: driver.stage2.view, onUpdate: () => () => undefined, info: {}, ...(token ? { token } : {}) });
  return { app, server: await startServer(app, '127.0.0.1', 0) };
}

beforeAll(async () => {
  guarded = await serve(TOKEN);
  open = await serve();
});
afterAll(async () => {
  for (const { app, server } of [guarded, open]) {
    app.closeDashboard();
    await server.close();
  }
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${guarded.server.url}${path}`, { headers });

describe('the access token', () => {
  it('answers 401 on every route without it, or with a wrong one', async () => {
    for (const path of ['/', '/healthz', '/api/summary', '/api/dashboard', '/events', '/views/volume', '/assets/dashboard.js', '/vendor/vega.min.js', '/export/report.xlsx', '/nope']) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as { error: string }).error).toMatch(/needs the access token: send "Authorization: Bearer <token>", or open the page with \?token=<token>/);
    }
    expect((await get('/api/summary', { Authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401);
    expect((await get('/api/summary?token=wrong-token-of-some-length')).status).toBe(401);
    expect((await get('/api/summary', { Cookie: 'purchase_trends_token=wrong' })).status).toBe(401);
    const ack = await fetch(`${guarded.server.url}/api/alerts/x/ack`, { method: 'POST' });
    expect(ack.status).toBe(401);
  });

  it('answers 200 with it as a bearer token', async () => {
    const res = await get('/api/summary', { Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { orders: number }).orders).toBe(30);
    expect((await get('/healthz', { Authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });

  it('opens the page with ?token= and lets its scripts, API calls and event stream in through the cookie', async () => {
    const page = await get(`/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Purchase Trend Workbench');
    const setCookie = page.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^purchase_trends_token=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0]!;
    expect((await get('/assets/dashboard.js', { Cookie: cookie })).status).toBe(200);
    expect((await get('/api/dashboard?range=all', { Cookie: cookie })).status).toBe(200);
    const events = await openEvents(`${guarded.server.url}/events?range=all`, { Cookie: cookie });
    expect((await events.next()).event).toBe('dashboard');
    events.close();
  });

  it('takes ?token= on any route without upsetting its strict parameter checks', async () => {
    const res = await get(`/api/summary?token=${TOKEN}`);
    expect(res.status).toBe(200);
    const bad = await get(`/api/top-products?token=${TOKEN}&k=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('"k" must be a whole number');
  });

  it('report downloads take no path, file or folder from the client', async () => {
    for (const name of ['path', 'file', 'out', 'dir']) {
      const res = await get(`/export/report.xlsx?${name}=../../etc/passwd`, { Authorization: `Bearer ${TOKEN}` });
      expect(res.status, name).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(`unknown query parameter "${name}" for /export/report.xlsx; it takes range, department, aisle, product, from, to`);
    }
  });

  it('is not asked for when none is configured (a loopback server)', async () => {
    const res = await fetch(`${open.server.url}/api/summary`);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
