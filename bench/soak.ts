// The soak: the `run` job's parts in this process (in-process log, stage 1, stage 2 with the
// trend detector and the alert sink, the Parquet store in a temporary folder with the run's
// auto-compaction, the dashboard with --serve), fed a synthetic stream as fast as the pipeline
// takes it, over hours of event time, sampling RSS. When the full rate would not fit the wall-clock budget, the stream
// carries fewer orders per second of event time (see _soak-pace.ts); the report says so.
// `npm run bench -- soak [--hours-of-event-time 24] [--rate 500] [--max-wall-minutes 50]`; see
// _soak-options.ts for the rest, _soak-progress.ts for its progress lines and early stop.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, startServer, type RunningServer } from '../server/app';
import {
  alignDown, createLog, createProducerRun, createSyntheticSource, DEFAULT_CONFIG, describeError, startCompactionIfAsked, startParts, stopParts, planRun, currentHost, systemClock,
  type Config, type EventSource, type MemoryTransport, type Parts,
} from '../src/index';
import type { Benchmark } from './_runner';
import { RUN_MALLOC_ENV } from './_run-heap';
import { parseSoakOptions } from './_soak-options';
import { createPace } from './_soak-pace';
import { createSignalStop, partialFile, progressLine, removePartial, writePartial } from './_soak-progress';
import { bandTable, compactionSplit, curveFigures, curveTable, describeSpread, mb, rssBands, type SoakSample } from './_soak-samples';

const HOUR = 3_600_000;
/** As app/main.ts gives it to the run job (this file runs bundled into dist/, one folder below the root, like bin/). */
const COMPACTION_THREAD = fileURLToPath(new URL('../bin/compaction-thread.js', import.meta.url));
const RAW_ENCODER_THREAD = fileURLToPath(new URL('../bin/raw-encoder-thread.js', import.meta.url));

