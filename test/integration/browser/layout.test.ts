// The dashboard's layout in Chromium at a desktop width (1400 px) and a phone's (420 px), over a
// history that spans days: no element overflows its card, the page does not scroll sideways,
// the time axis has readable labels with dates, and the KPI cards say which clock they use.
// Screenshots go to test/output/; with UPDATE_DOCS_SCREENSHOTS=1 also to docs/ (the README's).
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBackfill, type BackfillDashboard } from './backfill-dashboard';
import { overflowingElements, scrollsSideways, xAxisLabels } from './layout-probes';
import { waitForSnapshot } from './page-probes';

const OUTPUT = join(process.cwd(), 'test', 'output');
const DOCS = join(process.cwd(), 'docs');
const DATE_LABEL = /^[A-Z][a-z]{2} \d{2}$/;

let dashboard: BackfillDashboard;
let url: string;
let page: Page;

beforeAll(async () => {
  // 30,000 orders over the 2.3 days before now, sent at once: the 24 h range crosses a midnight.
  dashboard = await serveBackfill('layout', ['--max-orders', '30000', '--rate', '0.15', '--window', '5m']);
  ({ url, page } = dashboard);
  await mkdir(OUTPUT, { recursive: true });
}, 240_000);

afterAll(() => dashboard?.stop());

async function open(width: number, range: string): Promise<void> {
  await page.setViewport({ width, height: 1000 });
  await page.goto(`${url}/?range=${range}`, { waitUntil: 'load' });
  await waitForSnapshot(page, (s) => s.range === range && s.kpis.orders > 0, 60_000);
  // The charts are drawn at most every half second after a snapshot; let the last one land.
  await new Promise((r) => setTimeout(r, 1_500));
}

describe('dashboard layout', () => {
  for (const width of [1400, 420]) {
    it(`fits ${width} px: nothing overflows its card, no sideways scroll, readable time labels with dates`, async () => {
      await open(width, '24h');
      expect(await overflowingElements(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);

      const labels = await xAxisLabels(page, 'volume');
      expect(labels.length, labels.map((l) => l.text).join(' ')).toBeGreaterThanOrEqual(width > 1000 ? 6 : 3);
      expect(labels.length).toBeLessThanOrEqual(width > 1000 ? 16 : 7);
      labels.forEach((l, i) => i > 0 && expect(l.left, `"${labels[i - 1]!.text}" runs into "${l.text}"`).toBeGreaterThanOrEqual(labels[i - 1]!.right + 2));
      expect(labels.filter((l) => DATE_LABEL.test(l.text)).length, labels.map((l) => l.text).join(' ')).toBeGreaterThanOrEqual(1);

      const path = join(OUTPUT, `dashboard-${width}.png`);
      await page.screenshot({ path, fullPage: true });
      if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') await copyFile(path, join(DOCS, `dashboard-${width}.png`));
    }, 90_000);
  }

  it('labels the ticks of a range of days with dates', async () => {
    await open(1400, 'all');
    const labels = await xAxisLabels(page, 'volume');
    expect(labels.filter((l) => DATE_LABEL.test(l.text)).length, labels.map((l) => l.text).join(' ')).toBeGreaterThanOrEqual(1);
    labels.forEach((l, i) => i > 0 && expect(l.left).toBeGreaterThanOrEqual(labels[i - 1]!.right + 2));
  }, 90_000);

  it('says on every KPI card which clock it counts by, in its sub-label and its tooltip', async () => {
    await open(1400, '5m');
    const cards = await page.$$eval('.kpi', (els) => els.map((el: any) => ({
      kpi: el.dataset.kpi as string, clock: el.dataset.clock as string, title: el.title as string, sub: el.querySelector('.kpi-sub').textContent as string,
    })));
    expect(cards.map((c) => [c.kpi, c.clock])).toEqual([
      ['orders', 'event time'], ['items', 'event time'], ['revenue', 'event time'], ['avgBasketValue', 'event time'],
      ['ordersPerSecond', 'wall clock'], ['activeProducts', 'event time'], ['freshnessMs', 'wall clock'],
    ]);
    for (const c of cards) expect(c.title, c.kpi).toContain(c.clock);
    const sub = Object.fromEntries(cards.map((c) => [c.kpi, c.sub]));
    expect(sub.orders).toBe('last 5 min of event time');
    expect(sub.ordersPerSecond).toMatch(/^orders\/s of wall clock · [\d,]+ lines\/s$/);
    expect(sub.freshnessMs).toBe('wall clock − newest event time');
  }, 90_000);
});
