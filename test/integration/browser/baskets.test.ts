// "Bought together" in Chromium, against the real CLI (a backfill of some 25 minutes): the
// dashboard panel lists the top products' partners with lift as GET /api/pairs answers, and a
// product page lists its partners. Leaves test/output/dashboard-baskets.png;
// UPDATE_DOCS_SCREENSHOTS=1 copies it to docs/.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot, serveBackfillPage, type BackfillDashboard } from './backfill-dashboard';
import { until, waitForSnapshot } from './page-probes';

// Callbacks of page.evaluate run in the page; the project's types have no DOM.
declare const window: any;
declare const document: any;

let dashboard: BackfillDashboard;
let url: string;
let page: Page;

interface Partner { productId: number; partnerId: number; productName: string; partnerName: string; pairOrders: number; lift: number }
interface Pairs { orders: number; exact: boolean; errorBound: number; products: Array<{ productId: number; partners: Partner[] }> }

beforeAll(async () => {
  dashboard = await serveBackfillPage('baskets', ['--max-orders', '3000', '--rate', '2']);
  ({ url, page } = dashboard);
}, 240_000);

afterAll(() => dashboard?.stop());

describe('bought together on the dashboard', () => {
  it('the panel shows the top products\' partners with lift, as /api/pairs answers', async () => {
    await page.goto(`${url}/?range=all`, { waitUntil: 'load' });
    await waitForSnapshot(page, (x) => x.range === 'all' && x.kpis.orders > 0, 60_000);
    const shown = (await until(() => page.evaluate(() => window.baskets.latest), (b: Pairs | null) => b !== null && b.products.some((p) => p.partners.length > 0), 'the panel\'s pairs'))!;
    const api = await (await fetch(`${url}/api/pairs?range=all&products=5&partners=3&pairs=0`)).json() as Pairs;
    expect(shown.orders).toBe(api.orders);
    expect(shown.products).toEqual(api.products);
    const expected = api.products.flatMap((p) => p.partners);
    const cells = await page.$$eval('#baskets-body tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(cells.length).toBe(expected.length);
    expect(cells.map((c) => c[1])).toEqual(expected.map((p) => p.partnerName));
    expect(cells.map((c) => c[5])).toEqual(expected.map((p) => `${p.lift.toFixed(2)}×`));
    expect(await page.$eval('#baskets-note', (el) => el.textContent)).toContain(api.exact ? 'exact counts' : `up to ${api.errorBound.toLocaleString('en-US')} orders`);

    await page.evaluate(() => document.querySelector('#baskets-panel').scrollIntoView());
    const clip = await page.evaluate(() => {
      const b = document.querySelector('#baskets-panel').getBoundingClientRect();
      return { x: b.left, y: b.top + window.scrollY, width: b.width, height: b.height };
    });
    await keepScreenshot(page, 'dashboard-baskets.png', clip);
  });

  it('a product page lists the product\'s partners', async () => {
    const api = await (await fetch(`${url}/api/pairs?range=all&products=5&partners=3&pairs=0`)).json() as Pairs;
    const product = api.products.find((p) => p.partners.length > 0)!;
    await page.goto(`${url}/?range=all&product=${product.productId}`, { waitUntil: 'load' });
    const partners = (await until(() => page.evaluate(() => window.baskets.partners), (b: { productId: number; partners: Partner[] } | null) => b?.productId === product.productId, 'the product\'s partners'))!;
    const answer = await (await fetch(`${url}/api/products/${product.productId}/partners?range=all&k=5`)).json() as { partners: Partner[] };
    expect(partners.partners).toEqual(answer.partners);
    const names = await page.$$eval('#product-partners tbody tr td:first-child', (els) => els.map((e) => e.textContent));
    expect(names).toEqual(answer.partners.map((p) => p.partnerName));
    expect(names.length).toBeGreaterThan(0);
  });
});
