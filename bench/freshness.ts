// Freshness of the live dashboard: the time from an order being produced to a dashboard
// update that counts it reaching an SSE client, at a fixed rate, through the real parts
// (transport, stage 1, stage 2, live view, Express, SSE) in one process, the clients in a
// worker thread. `npm run bench -- freshness [--lines 10000 | --orders N] [--seconds 20]
// [--clients 3] [--transport memory|kafka] [--workers N] [--emit-interval-ms 250]`.
// An order counts as delivered by the first pushed snapshot whose order count reaches it
// (the "all" range counts every order aggregated into a window).
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createApp, startServer } from '../server/app';
import { createHealthMonitor, pipelineHealthChecks } from '../server/health';
import {
  createSyntheticSource, DEFAULT_CONFIG, encodeCheckout, forkStage1Worker, silentLog, startParts, stopParts, planRun, currentHost, systemClock, type CheckoutEvent, type Config,
} from '../src/index';
import { dropBenchTopics } from './_bench-topics';
import type { Benchmark } from './_runner';

const WORKER_ENTRY = new URL('../bin/stage1-worker.js', import.meta.url).pathname;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export const run: Benchmark = async (args) => {
  const unit = option(args, 'orders') ? 'orders' : 'lines';
  const rate = Number(option(args, unit) ?? 10_000);
  const seconds = Number(option(args, 'seconds') ?? 20);
  const clients = Number(option(args, 'clients') ?? 3);
  const transport = (option(args, 'transport') ?? 'memory') as 'memory' | 'kafka';
  const warmupMs = 3_000;
  const dir = await mkdtemp(join(tmpdir(), 'purchase-trends-freshness-'));
  const topic = `bench-freshness-${Date.now()}`;
  const config: Config = {
    ...DEFAULT_CONFIG,
    transport: { ...DEFAULT_CONFIG.transport, kind: transport, topic },
    store: { ...DEFAULT_CONFIG.store, kind: 'fs', dataDir: dir },
    checkpointDir: join(dir, 'checkpoints'),
    // Stage-1 worker processes: the product's default (one per core on Kafka, one in-process)
    // unless --workers says otherwise; --workers 1 keeps stage 1 in this process.
    ...(option(args, 'workers') ? { workers: Number(option(args, 'workers')) } : {}),
    // How often stage 1 sends its partials to stage 2 (default 250 ms), to see what it costs.
    ...(option(args, 'emit-interval-ms') ? { emitIntervalMs: Number(option(args, 'emit-interval-ms')) } : {}),
  };
  let fatal: unknown;
  const deps = { log: silentLog, clock: systemClock, onFatal: (e: unknown) => (fatal ??= e), spawnStage1Worker: () => forkStage1Worker(WORKER_ENTRY) };
  const plan = planRun(config, currentHost());
  const parts = await startParts(plan, { produce: false, stage1: true, stage2: 'writer' }, deps);
  const stage2 = parts.stage2!;
  const health = createHealthMonitor({ checks: pipelineHealthChecks(parts, topic) });
  const app = createApp({ view: stage2.stage2.view, onUpdate: stage2.onUpdate, info: {}, health });
  const server = await startServer(app, '127.0.0.1', 0);

  const received: Array<{ client: number; at: number; orders: number; bytes: number }> = [];
  const worker = new Worker(new URL('./_freshness-client.mjs', import.meta.url), { workerData: { url: `${server.url}/events?range=all`, clients } });
  worker.on('message', (m: { client: number; at: number; orders: number; bytes: number; error?: string }) => {
    if (m.error) fatal ??= new Error(`SSE client ${m.client}: ${m.error}`);
    else received.push(m);
  });
  await new Promise((r) => setTimeout(r, 500));

  // The producer: every few ms, whatever the rate says is due, stamped with the time it is sent.
  const producer = await parts.transport.createProducer();
  const source = createSyntheticSource({ seed: 7, startTime: Date.now(), ordersPerSecond: 1_000, seasonality: false });
  const events = source.generate()[Symbol.iterator]();
  const sent: Array<{ at: number; total: number; count: number }> = [];
  let orders = 0;
  let lines = 0;
  // How long the pipeline's thread was held at a time: a long hold delays every snapshot behind it.
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  stalls.enable();
  const started = Date.now();
  while (Date.now() - started < seconds * 1_000 && !fatal) {
    const due = (rate * (Date.now() - started)) / 1_000 - (unit === 'orders' ? orders : lines);
    if (due <= 0) {
      await new Promise((r) => setTimeout(r, 2));
      continue;
    }
    const at = Date.now();
    const batch: CheckoutEvent[] = [];
    for (let n = 0; n < due && batch.length < 5_000;) {
      const event = { ...(events.next().value as CheckoutEvent), event_time: at };
      batch.push(event);
      n += unit === 'orders' ? 1 : event.lines.length;
    }
    await producer.send(topic, batch.map((e) => ({ key: String(e.order_id), value: encodeCheckout(e), timestamp: at })));
    orders += batch.length;
    lines += batch.reduce((n, e) => n + e.lines.length, 0);
    sent.push({ at, total: orders, count: batch.length });
  }
  const producedMs = Date.now() - started;
  stalls.disable();
  // Wait for the last order to reach the clients (or give up after 30 s: the pipeline fell behind).
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !received.some((r) => r.client === 0 && r.orders >= orders) && !fatal) await new Promise((r) => setTimeout(r, 100));

  // Per order: the first snapshot at client 0 that counts it.
  const seen = received.filter((r) => r.client === 0).sort((a, b) => a.at - b.at);
  const latencies: number[] = [];
  let undelivered = 0;
  let j = 0;
  for (const batch of sent) {
    if (batch.at - started < warmupMs) continue;
    while (j < seen.length && (seen[j]!.orders < batch.total || seen[j]!.at < batch.at)) j++;
    if (j >= seen.length) {
      undelivered += batch.count;
      continue;
    }
    for (let k = 0; k < batch.count; k++) latencies.push(seen[j]!.at - batch.at);
  }
  // Freshness over the run, by second of sending: shows a backlog building up or a slow start.
  const bySecond = new Map<number, number[]>();
  {
    let k = 0;
    for (const batch of sent) {
      while (k < seen.length && (seen[k]!.orders < batch.total || seen[k]!.at < batch.at)) k++;
      if (k >= seen.length) break;
      const second = Math.floor((batch.at - started) / 1000);
      bySecond.set(second, [...(bySecond.get(second) ?? []), seen[k]!.at - batch.at]);
    }
  }
  const timeline = [...bySecond].map(([second, values]) => [second, Math.round(values.reduce((x, y) => x + y, 0) / values.length)]);
  latencies.sort((a, b) => a - b);
  const perClient = Array.from({ length: clients }, (_, c) => received.filter((r) => r.client === c).length);
  const figures = {
    transport, unit, targetRate: rate, seconds, clients, stage1Workers: plan.stage1Workers, emitIntervalMs: config.emitIntervalMs,
    /** The machine is shared: its load when the run ended, 1/5/15 min. */
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    achieved: { ordersPerSecond: Math.round((orders * 1000) / producedMs), linesPerSecond: Math.round((lines * 1000) / producedMs), orders, lines },
    freshnessMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? NaN, samples: latencies.length },
    undeliveredAfter30s: undelivered,
    /** Event-loop delay of the pipeline's thread while sending (perf_hooks, 10 ms resolution). */
    eventLoopDelayMs: { p99: Math.round(stalls.percentile(99) / 1e6), max: Math.round(stalls.max / 1e6) },
    /** [second of the run, mean freshness ms of the orders sent in it] */
    timeline,
    snapshots: { perClient, pushesPerSecond: Math.round((perClient[0]! / ((Date.now() - started) / 1000)) * 10) / 10, builtOnServer: app.hub.builds, meanBytes: Math.round(seen.reduce((n, r) => n + r.bytes, 0) / Math.max(1, seen.length)) },
  };

  await worker.terminate();
  await server.close();
  await producer.close();
  await stopParts(parts, deps, 10_000).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  if (transport === 'kafka') await dropBenchTopics(config.transport.brokers[0]!, [topic]);
  if (fatal) throw fatal;
  return {
    figures,
    lines: [
      `${transport} transport, ${plan.stage1Workers} stage-1 ${plan.stage1Workers > 1 ? 'worker processes' : 'in this process'}, target ${rate} ${unit}/s for ${seconds} s, ${clients} SSE clients on one selection`,
      `produced ${figures.achieved.ordersPerSecond} orders/s = ${figures.achieved.linesPerSecond} lines/s`,
      `freshness (produced → SSE client): p50 ${figures.freshnessMs.p50} ms, p90 ${figures.freshnessMs.p90} ms, p99 ${figures.freshnessMs.p99} ms, max ${figures.freshnessMs.max} ms over ${latencies.length} orders` +
        (undelivered ? `; ${undelivered} orders not delivered within 30 s (the pipeline fell behind)` : ''),
      `event-loop delay while sending: p99 ${figures.eventLoopDelayMs.p99} ms, max ${figures.eventLoopDelayMs.max} ms`,
      `mean freshness by second sent: ${timeline.map(([sec, ms]) => `${sec}s:${ms}`).join(' ')}`,
      `snapshots: ${perClient.join('/')} per client, ${figures.snapshots.builtOnServer} built on the server (shared), ~${figures.snapshots.meanBytes} bytes each`,
    ],
  };
};
