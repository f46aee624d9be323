// A synthetic day with no scenario, backfilled through the real CLI and looked at in Chromium
// at "24 h": the store sells twice as much in the afternoon as in the morning, and the top
// products' arrows must still read mostly →. Leaves the screenshot the README shows
// (test/output/dashboard-24h.png, copied to docs/).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { launchChromium } from './chromium';
import { waitForSnapshot } from './page-probes';

const OUTPUT = join(process.cwd(), 'test', 'output');
const ORDERS = 130_000;

let cli: CliRun;
let url: string;

beforeAll(async () => {
  const dir = await tempDir('arrows-day');
  // 1.5 orders a second of event time: 130,000 orders span a day, sent at once.
  cli = runCli(['run', '--backfill', '--max-orders', String(ORDERS), '--rate', '1.5', '--data-dir', dir, '--port', '0', '--window', '1m',
    '--lateness', '5s', '--flush-interval', '5s', '--no-progress']);
  [, url] = (await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/, 120_000)) as unknown as [string, string];
  await cli.waitFor(/producer finished/, 300_000);
}, 320_000);

afterAll(async () => {
  cli?.child.kill('SIGTERM');
  await cli?.exited;
});

describe('a day of seasonality on the dashboard', () => {
  it('shows mostly → arrows at "24 h", and says what they compare', async () => {
    const { browser, close } = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1440, height: 1000 });
      // First the whole history, until it holds the backfill: on 2026-12-01 it stopped at 118-123k
      // of the 130,000 orders asked, at "all" as at "24 h" (the seasonal backfill's shortfall, not
      // yet explained: see the README's known limits), so 90% is what is waited for.
      await page.goto(`${url}/?range=all`, { waitUntil: 'load' });
      await waitForSnapshot(page, (x) => x.range === 'all' && x.kpis.orders >= ORDERS * 0.9, 120_000, (x) => x.kpis.orders);
      await page.goto(`${url}/?range=24h`, { waitUntil: 'load' });
      const s = await waitForSnapshot(page, (x) => x.range === '24h' && x.kpis.orders >= ORDERS * 0.8 && x.charts.topProducts.length === 10, 60_000);
      const trends = s.charts.topProducts.map((p) => p.trend);
      expect(trends.filter((t) => t === 'flat').length, JSON.stringify(s.charts.topProducts.map((p) => p.label))).toBeGreaterThanOrEqual(8);
      const note = await page.$eval('[data-view="top-products"] [data-role="note"]', (el) => el.textContent ?? '');
      expect(note).toContain("store's newer volume");
      await new Promise((r) => setTimeout(r, 600)); // let the newest snapshot finish drawing
      await mkdir(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'dashboard-24h.png'), fullPage: true });
    } finally {
      await close();
    }
  }, 900_000);
});
