// A synthetic day with no scenario, backfilled through the real CLI and looked at in Chromium
// at "24 h": the store sells twice as much in the afternoon as in the morning, and the top
// products' arrows must still read mostly →. Leaves the screenshot the README shows
// (test/output/dashboard-24h.png, copied to docs/). First it checks "all" against raw, counted
// by DuckDB: every order from the top of the hour 24 h back is on the page, no more, no less.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../../helpers/cli';
import { queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';
import { launchChromium } from './chromium';
import { waitForSnapshot } from './page-probes';

const OUTPUT = join(process.cwd(), 'test', 'output');
const ORDERS = 130_000;

let cli: CliRun;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('arrows-day');
  // 1.5 orders a second of event time: 130,000 orders span a day (24 h 4 min), sent at once. It
  // keeps serving once they are consumed, and compacts nothing while DuckDB reads raw.
  cli = runCli(['run', '--backfill', '--max-orders', String(ORDERS), '--rate', '1.5', '--data-dir', dir, '--port', '0', '--window', '1m',
    '--lateness', '5s', '--flush-interval', '5s', '--no-progress', '--keep-serving', '--compact-every', 'off', '--duration', '20m']);
  [, url] = (await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/, 120_000)) as unknown as [string, string];
  await cli.waitFor(/all 130000 orders consumed; still serving/, 600_000);
}, 620_000);

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
      // "all" starts at the top of the hour 24 h before the newest event. It used to start at the
      // next hour, and left out up to an hour of orders (117,221 of 128,810 once).
      await page.goto(`${url}/?range=all`, { waitUntil: 'load' });
      const first = await waitForSnapshot(page, (x) => x.range === 'all' && x.bounds.from !== null && x.bounds.to !== null, 60_000);
      const { from, to } = first.bounds as { from: number; to: number };
      const raw = join(dir, 'purchase-analytics', 'raw', '**', '*.parquet');
      const [counted] = await queryParquet<{ orders: number; inRange: number }>(
        `SELECT count(DISTINCT event_id)::INT AS orders, count(DISTINCT event_id) FILTER (WHERE epoch_ms(event_time) >= ${from})::INT AS inRange FROM read_parquet('${raw}')`);
      expect(counted!.orders).toBe(ORDERS);
      expect(counted!.inRange).toBeGreaterThan(ORDERS * 0.97); // the day starts 24 h 4 min back
      // The top of the hour, or where the data begins when that is later.
      expect(from % 3_600_000 === 0 || counted!.inRange === ORDERS, `from ${new Date(from).toISOString()}, to ${new Date(to).toISOString()}`).toBe(true);
      await waitForSnapshot(page, (x) => x.range === 'all' && x.kpis.orders === counted!.inRange, 60_000);
      await page.goto(`${url}/?range=24h`, { waitUntil: 'load' });
      const s = await waitForSnapshot(page, (x) => x.range === '24h' && x.kpis.orders === counted!.inRange && x.charts.topProducts.length === 10, 60_000);
      const tooltip = await page.$eval('[data-kpi="orders"] [data-sub="range"]', (el) => el.getAttribute('title') ?? '');
      expect(tooltip).toMatch(/^counted from \w{3} \d+ \w{3}, \d\d:\d\d to \w{3} \d+ \w{3}, \d\d:\d\d$/);
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
