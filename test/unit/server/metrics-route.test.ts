// GET /metrics over HTTP: the Prometheus text format with its content type, read back by an
// independent parser; the SSE client gauge follows connected dashboards; the token guards it.
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type RunningServer } from '../../../server/app';
import { createPipelineMetrics, createTopologyDriver, tumbling } from '../../../src/index';
import { line, order } from '../../helpers/events';
import { parseMetrics, valueOf } from '../../helpers/prometheus';
import { openEvents } from './sse-client';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

async function serve(token?: string) {
  const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(60_000), allowedLatenessMs: 0 } });
  for (let i = 0; i < 5; i++) driver.pipe(order(Date.UTC(2026, 10, 24, 9) + i * 1_000, [line(i + 1)]));
  driver.punctuate();
  const metrics = createPipelineMetrics();
  metrics.watch({ summary: () => driver.stage2.view.summary() });
  const app = createApp({ view: driver.stage2.view, onUpdate: () => () => undefined, info: {}, metrics, ...(token ? { token } : {}) });
  const server = await startServer(app, '127.0.0.1', 0);
  servers.push(server);
  return server;
}

describe('GET /metrics', () => {
  it('serves the Prometheus text format that a parser reads, with the dashboards connected', async () => {
    const server = await serve();
    const events = [await openEvents(`${server.url}/events`), await openEvents(`${server.url}/events?range=1h`)];
    await Promise.all(events.map((e) => e.next()));
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8/);
    const parsed = parseMetrics(await response.text());
    expect(valueOf(parsed, 'purchase_trends_orders_total')).toBe(5);
    expect(valueOf(parsed, 'purchase_trends_sse_clients')).toBe(2);
    expect(valueOf(parsed, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    for (const family of parsed.values()) expect(family.help, family.name).not.toBe('');
    events.forEach((e) => e.close());
  });

  it('needs the access token when one is set', async () => {
    const server = await serve('metrics-token');
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer metrics-token' } });
    expect(response.status).toBe(200);
    expect(valueOf(parseMetrics(await response.text()), 'purchase_trends_orders_total')).toBe(5);
  });
});
