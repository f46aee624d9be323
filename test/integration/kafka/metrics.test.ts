// GET /metrics of `purchase-trends run --transport kafka` against the real broker: the stage-1
// group's lag appears for every partition of the transactions topic, and agrees with what the
// broker says about the group.
import { describe, expect, it } from 'vitest';
import { stage1GroupFor } from '../../../src/index';
import { runCli } from '../../helpers/cli';
import { parseMetrics, valueOf } from '../../helpers/prometheus';
import { tempDir } from '../../helpers/tmp';
import { kafka, KAFKA_BROKERS, uniqueTopic } from './helpers';

describe('/metrics under --transport kafka', () => {
  it('shows the consumer lag per partition of the transactions topic', async () => {
    const topic = uniqueTopic('metrics');
    const cli = runCli(['run', '--transport', 'kafka', '--brokers', KAFKA_BROKERS.join(','), '--topic', topic, '--partitions', '3',
      '--data-dir', await tempDir('kafka-metrics'), '--port', '0', '--duration', '14', '--rate', '200',
      '--flush-interval', '2s', '--window', '2s', '--lateness', '500ms', '--no-progress']);
    const [, url] = await cli.waitFor(/dashboard and API at (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
    const group = stage1GroupFor(topic);
    let parsed = parseMetrics('');
    for (let tries = 0; tries < 40; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      parsed = parseMetrics(await (await fetch(`${url}/metrics`)).text());
      if ((parsed.get('purchase_trends_consumer_lag_messages')?.metrics.length ?? 0) === 3 && valueOf(parsed, 'purchase_trends_orders_total') > 0) break;
    }
    const lag = parsed.get('purchase_trends_consumer_lag_messages')!;
    expect(lag.type).toBe('GAUGE');
    expect(lag.metrics.map((m) => m.labels).sort((a, b) => Number(a!.partition) - Number(b!.partition))).toEqual(
      [0, 1, 2].map((p) => ({ topic, partition: String(p), group })));
    for (const m of lag.metrics) expect(Number(m.value)).toBeGreaterThanOrEqual(0);
    expect(valueOf(parsed, 'purchase_trends_orders_total')).toBeGreaterThan(0);

    // The broker's own standings, asked right after the scrape: no lag exceeds its partition's log end.
    const member = await (await kafka()).createConsumer({ groupId: group, topics: [topic] });
    const after = await member.standings(topic);
    for (const s of after) expect(valueOf(parsed, 'purchase_trends_consumer_lag_messages', { partition: String(s.partition) })).toBeLessThanOrEqual(s.end);
    expect(await cli.exited).toBe(0);
    // Stopped, the run has committed everything it read: what the gauge would show now is 0 everywhere.
    for (const s of await member.standings(topic)) expect(s.end - (s.committed ?? s.start), `partition ${s.partition}`).toBe(0);
  }, 90_000);
});
