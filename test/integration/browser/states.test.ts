// What the dashboard says before data, without data, and when a backend is down.
import { mkdir } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, HTTPRequest } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type RunningServer } from '../../../server/app';
import { createHealthMonitor } from '../../../server/health';
import { createTopologyDriver, tumbling } from '../../../src/index';
import { runCli } from '../../helpers/cli';
import { line, order } from '../../helpers/events';
import { launchChromium } from './chromium';

// Callbacks of page.evaluate run in the page; the project's types have no DOM.
declare const document: any;

const OUTPUT = join(process.cwd(), 'test', 'output');
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchChromium());
  await mkdir(OUTPUT, { recursive: true });
}, 60_000);
afterAll(() => closeBrowser?.());

/** An app over a small in-process live view, with the given health probes. */
async function appWithData(health?: ReturnType<typeof createHealthMonitor>): Promise<RunningServer> {
  const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(10_000), allowedLatenessMs: 0 } });
  const t0 = Date.now() - 30_000;
  for (let s = 0; s < 30; s++) driver.pipe(order(t0 + s * 1_000, [line(1 + (s % 5)), line(7)]));
  driver.punctuate();
  return startServer(createApp({ view: driver.stage2.view, onUpdate: () => () => undefined, info: {}, ...(health ? { health } : {}) }), '127.0.0.1', 0);
}

const text = (selector: string) => (document.querySelector(selector)?.textContent ?? '') as string;

describe('dashboard states', () => {
  it('says it is loading until the first snapshot arrives', async () => {
    const server = await appWithData();
    const page = await browser.newPage();
    try {
      await page.setRequestInterception(true);
      const held: HTTPRequest[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/events')) held.push(request);
        else void request.continue();
      });
      await page.goto(server.url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelectorAll('[data-view] svg').length >= 5);
      expect(await page.evaluate(text, '#status')).toBe('loading…');
      const states = await page.$$eval('[data-view] [data-role="state"]', (els) => els.map((e: any) => (e.hidden ? '' : e.textContent)));
      expect(states).toEqual(['loading…', 'loading…', 'loading…', 'loading…', 'loading…']);
      expect(held.length).toBeGreaterThan(0);
      await Promise.all(held.map((r) => r.continue()));
      await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'live', { timeout: 15_000 });
    } finally {
      await page.close();
      await server.close();
    }
  }, 60_000);

  it('says it is waiting for data when nothing has been aggregated yet', async () => {
    const cli = runCli(['serve', '--port', '0', '--no-progress']);
    const [, url] = (await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/)) as unknown as [string, string];
    const page = await browser.newPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'waiting for data', { timeout: 20_000 });
      expect(await page.evaluate(text, '#banner')).toContain('Waiting for data: no orders have been aggregated yet');
      await page.waitForFunction(() => document.querySelector('[data-view="top-products"] [data-role="state"]')?.textContent === 'waiting for data');
      expect(await page.evaluate(text, '[data-kpi="freshnessMs"] .kpi-value')).toBe('–');
      await page.screenshot({ path: join(OUTPUT, 'dashboard-empty.png') });
    } finally {
      await page.close();
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  }, 60_000);

  it('names the backend that is down and where it was expected', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = s.address() as { port: number };
        s.close(() => resolve(p));
      });
    });
    const health = createHealthMonitor({
      checks: [{
        name: 'transport', label: 'Kafka', address: `127.0.0.1:${port}`,
        probe: () => new Promise<void>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1').once('connect', () => resolve(socket.destroy() && undefined)).once('error', reject);
        }),
      }],
      intervalMs: 1_000,
    });
    const server = await appWithData(health);
    const page = await browser.newPage();
    try {
      await page.goto(server.url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'backend down', { timeout: 20_000 });
      expect(await page.evaluate(text, '#banner')).toMatch(new RegExp(`^Kafka unreachable at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
      await page.screenshot({ path: join(OUTPUT, 'dashboard-backend-down.png') });
    } finally {
      await page.close();
      await server.close();
    }
  }, 60_000);
});
