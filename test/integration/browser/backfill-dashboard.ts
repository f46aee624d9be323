// The real CLI serving the dashboard over a backfilled history (sent at once, then kept
// serving), and a Chromium page on it: the setup of the tests that need days of event time.
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
