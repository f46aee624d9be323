// An injected surge through the whole running pipeline: `purchase-trends run --scenario
// surge:…` raises exactly one alert at /api/alerts, within two minutes of event time, and
// the alert and its acknowledgement are written to the store.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSyntheticSource, type Alert, type ScenarioLabel } from '../../src/index';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const MINUTE = 60_000;
const getJson = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

/** A product of the default seed's stream with about this share of orders. */
function productWithShare(share: number): number {
  const source = createSyntheticSource({ seed: 42, startTime: Date.UTC(2026, 0, 5), ordersPerSecond: 10, maxOrders: 4_000, seasonality: false });
  const sold = new Map<number, number>();
  for (const e of source.generate()) for (const l of e.lines) sold.set(l.product_id, (sold.get(l.product_id) ?? 0) + 1);
  return [...sold].sort((a, b) => Math.abs(a[1] / 4_000 - share) - Math.abs(b[1] / 4_000 - share))[0]![0];
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('trend alerts end to end', () => {
  it('an injected surge raises exactly one alert at /api/alerts within two minutes of event time', async () => {
    const dir = await tempDir('alerts-e2e');
    // 600 orders a second at 60× speed: 600 orders a minute of event time, one minute per second.
    // The product is in ~4% of orders (~24 a minute), 6× during the surge; the detector learns for 6 minutes.
    // The surge starts anywhere within a window, so a ×4 surge sometimes needed a second full
    // window of evidence (122 s once); ×6 is caught by the first full window after it starts.
    const productId = productWithShare(0.04);
    const cli = runCli(['run', '--rate', '600', '--seasonality', 'off', '--speedup', '60', '--window', '1m', '--lateness', '5s', '--flush-interval', '2s',
      '--alert-warmup', '6m', '--scenario', `surge:product=${productId},factor=6,from=8m,to=40m`,
      '--data-dir', dir, '--port', '0', '--no-progress', '--duration', '170']);
    const [, url] = await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/);
    const labelFile = (await files(join(dir, 'purchase-analytics', 'scenarios')))[0]!;
    const [label] = JSON.parse(await readFile(labelFile, 'utf8')) as [ScenarioLabel];
    const from = label.scenario.from;

    // Watch until event time is well past the surge's start, then look at the alerts.
    const eventTime = async () => (await getJson<{ newestEventTime: number | null }>(`${url}/api/summary`)).newestEventTime ?? 0;
    await expect.poll(eventTime, { timeout: 100_000, interval: 250 }).toBeGreaterThan(from + 6 * MINUTE);
    const { source, alerts } = await getJson<{ source: string; alerts: Alert[] }>(`${url}/api/alerts`);
    expect(source).toBe('trend-detector');
    expect(alerts.map((a) => [a.level, a.subjectId, a.resolvedAt])).toEqual([['product', productId, null]]);
    const [alert] = alerts as [Alert];
    expect(['surge', 'new-entrant', 'rank-mover']).toContain(alert.direction);
    expect(alert.startedAt - from).toBeGreaterThan(0);
    expect(alert.startedAt - from).toBeLessThanOrEqual(2 * MINUTE);
    expect(alert.observed).toBeGreaterThan(2 * alert.baseline);

    const ack = await fetch(`${url}/api/alerts/${alert.id}/ack`, { method: 'POST' });
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ id: alert.id, acknowledged: true });
    expect((await fetch(`${url}/api/alerts/no-such-alert/ack`, { method: 'POST' })).status).toBe(404);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const stored = await files(join(dir, 'purchase-analytics', 'alerts'));
    const records = (await Promise.all(stored.map((f) => readFile(f, 'utf8'))))
      .flatMap((text) => text.trim().split('\n').map((l) => JSON.parse(l) as Alert & { event: string }));
    expect(records.filter((r) => r.event === 'raised').map((r) => r.id)).toEqual([alert.id]);
    expect(records.filter((r) => r.event === 'acknowledged').map((r) => [r.id, r.acknowledged])).toEqual([[alert.id, true]]);
  }, 180_000);
});
