// Drill-down and search in Chromium, against the real CLI (a backfill of some 25 minutes):
// clicking a department's bar shows its aisles, an aisle its products (all in the URL), and the
// product search opens a product page with its chart and rank; a free period redraws the KPI
// cards and charts. Leaves test/output/dashboard-drill.png and dashboard-period.png;
// UPDATE_DOCS_SCREENSHOTS=1 copies them to docs/.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, serveBackfillPage, type BackfillDashboard } from './backfill-dashboard';
import { readSummary } from '../../helpers/xlsx-summary';
import { until, waitForSnapshot } from './page-probes';

// Callbacks of page.evaluate run in the page; the project's types have no DOM.
declare const window: any;
declare const document: any;

let dashboard: BackfillDashboard;
let url: string;
let page: Page;

beforeAll(async () => {
  dashboard = await serveBackfillPage('drill', ['--max-orders', '3000', '--rate', '2']);
  ({ url, page } = dashboard);
}, 240_000);

afterAll(() => dashboard?.stop());

/** The centre of the department chart's bar for a department, from the SVG items Vega drew. */
const barCentre = (departmentId: number) => page.evaluate((id) => {
  for (const el of document.querySelectorAll('[data-view="departments"] svg .mark-rect path')) {
    if (el.__data__?.datum?.departmentId !== id) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
  return null;
}, departmentId);

const param = (name: string) => new URL(page.url()).searchParams.get(name);

describe('drill-down and search on the dashboard', () => {
  it('clicking a department shows its aisles, and an aisle its products, as URL state', async () => {
    await page.goto(`${url}/?range=all`, { waitUntil: 'load' });
    const s = await waitForSnapshot(page, (x) => x.range === 'all' && x.kpis.orders > 0, 60_000);
    const top = s.charts.departments[0] as { departmentId: number; department: string };
    const centre = await until(() => barCentre(top.departmentId), (c) => c !== null, `a bar for ${top.department}`);
    await page.evaluate(() => document.querySelector('[data-view="departments"]').scrollIntoView());
    const again = (await barCentre(top.departmentId))!;
    expect(again).not.toBeNull();
    await page.mouse.click(again.x, again.y);
    expect(centre).not.toBeNull();

    const aisles = await until(() => page.evaluate(() => window.drill.aisles), (a) => a?.departmentId === top.departmentId, 'the aisles of the clicked department');
    expect(param('department')).toBe(String(top.departmentId));
    // The page shows what the API answers for the same selection.
    const api = await (await fetch(`${url}/api/aisles?range=all&department=${top.departmentId}`)).json() as { aisles: Array<{ aisleId: number }> };
    expect(aisles.aisles.map((a: { aisleId: number }) => a.aisleId).sort()).toEqual(api.aisles.map((a: { aisleId: number }) => a.aisleId).sort());
    const shown = await page.$$eval('#drill-body [data-aisle]', (els) => els.map((e) => e.textContent));
    expect(shown.length).toBe(aisles.aisles.length);
    expect(shown[0]).toBe(aisles.aisles[0].aisle);

    await page.click('#drill-body [data-aisle]');
    const products = await until(() => page.evaluate(() => window.drill.products), (p) => p?.aisleId === aisles.aisles[0].aisleId, 'the products of the aisle');
    expect(param('aisle')).toBe(String(aisles.aisles[0].aisleId));
    expect(await page.$$eval('#drill-body [data-product]', (els) => els.length)).toBe(Math.min(products.count, 25));

    // Bookmarkable: the same URL in a fresh load shows the same aisle's products.
    await page.goto(page.url(), { waitUntil: 'load' });
    await until(() => page.evaluate(() => window.drill.products?.aisleId), (id) => id === aisles.aisles[0].aisleId, 'the aisle from the URL');
  });

  it('the product search opens a product page with its chart', async () => {
    const payload = await (await fetch(`${url}/api/dashboard?range=all`)).json() as { charts: { topProducts: Array<{ productId: number; product: string }> } };
    const best = payload.charts.topProducts[0]!;
    // The chart's label carries the rank ("1. …"); the product's own name is the API's.
    const { name } = await (await fetch(`${url}/api/products/${best.productId}`)).json() as { name: string };
    await page.click('#product-search', { count: 3 });
    // Its whole name in lower case: names starting with the query come first.
    await page.type('#product-search', name.toLowerCase());
    await page.waitForSelector(`#search-results [data-product="${best.productId}"]`, { timeout: 10_000 });
    await page.click(`#search-results [data-product="${best.productId}"]`);
    const product = await until(() => page.evaluate(() => window.drill.product), (p) => p?.productId === best.productId, 'the product page');
    expect(param('product')).toBe(String(best.productId));
    expect(await page.$eval('#product-title', (el) => el.textContent)).toContain(name);
    expect(product.windows.length).toBeGreaterThan(0);
    // The chart drew a point per window.
    const points = await until(() => page.$$eval('#product-chart svg .mark-symbol path', (els) => els.length), (n) => n > 0, 'points on the product chart');
    expect(points).toBe(product.windows.length);
    // Below it, its rank in each window (a second line), and the page's "bought together" part
    // (its partners: baskets.test.ts checks what it shows).
    expect(await page.$$eval('#product-chart svg .mark-line path', (els) => els.length)).toBe(2);
    expect(product.windows.some((w: { rank: number | null }) => w.rank !== null)).toBe(true);
    expect(await page.$eval('#product-panel', (el) => el.querySelector('#product-partners') !== null)).toBe(true);
    await page.waitForFunction(() => !document.querySelector('#product-panel').hidden);
    // Only the drill-down and product panels, to keep the picture small.
    const clip = await page.evaluate(() => {
      const a = document.querySelector('#drill').getBoundingClientRect();
      const b = document.querySelector('#product-panel').getBoundingClientRect();
      const top = Math.min(a.top, b.top) + window.scrollY;
      return { x: 0, y: top - 8, width: document.documentElement.clientWidth, height: Math.max(a.bottom, b.bottom) + window.scrollY - top + 16 };
    });
    await keepScreenshot(page, 'dashboard-drill.png', clip);
  });

  it('a free period in place of the range redraws the KPI cards and charts with its figures, as /api/period counts them', async () => {
    const { newestEventTime } = await (await fetch(`${url}/api/summary`)).json() as { newestEventTime: number };
    const utc = (t: number) => new Date(t).toISOString().slice(0, 16);
    const from = utc(newestEventTime - 10 * 60_000);
    const to = utc(newestEventTime - 60_000);
    await page.goto(`${url}/?range=all`, { waitUntil: 'load' });
    const before = await waitForSnapshot(page, (x) => x.range === 'all' && x.kpis.orders > 0, 60_000);
    await page.evaluate((f, t) => {
      document.querySelector('#period-from').value = f;
      document.querySelector('#period-to').value = t;
    }, from, to);
    await page.click('#period-apply');
    const s = await waitForSnapshot(page, (x: any) => x.range === 'period' && x.period?.requested.from === Date.parse(`${from}Z`), 30_000);
    expect(param('from')).toBe(from);
    expect(param('to')).toBe(to);
    const api = await (await fetch(`${url}/api/period?from=${from}&to=${to}&department=all`)).json() as any;
    expect(api).toMatchObject({ source: 'live', windowsAre: 'windows' });
    expect(api.windows).toBeGreaterThan(5);
    // A part of the run, not the whole: the cards changed to the period's numbers.
    expect(api.kpis.orders).toBeLessThan(before.kpis.orders);
    expect(s.kpis).toMatchObject(api.kpis);
    expect(await page.$eval('[data-kpi="orders"] .kpi-value', (el) => el.textContent)).toBe(api.kpis.orders.toLocaleString('en-US'));
    expect(await page.$eval('[data-kpi="items"] .kpi-value', (el) => el.textContent)).toBe(api.kpis.items.toLocaleString('en-US'));
    expect(await page.$eval('[data-kpi="orders"] [data-sub="range"]', (el) => el.textContent)).toContain(`${from.replace('T', ' ')} – ${to.replace('T', ' ')} UTC`);
    // The charts draw the period's datasets, and the note says which store answered.
    const drawn = await page.evaluate(() => ({
      departments: window.dashboard.views.departments.data('departments').map((d: any) => [d.departmentId, d.revenue]),
      top: window.dashboard.views['top-products'].data('topProducts').map((p: any) => [p.productId, p.revenue]),
    }));
    expect(drawn.departments).toEqual(api.charts.departments.map((d: any) => [d.departmentId, d.revenue]));
    expect(drawn.top).toEqual(api.charts.topProducts.map((p: any) => [p.productId, p.revenue]));
    expect(await page.$eval('#period-note', (el) => el.textContent)).toContain('(live)');
    // The export buttons report the period.
    const href = await page.$eval('#export-xlsx', (el) => el.getAttribute('href'));
    expect(href).toBe(`/export/report.xlsx?${new URLSearchParams({ from, to, department: 'all' })}`);
    const field = await readSummary(await (await fetch(`${url}${href}`)).arrayBuffer());
    expect(field('Orders')).toBe(api.kpis.orders);

    // Bookmarkable: the same URL in a fresh load draws the same period.
    await page.goto(page.url(), { waitUntil: 'load' });
    const again = await waitForSnapshot(page, (x: any) => x.range === 'period', 30_000);
    expect(again.kpis.orders).toBe(api.kpis.orders);
    await page.waitForFunction(() => !document.querySelector('#period-note').hidden);
    await new Promise((r) => setTimeout(r, 800));
    await keepScreenshot(page, 'dashboard-period.png', { x: 0, y: 0, width: 1200, height: 760 });

    // A fixed range again: the period leaves the URL and the cards count the range.
    await page.click('#range [data-range="all"]');
    await waitForSnapshot(page, (x) => x.range === 'all' && x.kpis.orders === before.kpis.orders, 30_000);
    expect(param('from')).toBeNull();
    expect(await page.$eval('#period-note', (el) => el.hidden)).toBe(true);
  }, 120_000);
});
