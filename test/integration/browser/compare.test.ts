// Comparisons in Chromium, against the real CLI: a backfill of some 32 h, so the hour a day before
// the newest is in the Parquet history the run wrote (the live view keeps 24 h) and a week
// before is nowhere. Switching "vs previous day" shows deltas on the KPI cards, agreeing with
// /api/summary?compare=day; "vs previous week" says there is no data instead of a 0. A free
// period older than the live view's 24 h is read from the Parquet history, and the page says so.
// Leaves test/output/dashboard-compare.png; UPDATE_DOCS_SCREENSHOTS=1 copies it to docs/.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBackfill, type BackfillDashboard } from './backfill-dashboard';
import { waitForSnapshot } from './page-probes';

const OUTPUT = join(process.cwd(), 'test', 'output');

let dashboard: BackfillDashboard;
let url: string;
let page: Page;

beforeAll(async () => {
  dashboard = await serveBackfill('compare', ['--max-orders', '16000', '--rate', '0.1', '--window', '5m']);
  ({ url, page } = dashboard);
  await page.setViewport({ width: 1200, height: 900 });
  await mkdir(OUTPUT, { recursive: true });
}, 240_000);

afterAll(() => dashboard?.stop());

const deltaText = (kpi: string) => page.$eval(`[data-kpi="${kpi}"] [data-sub="delta"]`, (el) => ({ text: el.textContent ?? '', hidden: (el as unknown as { hidden: boolean }).hidden }));

describe('comparisons on the dashboard', () => {
  it('switching "vs previous day" shows deltas on the KPI cards, from the history, as the API computes them', async () => {
    await page.goto(`${url}/?range=1h`, { waitUntil: 'load' });
    await waitForSnapshot(page, (s) => s.range === '1h' && s.kpis.orders > 0, 60_000);
    expect((await deltaText('orders')).hidden).toBe(true);

    await page.select('#compare', 'day');
    const s = await waitForSnapshot(page, (x) => x.comparison?.status === 'ready', 90_000);
    expect(new URL(page.url()).searchParams.get('compare')).toBe('day');
    expect(s.comparison).toMatchObject({ compare: 'day', source: 'history' });
    const note = await page.$eval('#compare-note', (el) => el.textContent ?? '');
    expect(note).toContain('compared with the previous day');
    expect(note).toContain('(history)');

    const api = (await (await fetch(`${url}/api/summary?range=1h&compare=day`)).json()) as any;
    const orders = api.comparison.kpis.orders;
    expect(orders.previous).toBeGreaterThan(0);
    const shown = await deltaText('orders');
    expect(shown.hidden).toBe(false);
    const sign = orders.abs < 0 ? '−' : '+';
    const pct = `${orders.pct < 0 ? '−' : '+'}${Math.abs(orders.pct).toFixed(1)}%`;
    expect(shown.text).toBe(`${sign}${Math.abs(orders.abs).toLocaleString('en-US')} (${pct}) vs previous day`);
    for (const kpi of ['items', 'revenue', 'avgBasketValue', 'activeProducts']) {
      expect((await deltaText(kpi)).text, kpi).toMatch(/^[+−]\$?[\d,.]+ \(([+−]\d+\.\d%|was 0)\) vs previous day$/);
    }
    // The charts carry the deltas too.
    expect(s.charts.topProducts.every((p: any) => typeof p.deltaRevenue === 'number' && p.label.includes('Δ'))).toBe(true);
    expect(s.charts.departments.every((d: any) => typeof d.deltaRevenue === 'number')).toBe(true);

    await new Promise((r) => setTimeout(r, 1_000));
    const path = join(OUTPUT, 'dashboard-compare.png');
    // The controls, the note, the KPI cards and the charts with deltas: the top of the page only, to keep it small.
    await page.screenshot({ path, clip: { x: 0, y: 0, width: 1200, height: 1075 } });
    if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') await copyFile(path, join(process.cwd(), 'docs', 'dashboard-compare.png'));
  }, 150_000);

  it('"vs previous week" says plainly that there is no data, never a 0', async () => {
    await page.select('#compare', 'week');
    const s = await waitForSnapshot(page, (x) => x.comparison?.compare === 'week' && x.comparison.status === 'none', 60_000);
    expect(s.comparison?.kpis).toBeNull();
    const note = await page.$eval('#compare-note', (el) => el.textContent ?? '');
    expect(note).toMatch(/^no data for the previous week \(.*\): the live view keeps 24 h and the history covers /);
    expect((await deltaText('orders')).text).toBe('vs previous week: no data');
  }, 90_000);

  it('a free period older than the live view\'s 24 h is read from the Parquet history, and the page says so', async () => {
    const { newestEventTime } = (await (await fetch(`${url}/api/summary`)).json()) as { newestEventTime: number };
    const utc = (t: number) => new Date(t).toISOString().slice(0, 16);
    const from = utc(newestEventTime - 28 * 3_600_000 + 7 * 60_000);
    const to = utc(newestEventTime - 27 * 3_600_000);
    await page.goto(`${url}/?from=${from}&to=${to}`, { waitUntil: 'load' });
    const s = await waitForSnapshot(page, (x: any) => x.range === 'period' && x.period?.source === 'history', 60_000);
    const api = (await (await fetch(`${url}/api/period?from=${from}&to=${to}`)).json()) as any;
    expect(api).toMatchObject({ source: 'history', windowsAre: 'windows', whole: true });
    expect(api.kpis.orders).toBeGreaterThan(0);
    expect(s.kpis).toMatchObject(api.kpis);
    expect(await page.$eval('[data-kpi="orders"] .kpi-value', (el) => el.textContent)).toBe(api.kpis.orders.toLocaleString('en-US'));
    const note = await page.$eval('#period-note', (el) => el.textContent ?? '');
    expect(note).toContain('from the Parquet history (history)');
  }, 90_000);
});
