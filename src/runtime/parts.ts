// Wiring of the running pipeline: builds the parts a command needs from the Config, and
// shuts them down in reverse order so that everything accepted is written before exit.
import { openSource, openStore, openTransport } from './adapters';
import type { Clock, Log } from '../core/index';
import type { Config, RunPlan } from '../config/index';
import { describeSource } from './describe';
import { createStage1Processes } from './worker-process';
import { withCatchUpFlush } from './catch-up-flush';
import type { WorkerHandle } from './worker-protocol';
import { createSkipTally, type SkipTally, type EventSource } from '../sources/index';
import { ROOT, createFsStore, rawEncoderInThread, type RawEncoder, type Store } from '../store/index';
import type { Transport } from '../transport/index';
import {
  attachAlertSink, type AlertSink, type PipelineObserver, createProducerRun, type ProducerRun, ensureLocalFolder, probeWritable, createProgress, createStage1Worker, type Stage1Worker, createStage2Service, type Stage2Service, feedTopicFor, partialsTopicFor, stage1GroupFor, stage2GroupFor,
} from '../pipeline/index';

export interface RuntimeDeps {
  log: Log;
  clock: Clock;
  /** Called when a part stops on its own with an error. */
  onFatal: (error: unknown) => void;
  /** Told what starting or stopping is doing now (for a message if it takes too long). */
  onStep?: (text: string) => void;
  /** Metrics (metrics.ts): told of flushes and closed windows, and timing the store's writes. */
  metrics?: { observer: PipelineObserver; timeStore(store: Store): Store };
  /** Opens the configured transport (default: adapters.ts); tests pass one that fails on cue. */
  openTransport?: typeof openTransport;
  /** Starts one stage-1 worker process of --workers N (default: a child process, worker-process.ts). */
  spawnStage1Worker?: (index: number) => WorkerHandle;
  /** Awaited by stage 1 just before it joins its group (a worker process of --workers N waits for the others). */
  beforeStage1Join?: () => Promise<void>;
  /** Orders stage 1 holds before it writes raw on Kafka (default the worker's); one of N worker processes holds its share. */
  stage1MaxBufferedOrders?: number;
  /** bin/raw-encoder-thread.js: with --encode-raw-in thread, stage 1 in this process encodes raw files in a thread of its own (store/raw-encoder-thread.ts). */
  rawEncoderThread?: string;
}

export interface Parts {
  transport: Transport;
  store?: Store;
  stage2?: Stage2Service;
  worker?: Stage1Worker;
  producer?: { run: ProducerRun; done: Promise<number>; abort: AbortController; skipped: SkipTally };
  /** Alert events to the store, the alerts topic and the webhook (stage-2 writer only). */
  alertSink?: AlertSink;
  /** Stage 1's raw encoder thread, closed once stage 1 has stopped. */
  rawEncoder?: RawEncoder;
}

/**
 * Intents and stage-2 checkpoints live in a local folder (CHECKPOINT_DIR; by default
 * <data-dir>/checkpoints). Workers on several hosts must share it, like the data itself.
 * The in-process log dies with its process, so there is nothing to replay and none is kept.
 */
async function openCheckpoints({ config, checkpointDir: dir }: RunPlan): Promise<Store | undefined> {
  if (config.transport.kind === 'memory') return undefined;
  await ensureLocalFolder(dir, '--checkpoint-dir');
  const store = createFsStore({ root: dir });
  await probeWritable(store, '--checkpoint-dir');
  return store;
}

/** The store the pipeline writes to, checked by writing a probe file before any order is taken. */
async function openWritableStore(config: Config, deps: RuntimeDeps): Promise<Store> {
  const flag = config.store.kind === 'fs' ? '--data-dir' : '--hdfs-path';
  if (config.store.kind === 'fs') await ensureLocalFolder(config.store.dataDir, flag);
  const store = await openStore(config, deps);
  await probeWritable(store, flag);
  return store;
}

/**
 * Orders stage 1 holds before it writes raw, on the in-process log (default of the worker:
 * 10,000). There each uncommitted order sits twice in this process's memory, as the log's
 * bytes and as stage 1's objects (~5 KB together), and the log is trimmed only at the commit
 * after the write: 10,000 held ~55 MB in a heap snapshot of the soak. On Kafka the broker holds
 * the bytes, and larger files are worth it.
 */
export const IN_PROCESS_MAX_BUFFERED_ORDERS = 2_500;

type Roles = { produce: boolean; stage1: boolean; stage2: 'writer' | 'replica' | 'none' };

/**
 * Starts the parts a command needs. What can fail without side effects is checked first:
 * the source opens (an Instacart folder holds its files), the store and checkpoint folders
 * take writes. If a later part fails to start, the ones already running are stopped.
 */
