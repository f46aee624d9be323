// Prometheus metrics of a running pipeline (GET /metrics, server/metrics-route.ts), with
// prom-client, the only module that imports it. Totals are read from the live view and the
// workers when Prometheus scrapes, so nothing in the hot path counts twice; durations arrive
// through the PipelineObserver and a store wrapper that times every write. The README lists
// every metric.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/index';
import type { PartitionStanding, Transport, TransportConsumer } from '../transport/index';
import { type PipelineObserver, stage1GroupFor } from '../pipeline/index';
import type { Parts } from './parts';

const P = 'purchase_trends_';
/** Seconds: 1 ms to 2 min, for writes and flushes (a WebHDFS write takes tens of ms). */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds after a window's end: lateness plus a flush or two, and much more while catching up. */
const CLOSE_BUCKETS = [0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 900, 3600];
const LAG_TIMEOUT_MS = 2_000;

/** What the metrics read at scrape time. */
export interface MetricsSources {
  summary(): { orders: number; lines: number; revenue: number; late: { orders: number }; rejected: number; duplicatesDropped: number };
  /** Windows written by the stage-2 writer of this process, if any. */
  windowsWritten?: () => number;
  /** Messages of the partials topic stage 2 has still to read. */
  partialsLag?: () => Promise<number>;
  /** The transactions topic and the transport, for the stage-1 group's lag per partition. */
  transactions?: { transport: Transport; topic: string };
}

export interface PipelineMetrics {
  readonly observer: PipelineObserver;
  /** The same store, each write timed by dataset. */
  timeStore(store: Store): Store;
  /** Starts reading totals from these at each scrape (call once the pipeline runs). */
  watch(sources: MetricsSources): void;
  /** Where the count of dashboards on /events comes from (the server's SSE hub). */
  trackSseClients(count: () => number): void;
  render(): Promise<{ contentType: string; text: string }>;
}

/** raw, by_product, …, alerts, rejected, scenarios: the dataset a stored path belongs to. */
export const datasetOfPath = (path: string): string => {
  const parts = path.split('/');
  const name = parts[1] === 'aggregated' ? parts[2] : parts[1];
  return name && !name.includes('.') ? name : 'other';
};

/** A counter whose value is a total read at scrape time. */
function totalCounter(registry: Registry, name: string, help: string, read: () => number | undefined): void {
  new Counter({
    name, help, registers: [registry],
    collect() {
      const value = read();
      this.reset();
      if (value !== undefined) this.inc(value);
    },
  });
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function createPipelineMetrics(options: { defaultMetrics?: boolean } = {}): PipelineMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const flush = new Histogram({ name: `${P}flush_duration_seconds`, help: 'Flushes that wrote something: stage1 (raw Parquet written, offsets committed), stage2 (windows written, offsets committed)', labelNames: ['stage'], buckets: DURATION_BUCKETS, registers: [registry] });
  const write = new Histogram({ name: `${P}store_write_duration_seconds`, help: 'Writes of one file to the store (atomic: temporary name, then rename), by dataset', labelNames: ['dataset'], buckets: DURATION_BUCKETS, registers: [registry] });
  const close = new Histogram({ name: `${P}window_close_latency_seconds`, help: 'Wall-clock time when stage 2 closed a window minus the window\'s end in event time (live streams; a backfill or replay shows how far behind real time it runs)', buckets: CLOSE_BUCKETS, registers: [registry] });
  let sources: MetricsSources | undefined;
  let sseClients: (() => number) | undefined;
  let consumer: Promise<TransportConsumer> | undefined;

  totalCounter(registry, `${P}orders_total`, 'Orders aggregated by stage 2', () => sources?.summary().orders);
  totalCounter(registry, `${P}order_lines_total`, 'Order lines aggregated by stage 2', () => sources?.summary().lines);
  totalCounter(registry, `${P}revenue_dollars_total`, 'Revenue aggregated by stage 2, in dollars', () => sources?.summary().revenue);
  totalCounter(registry, `${P}late_orders_total`, 'Orders that arrived behind their partition\'s watermark or after their window closed (added as corrections)', () => sources?.summary().late.orders);
  totalCounter(registry, `${P}rejected_records_total`, 'Malformed messages skipped by stage 1', () => sources?.summary().rejected);
  totalCounter(registry, `${P}duplicate_orders_dropped_total`, 'Orders seen twice (a replay) and counted once', () => sources?.summary().duplicatesDropped);
  totalCounter(registry, `${P}windows_written_total`, 'Windows written to the store by this process\'s stage 2', () => sources?.windowsWritten?.());
  new Gauge({ name: `${P}sse_clients`, help: 'Dashboards connected to /events', registers: [registry], collect() {
    this.set(sseClients?.() ?? 0);
  } });
  new Gauge({ name: `${P}partials_lag_messages`, help: 'Partials stage 2 has still to read', registers: [registry], async collect() {
    this.reset();
    const lag = sources?.partialsLag ? await withTimeout(sources.partialsLag(), LAG_TIMEOUT_MS).catch(() => undefined) : undefined;
    if (lag !== undefined) this.set(lag);
  } });
  new Gauge({ name: `${P}consumer_lag_messages`, help: 'Messages of the transactions topic the stage-1 group has not committed, per partition (log end minus committed offset)', labelNames: ['topic', 'partition', 'group'], registers: [registry], async collect() {
    this.reset();
    const tx = sources?.transactions;
    if (!tx) return;
    const group = stage1GroupFor(tx.topic);
    // An idle member: it never joins the group, it only asks where the group stands.
    consumer ??= tx.transport.createConsumer({ groupId: group, topics: [tx.topic] });
    const standings: PartitionStanding[] | undefined = await withTimeout(consumer.then((c) => c.standings(tx.topic)), LAG_TIMEOUT_MS).catch(() => undefined);
    for (const s of standings ?? []) this.set({ topic: tx.topic, partition: String(s.partition), group }, s.end - (s.committed ?? s.start));
  } });

  return {
    observer: {
      flushed: (stage, ms) => flush.observe({ stage }, ms / 1000),
      windowClosed: (lagMs) => close.observe(Math.max(0, lagMs) / 1000),
    },
    timeStore: (store) => ({
      ...store,
      async write(path, bytes) {
        const end = write.startTimer({ dataset: datasetOfPath(path) });
        await store.write(path, bytes);
        end();
      },
    }),
    watch(next) {
      sources = next;
    },
    trackSseClients(count) {
      sseClients = count;
    },
    async render() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}

/** The sources of a running pipeline's parts: stage 2's view and stats, stage 1's topic. */
export function partsMetricsSources(parts: Pick<Parts, 'transport' | 'stage2' | 'worker'>, topic: string): MetricsSources {
  const { stage2 } = parts;
  const none = { orders: 0, lines: 0, revenue: 0, late: { orders: 0 }, rejected: 0, duplicatesDropped: 0 };
  return {
    summary: () => stage2?.stage2.view.summary() ?? none,
    ...(stage2 ? { windowsWritten: () => stage2.stats.windowsWritten, partialsLag: () => stage2.lag() } : {}),
    transactions: { transport: parts.transport, topic },
  };
}
