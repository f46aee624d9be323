// The dashboard in Chromium, opened with ?token= on a server that requires a token: the page,
// its scripts, its event stream and an export download all get through.
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { launchChromium } from './chromium';
import { kpiNumber, waitForSnapshot } from './page-probes';

declare const window: any;

const TOKEN = 'browser-token-0123456789abcdef';
let cli: CliRun;
let url: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  const dir = await tempDir('dashboard-token');
  cli = runCli(['run', '--rate', '200', '--data-dir', dir, '--port', '0', '--token', TOKEN, '--window', '2s', '--lateness', '0s', '--no-progress']);
  [, url] = (await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/)) as unknown as [string, string];
  ({ browser, close: closeBrowser } = await launchChromium());
}, 120_000);

afterAll(async () => {
  await closeBrowser?.();
  cli?.child.kill('SIGTERM');
  await cli?.exited;
});

describe('dashboard behind a token', () => {
  it('works when opened with ?token=, and not without', async () => {
    const page = await browser.newPage();
    const denied = await page.goto(`${url}/`, { waitUntil: 'load' });
    expect(denied?.status()).toBe(401);

    const opened = await page.goto(`${url}/?token=${TOKEN}&range=all`, { waitUntil: 'load' });
    expect(opened?.status()).toBe(200);
    await waitForSnapshot(page, (s) => s.status === 'live' && s.kpis.orders > 0);
    expect(await kpiNumber(page, 'orders')).toBeGreaterThan(0);
    const download = await page.evaluate(async () => (await window.fetch('/export/report.xlsx?range=all')).status);
    expect(download).toBe(200);
    await page.close();
  }, 60_000);
});