export async function startParts(plan: RunPlan, roles: Roles, deps: RuntimeDeps): Promise<Parts> {
  const { config } = plan;
  const step = deps.onStep ?? (() => undefined);
  step('opening the source');
  const skipped = roles.produce ? createSkipTally({ log: deps.log }) : undefined;
  const source = skipped ? openSource(config, { ...deps, onRejected: skipped.record }) : undefined;
  const writes = roles.stage1 || roles.stage2 === 'writer';
  step('checking the store');
  const opened = writes ? await openWritableStore(config, deps) : undefined;
  const store = opened && deps.metrics ? deps.metrics.timeStore(opened) : opened;
  const checkpoints = writes ? await openCheckpoints(plan) : undefined;
  step(`connecting to the ${config.transport.kind === 'kafka' ? `Kafka brokers ${config.transport.brokers.join(',')}` : 'in-process transport'}`);
  const parts: Parts = { transport: await (deps.openTransport ?? openTransport)(config, deps), ...(store ? { store } : {}) };
  try {
    await startPipeline(parts, plan, roles, { ...deps, source, skipped, checkpoints });
  } catch (error) {
    await stopParts(parts, deps, 0).catch(() => undefined);
    throw error;
  }
  return parts;
}

async function startPipeline(parts: Parts, plan: RunPlan, roles: Roles, deps: RuntimeDeps & { source?: EventSource; skipped?: SkipTally; checkpoints?: Store }): Promise<void> {
  const { config } = plan;
  const { log, clock, checkpoints, source, skipped } = deps;
  const { transport } = parts;
  const step = deps.onStep ?? (() => undefined);
  const topic = config.transport.topic;
  const partialsTopic = partialsTopicFor(topic);
  step(`creating topic ${topic}`);
  await transport.ensureTopic(topic, config.transport.partitions);

  if (roles.stage2 !== 'none') {
    parts.stage2 = createStage2Service({
      transport, sourceTopic: topic, partialsTopic, settings: config.stream, clock, log, onError: deps.onFatal,
      groupId: roles.stage2 === 'writer' ? stage2GroupFor(topic) : plan.replicaGroupId,
      store: roles.stage2 === 'writer' ? parts.store : undefined, checkpoints, feed: { topic: feedTopicFor(topic), groupId: plan.feedGroupId },
      flushIntervalMs: config.flushIntervalMs, alerts: config.alerts, ...(deps.metrics ? { observer: deps.metrics.observer } : {}),
    });
    if (roles.stage2 === 'writer' && config.alerts.enabled) {
      parts.alertSink = attachAlertSink(parts.stage2.stage2.alerts, { store: parts.store, transport, topic: config.alerts.topic, webhook: config.alerts.webhook, clock, log });
    }
    step('starting stage 2');
    await parts.stage2.start();
  }
  if (roles.stage1 && plan.stage1Workers > 1) {
    // Several cores: stage 1 runs in worker processes of the same group; this one keeps stage 2.
    step(`starting ${plan.stage1Workers} stage-1 worker processes`);
    // Each worker process flushes once it has caught up on a backlog itself (below).
    parts.worker = createStage1Processes(plan, transport, deps);
    await parts.worker.start();
  } else if (roles.stage1) {
    step('starting stage 1');
    if (deps.rawEncoderThread && config.encodeRawInThread) parts.rawEncoder = rawEncoderInThread({ entry: deps.rawEncoderThread, log });
    parts.worker = createStage1Worker({
      transport, store: parts.store as Store, checkpoints, topic, partialsTopic, feedTopic: feedTopicFor(topic), groupId: stage1GroupFor(topic), settings: config.stream,
      flushIntervalMs: config.flushIntervalMs, emitIntervalMs: config.emitIntervalMs, badRecords: config.badRecords,
      ...(transport.kind === 'memory' ? { maxBufferedOrders: IN_PROCESS_MAX_BUFFERED_ORDERS, writeBehind: false } : deps.stage1MaxBufferedOrders ? { maxBufferedOrders: deps.stage1MaxBufferedOrders } : {}),
      clock, log, onError: deps.onFatal, ...(deps.metrics ? { observer: deps.metrics.observer } : {}),
      ...(deps.beforeStage1Join ? { beforeJoin: deps.beforeStage1Join } : {}),
      ...(parts.rawEncoder ? { encodeRaw: parts.rawEncoder.encode } : {}),
    });
    if (transport.kind === 'kafka') parts.worker = catchingUp(parts.worker, roles, deps);
    await parts.worker.start();
  }
  if (source && skipped) {
    step('starting the producer');
    log.info(await describeSource(source, config, skipped));
    if (parts.store && source.labels && source.labels.length > 0) {
      const path = `${ROOT}/scenarios/labels-${clock.now()}.json`;
      await parts.store.write(path, new TextEncoder().encode(JSON.stringify(source.labels, null, 2)));
      log.info(`scenario labels written to ${path}`);
    }
    const progress = plan.boundedSource
      ? createProgress({ label: config.source.backfill ? 'backfill' : 'replay', total: source.total, log, interactive: plan.interactiveProgress })
      : undefined;
    const run = createProducerRun({
      transport, topic, source, clock,
      pacing: plan.pacing,
      format: plan.messageFormat,
      onProgress: (sent) => progress?.update(sent),
    });
    const abort = new AbortController();
    const done = run.run(abort.signal).finally(() => progress?.stop());
    done.then((sent) => log.info(`producer finished: ${sent} orders (${run.sentLines} lines) sent to ${topic}`), deps.onFatal);
    parts.producer = { run, done, abort, skipped };
  }
}

