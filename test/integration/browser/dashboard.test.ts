// The live dashboard in Debian's Chromium against a running pipeline (the real CLI).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { launchChromium } from './chromium';
import { chartMarks, kpiNumber, waitForSnapshot } from './page-probes';

// Callbacks of page.evaluate run in the page; the project's types have no DOM.
declare const window: any;
declare const document: any;

const OUTPUT = join(process.cwd(), 'test', 'output');
const CHARTS = [
  ['volume', 'volume'], ['top-products', 'topProducts'], ['departments', 'departments'], ['hourly', 'hourly'], ['alerts', 'alerts'],
] as const;

let cli: CliRun;
let url: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  const dir = await tempDir('dashboard');
  // Event time runs 300 times faster than the wall clock, so that the trend detector is past its
  // 30-minute warm-up within seconds and the scenarios (a product surging, one dropping, a
  // department shifting) give it something to say; the hours of day fill in as well.
  cli = runCli(['run', '--rate', '250', '--speedup', '300', '--data-dir', dir, '--port', '0', '--window', '1m', '--lateness', '5s',
    '--flush-interval', '5s', '--seasonality', 'off', '--no-progress',
    '--scenario', 'surge:product=39592,factor=8,from=35m', '--scenario', 'drop:product=9185,from=40m',
    '--scenario', 'department-shift:department=7,factor=3,from=45m']);
  [, url] = (await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/)) as unknown as [string, string];
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1000 });
  page.on('pageerror', (error) => console.error('page error:', error));
}, 120_000);

afterAll(async () => {
  await closeBrowser?.();
  cli?.child.kill('SIGTERM');
  await cli?.exited;
});

