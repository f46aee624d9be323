// The real CLI serving the dashboard over a backfilled history (sent at once, then kept
// serving), and a Chromium page on it: the setup of the tests that need days of event time.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { runCli, type CliRun } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { launchChromium } from './chromium';

export interface BackfillDashboard {
  url: string;
  cli: CliRun;
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

/** args: the backfill's own (--max-orders, --rate, --window); data dir, port and serving are added. */
export async function serveBackfill(label: string, args: string[]): Promise<BackfillDashboard> {
  const cli = runCli(['run', '--backfill', ...args, '--data-dir', await tempDir(label), '--port', '0', '--no-progress', '--keep-serving']);
  const [, url] = (await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/, 60_000)) as unknown as [string, string];
  await cli.waitFor(/still serving the dashboard/, 150_000);
  const { browser, close } = await launchChromium();
  const page = await browser.newPage();
  return {
    url, cli, browser, page,
    async stop() {
      await close();
      cli.child.kill('SIGTERM');
      await cli.exited;
    },
  };
}

/** Where the browser tests leave their screenshots. */
export const SCREENSHOTS = join(process.cwd(), 'test', 'output');

/** serveBackfill with the page at the desktop size the screenshots use, and the screenshot folder made. */
export async function serveBackfillPage(label: string, args: string[]): Promise<BackfillDashboard> {
  const dashboard = await serveBackfill(label, args);
  await dashboard.page.setViewport({ width: 1200, height: 1000 });
  await mkdir(SCREENSHOTS, { recursive: true });
  return dashboard;
}

/** A screenshot under test/output/; with UPDATE_DOCS_SCREENSHOTS=1 also into docs/ (the README's). */
export async function keepScreenshot(page: Page, name: string, clip: { x: number; y: number; width: number; height: number }): Promise<void> {
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, clip });
  if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') await copyFile(path, join(process.cwd(), 'docs', name));
}