/** A stream worker (no producer of its own) writes a drained backlog at once (catch-up-flush.ts). */
const catchingUp = (worker: Stage1Worker, roles: Roles, deps: RuntimeDeps): Stage1Worker =>
  (roles.produce ? worker : withCatchUpFlush(worker, deps));

/** Flushes until a consumer has committed everything there is; false if it gave up first. */
async function drain(flush: () => Promise<void>, lag: () => Promise<number>, clock: Clock, giveUp: () => boolean): Promise<boolean> {
  for (;;) {
    await flush();
    if ((await lag()) === 0) return true;
    if (giveUp()) return false;
    await clock.sleep(50);
  }
}

/**
 * After a finite source has ended: waits until stage 1 has consumed, written and committed
 * every order, and stage 2 has merged every partial. No time limit of its own: `cancelled`
 * (a signal, --duration) ends the wait. Stage 1 flushes only once it has caught up, so a long
 * backlog is written in the worker's usual batches rather than in many small files.
 */
export async function waitUntilConsumed(parts: Parts, clock: Clock, cancelled: () => boolean): Promise<boolean> {
  const { worker, stage2 } = parts;
  if (!worker) return true;
  for (let last = -1; ; await clock.sleep(250)) {
    if (cancelled()) return false;
    const consumed = worker.stats.consumed;
    if (consumed === last) {
      await worker.flush();
      if ((await worker.lag()) === 0) break;
    }
    last = consumed;
  }
  return stage2 ? drain(async () => undefined, stage2.lag, clock, cancelled) : true;
}

/**
 * Stops in reverse order: producer, stage 1 (written and committed), stage 2 (windows written).
 * With its own producer, stage 1 first reads everything that was sent; a worker of a shared
 * group (the `stream` command) only makes what it holds durable and leaves the rest to the group.
 * A part that fails to stop does not keep the others running: each is stopped, and the first
 * error is thrown at the end.
 */
export async function stopParts(parts: Parts, deps: RuntimeDeps, drainTimeoutMs = 60_000): Promise<void> {
  const { clock, log } = deps;
  const deadline = clock.now() + drainTimeoutMs;
  const pastDeadline = (): boolean => clock.now() >= deadline;
  let failure: unknown;
  const attempt = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    deps.onStep?.(what);
    try {
      await work();
    } catch (error) {
      if (failure === undefined) failure = error;
      else log.warn(`${what} also failed: ${(error as Error).message}`);
    }
  };
  const { producer, worker, stage2 } = parts;
  if (producer) {
    producer.abort.abort();
    await attempt('stopping the producer', () => producer.done.catch(() => undefined));
  }
  if (worker) {
    if (producer) {
      await attempt('draining stage 1 (writing raw Parquet and committing)', async () => {
        if (!(await drain(worker.flush, worker.lag, clock, pastDeadline))) log.warn(`stage 1 still had ${await worker.lag()} uncommitted messages after ${drainTimeoutMs} ms`);
      });
    }
    await attempt('stopping stage 1', () => worker.stop());
  }
  if (parts.rawEncoder) await attempt('ending the raw encoder thread', () => parts.rawEncoder!.close());
  if (stage2) {
    // A replica only watches; a writer makes sure every partial is merged before the last windows close.
    if (worker) await attempt('draining stage 2', () => drain(async () => undefined, stage2.lag, clock, pastDeadline));
    await attempt('stopping stage 2 (writing the last windows)', () => stage2.stop());
  }
  if (parts.alertSink) await attempt('closing the alert sink', () => parts.alertSink!.close());
  await attempt(`closing the ${parts.transport.kind} transport`, () => parts.transport.close());
  if (failure !== undefined) throw failure;
}