describe('live dashboard in Chromium', () => {
  it('draws every chart from pushed data, and its KPIs rise with live updates', async () => {
    await page.goto(`${url}/?range=all`, { waitUntil: 'load' });
    const first = await waitForSnapshot(page, (s) => s.status === 'live' && s.kpis.orders > 0);
    const ordersBefore = await kpiNumber(page, 'orders');
    expect(ordersBefore).toBeGreaterThan(0);
    for (const [view, dataset] of CHARTS) {
      if (view === 'alerts') continue; // alerts need two closed windows; checked below
      const marks = await chartMarks(page, view, dataset);
      expect(marks.rows, view).toBeGreaterThan(0);
      expect(marks.marks, view).toBeGreaterThanOrEqual(Math.min(marks.rows, 10));
    }
    expect(await page.$eval('#status', (el) => el.textContent)).toBe('live');
    expect(await page.$$eval('#feed li', (items) => items.length)).toBeGreaterThan(0);

    await waitForSnapshot(page, (s) => s.kpis.orders > Math.max(ordersBefore, first.kpis.orders) + 200);
    expect(await kpiNumber(page, 'orders')).toBeGreaterThan(ordersBefore);
    expect(await kpiNumber(page, 'revenue')).toBeGreaterThan(0);
    expect(await kpiNumber(page, 'ordersPerSecond')).toBeGreaterThan(50);
    expect(await page.$eval('[data-kpi="freshnessMs"] .kpi-value', (el) => el.textContent)).toMatch(/^\d+(\.\d)? (ms|s)$/);
    expect(await page.$eval('[data-kpi="orders"] [data-sub="late"]', (el) => el.textContent)).toMatch(/^\d[\d,]* late · \d[\d,]* rejected$/);
  }, 90_000);

  it('lists alerts with severity, time and an acknowledge button that works', async () => {
    await waitForSnapshot(page, (s) => s.alerts.length > 0, 45_000);
    const marks = await chartMarks(page, 'alerts', 'alerts');
    expect(marks.rows).toBeGreaterThan(0);
    expect(marks.marks).toBeGreaterThan(0);
    const first = await page.$eval('#alert-list .alert', (el) => ({
      id: (el as any).dataset.alert as string,
      severity: el.querySelector('.sev')?.textContent,
      when: el.querySelector('.when')?.textContent,
    }));
    expect(first.severity).toMatch(/^(info|warning|critical)$/);
    expect(first.when).toMatch(/\d\d:\d\d:\d\d/);
    await page.evaluate((id: string) => document.querySelector(`#alert-list [data-ack="${id}"]`).click(), first.id);
    await waitForSnapshot(page, (s) => s.alerts.some((a) => a.id === first.id && a.acknowledged));
    expect(await page.$eval(`#alert-list [data-ack="${first.id}"]`, (b) => (b as any).disabled)).toBe(true);
    expect(await page.$eval('[data-view="alerts"] [data-role="note"]', (el) => el.textContent)).toBe('from the trend detector');
  }, 90_000);

  it('switches the time range and the department filter, and the views follow', async () => {
    const all = await waitForSnapshot(page, (s) => s.range === 'all');
    expect(all.volume.unit).toBe('minute');
    await page.click('#range [data-range="5m"]');
    const recent = await waitForSnapshot(page, (s) => s.range === '5m');
    expect(recent.volume.unit).toBe('second');
    expect(recent.kpis.orders).toBeLessThan(all.kpis.orders);
    expect(await page.$eval('[data-kpi="orders"] [data-sub="range"]', (el) => el.textContent)).toBe('last 5 min of event time');
    await page.waitForFunction(() => document.querySelector('[data-view="volume"] svg')?.textContent?.includes('orders / second'));

    const produce = await page.$$eval('#department option', (options) => options.find((o) => o.textContent === 'produce')?.getAttribute('value'));
    expect(produce).toBeTruthy();
    await page.select('#department', produce as string);
    const filtered = await waitForSnapshot(page, (s) => s.departmentId === Number(produce));
    expect(filtered.department).toBe('produce');
    expect(filtered.kpis.revenue).toBeLessThan(filtered.charts.departments.reduce((sum, d) => sum + d.revenue, 0));
    const top = await chartMarks(page, 'top-products', 'topProducts');
    expect(top.rows).toBeGreaterThan(0);
    const departmentsOfTop = await page.evaluate(() => window.dashboard.views['top-products'].data('topProducts').map((r: { department: string }) => r.department));
    expect(new Set(departmentsOfTop)).toEqual(new Set(['produce']));
    const highlighted = await page.evaluate(() => window.dashboard.views.departments.data('departments').filter((r: { selected: boolean }) => r.selected).map((r: { department: string }) => r.department));
    expect(highlighted).toEqual(['produce']);
    expect(await page.$eval('#export-pdf', (a) => a.getAttribute('href'))).toContain(`department=${produce}`);
    expect(new URL(page.url()).searchParams.get('department')).toBe(produce);

    await page.select('#department', 'all');
    await page.click('#range [data-range="24h"]');
    const back = await waitForSnapshot(page, (s) => s.range === '24h' && s.departmentId === null);
    expect(new Set(back.charts.topProducts.map((p) => p.department)).size).toBeGreaterThan(1);
  }, 90_000);

  it('pauses and resumes the live updates', async () => {
    await page.click('#pause');
    expect(await page.$eval('#status', (el) => el.textContent)).toBe('paused');
    const count = await page.evaluate(() => window.dashboard.snapshots as number);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await page.evaluate(() => window.dashboard.snapshots)).toBe(count);
    await page.click('#pause');
    await page.waitForFunction((n) => window.dashboard.snapshots > n, { timeout: 10_000 }, count);
    expect(await page.$eval('#status', (el) => el.textContent)).toBe('live');
  }, 60_000);

  it('leaves a screenshot in which every panel shows data', async () => {
    await waitForSnapshot(page, (s) => s.alerts.length > 0 && s.feed.length > 0 && s.charts.topProducts.length >= 5);
    await new Promise((r) => setTimeout(r, 600)); // let the newest snapshot finish drawing
    const empty = await page.$$eval('[data-role="state"]', (states) => states.filter((s) => !(s as any).hidden).map((s) => s.closest('[data-view],[data-panel]')?.getAttribute('data-view') ?? s.textContent));
    expect(empty).toEqual([]);
    await mkdir(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'dashboard.png'), fullPage: true });
  }, 90_000);

  it('serves each view alone, live', async () => {
    const alone = await browser.newPage();
    try {
      await alone.goto(`${url}/views/top-products?range=15m`, { waitUntil: 'load' });
      await alone.waitForFunction(() => (window.dashboardView?.snapshots ?? 0) > 1, { timeout: 15_000 });
      const bars = await alone.$$eval('svg .mark-rect.role-mark path', (paths) => paths.length);
      expect(bars).toBeGreaterThanOrEqual(5);
    } finally {
      await alone.close();
    }
  }, 60_000);
});
