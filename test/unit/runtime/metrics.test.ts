// The Prometheus metrics, read back with an independent text-format parser: totals equal what
// was fed in, lag per partition equals the log end minus the group's commit, and the
// histograms count what the pipeline observed.
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../../src/transport/index';
import {
  createPipelineMetrics, createTopologyDriver, lineRevenue, stage1GroupFor, tumbling, type Store,
} from '../../../src/index';
import { datasetOfPath } from '../../../src/runtime/metrics';
import type { FileInfo } from '../../../src/store/index';
import { line, order } from '../../helpers/events';
import { histogramOf, parseMetrics, sample, valueOf } from '../../helpers/prometheus';

const T0 = Date.UTC(2026, 10, 24, 9);

/** A store that remembers nothing: the metrics only time its writes. */
const nullStore = (): Store => ({
  kind: 'fs', location: 'nowhere',
  write: async () => new Promise((r) => setTimeout(r, 5)), read: async () => new Uint8Array(), list: async (): Promise<FileInfo[]> => [],
  exists: async () => false, rename: async () => undefined, delete: async () => undefined,
  writeParts: async () => ({ append: async () => undefined, close: async () => undefined, discard: async () => undefined }),
  readRange: async () => new Uint8Array(),
});

describe('the pipeline metrics', () => {
  it('count orders, lines and revenue as the live view has them', async () => {
    const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(60_000), allowedLatenessMs: 0 } });
    const orders = [order(T0, [line(1, { quantity: 2, unit_price: 3.25 }), line(2)]), order(T0 + 1_000, [line(3, { unit_price: 10 })]), order(T0 + 2_000, [line(1)])];
    orders.forEach((o) => driver.pipe(o));
    driver.punctuate();
    const metrics = createPipelineMetrics({ defaultMetrics: false });
    metrics.watch({ summary: () => driver.stage2.view.summary(), windowsWritten: () => 4, partialsLag: async () => 7 });
    metrics.trackSseClients(() => 3);
    const parsed = parseMetrics((await metrics.render()).text);
    expect(valueOf(parsed, 'purchase_trends_orders_total')).toBe(3);
    expect(valueOf(parsed, 'purchase_trends_order_lines_total')).toBe(4);
    const revenue = orders.flatMap((o) => o.lines).reduce((sum, l) => sum + lineRevenue(l), 0);
    expect(valueOf(parsed, 'purchase_trends_revenue_dollars_total')).toBeCloseTo(revenue, 9);
    expect(valueOf(parsed, 'purchase_trends_windows_written_total')).toBe(4);
    expect(valueOf(parsed, 'purchase_trends_partials_lag_messages')).toBe(7);
    expect(valueOf(parsed, 'purchase_trends_sse_clients')).toBe(3);
    expect(valueOf(parsed, 'purchase_trends_late_orders_total')).toBe(0);
    expect(parsed.get('purchase_trends_orders_total')?.type).toBe('COUNTER');
    // Read again: totals, not increments added at every scrape.
    expect(valueOf(parseMetrics((await metrics.render()).text), 'purchase_trends_orders_total')).toBe(3);
  });

  it('shows the stage-1 group\'s lag per partition of the transactions topic', async () => {
    const transport = createMemoryTransport();
    const topic = 'metrics-lag';
    await transport.ensureTopic(topic, 3);
    const producer = await transport.createProducer();
    const sent = [0, 0, 0];
    for (let i = 0; i < 30; i++) await producer.send(topic, [{ key: null, value: new Uint8Array([i]) }]);
    for (const s of await (await transport.createConsumer({ groupId: 'other', topics: [topic] })).standings(topic)) sent[s.partition] = s.end;
    const group = await transport.createConsumer({ groupId: stage1GroupFor(topic), topics: [topic] });
    await group.commit([{ topic, partition: 0, offset: 4 }, { topic, partition: 2, offset: sent[2]! }]);
    const metrics = createPipelineMetrics({ defaultMetrics: false });
    metrics.watch({ summary: () => ({ orders: 0, lines: 0, revenue: 0, late: { orders: 0 }, rejected: 0, duplicatesDropped: 0 }), transactions: { transport, topic } });
    const parsed = parseMetrics((await metrics.render()).text);
    const labels = (partition: number) => ({ topic, partition: String(partition), group: stage1GroupFor(topic) });
    expect(sent.reduce((a, b) => a + b, 0)).toBe(30);
    expect(valueOf(parsed, 'purchase_trends_consumer_lag_messages', labels(0))).toBe(sent[0]! - 4);
    expect(valueOf(parsed, 'purchase_trends_consumer_lag_messages', labels(1))).toBe(sent[1]!);
    expect(valueOf(parsed, 'purchase_trends_consumer_lag_messages', labels(2))).toBe(0);
    await transport.close();
  });

  it('time flushes, store writes by dataset and window closes as histograms', async () => {
    const metrics = createPipelineMetrics({ defaultMetrics: false });
    metrics.observer.flushed('stage1', 30);
    metrics.observer.flushed('stage1', 3_000);
    metrics.observer.flushed('stage2', 8);
    metrics.observer.windowClosed(12_000);
    const store = metrics.timeStore(nullStore());
    await store.write('purchase-analytics/raw/dt=2026-11-24/hour=09/part-0-0-9.parquet', new Uint8Array(1));
    await store.write('purchase-analytics/aggregated/by_hour/dt=2026-11-24/hour=09/window-20261124T090000-60s.parquet', new Uint8Array(1));
    const { text } = await metrics.render();
    const parsed = parseMetrics(text);
    // The unlabelled histogram, read by both: the labelled ones are read by histogramOf alone.
    const latency = sample(parsed, 'purchase_trends_window_close_latency_seconds');
    expect(histogramOf(text, 'purchase_trends_window_close_latency_seconds')).toEqual({ buckets: latency.buckets, count: latency.count, sum: latency.sum });
    expect(latency.buckets).toMatchObject({ '10': '0', '15': '1' });
    const stage1 = histogramOf(text, 'purchase_trends_flush_duration_seconds', { stage: 'stage1' });
    expect(stage1).toMatchObject({ count: '2', sum: '3.03' });
    expect(stage1.buckets).toMatchObject({ '0.025': '0', '0.05': '1', '2.5': '1', '5': '2', '+Inf': '2' });
    expect(histogramOf(text, 'purchase_trends_flush_duration_seconds', { stage: 'stage2' }).count).toBe('1');
    expect(Number(histogramOf(text, 'purchase_trends_store_write_duration_seconds', { dataset: 'raw' }).sum)).toBeGreaterThanOrEqual(0.004);
    expect(histogramOf(text, 'purchase_trends_store_write_duration_seconds', { dataset: 'by_hour' }).count).toBe('1');
    expect(parsed.get('purchase_trends_flush_duration_seconds')?.type).toBe('HISTOGRAM');
  });

  it('name the dataset of a stored path', () => {
    expect(datasetOfPath('purchase-analytics/raw/dt=x/hour=01/part-0-1-2.parquet')).toBe('raw');
    expect(datasetOfPath('purchase-analytics/aggregated/by_product/dt=x/hour=01/late-x.parquet')).toBe('by_product');
    expect(datasetOfPath('purchase-analytics/alerts/dt=x/hour=01/events-x.jsonl')).toBe('alerts');
    expect(datasetOfPath('purchase-analytics/scenarios/labels-1.json')).toBe('scenarios');
    expect(datasetOfPath('_probe.json')).toBe('other');
  });

  it('include the process metrics', async () => {
    const parsed = parseMetrics((await createPipelineMetrics().render()).text);
    expect(valueOf(parsed, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(parsed, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(parsed.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });
});