export const run: Benchmark = async (args) => {
  const options = parseSoakOptions(args);
  const dataDir = await mkdtemp(join(tmpdir(), 'purchase-trends-soak-'));
  const config: Config = { ...DEFAULT_CONFIG, store: { ...DEFAULT_CONFIG.store, dataDir }, checkpointDir: join(dataDir, 'checkpoints'), progress: false, logLevel: 'warn',
    transport: { ...DEFAULT_CONFIG.transport, format: options.messageFormat },
    flushIntervalMs: options.flushSeconds * 1000, compaction: { ...DEFAULT_CONFIG.compaction, everyMs: options.compactEveryMinutes * 60_000, inThread: !options.compactInProcess },
    encodeRawInThread: options.encodeRawInThread,
  };
  const log = createLog({ level: 'warn' });
  const abort = new AbortController();
  let fatal: unknown;
  const deps = { log, clock: systemClock, onFatal: (error: unknown) => {
    fatal ??= error;
    abort.abort();
  } };

  const startTime = alignDown(Date.now() - options.hours * HOUR, HOUR);
  const endTime = startTime + options.hours * HOUR;
  const wall0 = Date.now();
  const pace = createPace({ rate: options.rate, startWall: wall0, budgetMs: options.maxWallMinutes * 60_000, endTime });
  const synthetic = createSyntheticSource({
    seed: 42, startTime, endTime, ordersPerSecond: options.rate, seasonality: options.seasonality, rateFactor: () => pace.factor,
  });
  const produced = { orders: 0, eventTime: startTime };
  const source: EventSource = {
    kind: 'synthetic', catalogue: synthetic.catalogue, total: undefined,
    async *events() {
      for await (const event of synthetic.events()) {
        produced.orders++;
        produced.eventTime = event.event_time;
        yield event;
      }
    },
  };

  const plan = planRun(config, currentHost());
  const parts: Parts = await startParts(plan, { produce: false, stage1: true, stage2: 'writer' }, { ...deps, rawEncoderThread: RAW_ENCODER_THREAD });
  const stage2 = parts.stage2!;
  // As in the run job: closed hours merged every 10 minutes of wall clock and as each closes.
  const compaction = options.noCompaction ? undefined
    : startCompactionIfAsked(config, parts, { ...deps, compactionThread: COMPACTION_THREAD });
  let server: RunningServer | undefined;
  let poller: NodeJS.Timeout | undefined;
  if (options.serve) {
    const app = createApp({ view: stage2.stage2.view, onUpdate: stage2.onUpdate, info: { transport: 'in-process', store: dataDir } });
    server = await startServer(app, '127.0.0.1', 0);
    const url = server.url;
    poller = setInterval(() => {
      for (const range of ['24h', '5m']) fetch(`${url}/api/dashboard?range=${range}`).then((r) => r.arrayBuffer()).catch(() => undefined);
    }, 2_000);
  }

  const samples: SoakSample[] = [];
  const sample = (): void => {
    const now = Date.now();
    const consumed = parts.worker?.stats.consumed ?? 0;
    pace.update(now, consumed, produced.eventTime);
    const memory = process.memoryUsage();
    const held = (parts.transport as Partial<MemoryTransport>).held?.() ?? { bytes: 0 };
    samples.push({
      wallSeconds: Math.round((now - wall0) / 1000), eventHours: Math.round(((produced.eventTime - startTime) / HOUR) * 100) / 100,
      orders: consumed, rssMb: mb(memory.rss), heapMb: mb(memory.heapUsed), heapTotalMb: mb(memory.heapTotal), arrayBuffersMb: mb(memory.arrayBuffers), logMb: mb(held.bytes),
      eventRate: Math.round(options.rate * pace.factor), compacting: compaction?.running ?? false,
    });
  };
  sample();
  const sampler = setInterval(sample, options.sampleSeconds * 1000);
  const deadline = setTimeout(() => abort.abort(), options.maxWallMinutes * 60_000);
  const partial = partialFile(join('reports', 'bench'), new Date(wall0));
  const progress = setInterval(() => {
    process.stderr.write(`${progressLine(samples, options)}\n`);
    writePartial(partial, { args, samples });
  }, options.progressMinutes * 60_000);
  let signalled: string | undefined;
  const onSignal = createSignalStop({
    stop: (signal) => {
      signalled = signal;
      process.stderr.write(`soak: ${signal}: stopping the stream and writing the report with the samples so far (again to quit at once)\n`);
      abort.abort();
    },
    force: (signal) => process.exit(signal === 'SIGINT' ? 130 : 143),
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);

  // As the run job's producer writes: in the run's message format (Avro on the in-process log).
  const producer = createProducerRun({ transport: parts.transport, topic: config.transport.topic, source, pacing: { mode: 'backfill', speedup: 1 }, clock: systemClock, format: plan.messageFormat });
  let stopped = 'the stream reached its end';
  let rssMbAfterStop = 0;
  try {
    await producer.run(abort.signal);
    if (abort.signal.aborted) stopped = fatal ? `the pipeline failed: ${describeError(fatal)}` : signalled ? `stopped by ${signalled}` : 'the wall-clock budget ran out';
    clearInterval(sampler);
    clearInterval(progress); // no more samples: another line would repeat the last one while stopping
    sample(); // the curve ends with the stream; stopping drains and writes the last windows
    await compaction?.stop();
    await stopParts(parts, deps);
    rssMbAfterStop = mb(process.memoryUsage().rss);
  } finally {
    clearTimeout(deadline);
    clearInterval(sampler);
    clearInterval(progress);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
    if (poller) clearInterval(poller);
    await server?.close();
    if (!options.keepData) await rm(dataDir, { recursive: true, force: true });
    // The report the runner writes next holds every sample; a soak that failed writes none, so it keeps them here.
    if (fatal) writePartial(partial, { args, samples });
    else removePartial(partial);
  }
  if (fatal) throw fatal;

  const last = samples[samples.length - 1]!;
  const curve = curveFigures(samples);
  // RSS climbs for the first minutes as the live view and the detector fill; compare from the second event hour's start.
  const split = compactionSplit(samples, samples.find((s) => s.eventHours >= Math.min(1, last.eventHours / 2))?.wallSeconds ?? 0);
  const footprint = stage2.stage2.view.footprint();
  const bands = rssBands(samples);
  const usage = process.cpuUsage();
  const cpuSeconds = Math.round((usage.user + usage.system) / 1e4) / 100;
  const compactionWhere = options.compactInProcess ? 'in the stream\'s thread' : 'a worker thread a pass';
  const figures = {
    eventHours: last.eventHours, hoursAsked: options.hours, orders: last.orders, wallSeconds: last.wallSeconds,
    messageFormat: plan.messageFormat, rateAsked: options.rate, eventRateAverage: Math.round(last.orders / Math.max(last.eventHours * 3600, 1)), stopped,
    rssMbSamples: samples.map((s) => s.rssMb), ...curve, rssMbAfterStop, rssMbByEventHours: bands,
    compaction: compaction ? { ...compaction.stats, everyMinutes: options.compactEveryMinutes, where: compactionWhere, rssMb: split } : 'off (--no-compaction)',
    rawEncodedIn: options.encodeRawInThread ? 'a thread of its own' : 'the stream\'s thread',
    cpuSeconds, ordersPerCpuSecond: Math.round(last.orders / Math.max(cpuSeconds, 1e-3)),
    samples, liveView: footprint, serve: options.serve, seasonality: options.seasonality, flushSeconds: options.flushSeconds,
    heapLimitMb: mb(getHeapStatistics().heap_size_limit), nodeOptions: process.execArgv,
    mallocEnv: Object.fromEntries(Object.keys(RUN_MALLOC_ENV).map((name) => [name, process.env[name] ?? null])),
  };
  return {
    figures,
    lines: [
      `soak: ${last.eventHours} h of event time, ${last.orders} orders (${plan.messageFormat} messages) in ${last.wallSeconds} s (${stopped})`,
      `event rate: asked ${options.rate} orders/s, carried ${figures.eventRateAverage} orders/s on average; ` +
        `${last.orders > 0 ? Math.round(last.orders / Math.max(last.wallSeconds, 1e-3)) : 0} orders/s of wall clock, CPU ${cpuSeconds} s (all threads: ${figures.ordersPerCpuSecond} orders per CPU second)`,
      ...curveTable(samples),
      `RSS MB: start ${curve.rssMbStart}, max ${curve.rssMbMax} (first half ${curve.rssMbMaxFirstHalf}, second half ${curve.rssMbMaxSecondHalf}), end ${curve.rssMbEnd}; ` +
        `second-half slope ${curve.rssMbPerEventHourSecondHalf} MB per event hour`,
      ...bandTable(bands),
      `live view at the end: ${footprint.windows} windows (${footprint.detailedWindows} with products, ${mb(footprint.bytes.windows)} MB of products and pairs), ` +
        `${footprint.blocks} hour blocks (${mb(footprint.bytes.blocks)} MB); a day of retention holds 24 blocks`,
      compaction ? `auto-compaction (as in run, every ${options.compactEveryMinutes} min, ${compactionWhere}): ${compaction.stats.passes} passes, ${compaction.stats.merged} files merged, ${compaction.stats.failures} failures` : 'auto-compaction off',
      ...(compaction ? [
        `RSS from event hour ${Math.min(1, last.eventHours / 2)} on, while compacting: ${describeSpread(split.compacting)}`,
        `RSS from event hour ${Math.min(1, last.eventHours / 2)} on, otherwise: ${describeSpread(split.notCompacting)}`,
      ] : []),
    ],
  };
};
