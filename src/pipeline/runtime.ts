// Wiring of the running pipeline: builds the parts a command needs from the Config, and
// shuts them down in reverse order so that everything accepted is written before exit.
import { join } from 'node:path';
import { openSource, openStore, openTransport } from '../adapters';
import type { Clock } from '../clock';
import { DEFAULT_CONFIG, type Config } from '../config/config';
import type { Log } from '../log';
import { ROOT } from '../store/layout';
import { createFsStore } from '../store/fs';
import type { Store } from '../store/types';
import type { Transport } from '../transport/types';
import { attachAlertSink, type AlertSink } from './alert-sink';
import { createProducerRun, type ProducerRun } from './producer';
import { describeSource } from '../sources/describe';
import { createSkipTally, type SkipTally } from '../sources/skip-tally';
import { createProgress } from './progress';
import { createStage1Worker, type Stage1Worker } from './stage1-worker';
import { createStage2Service, type Stage2Service } from './stage2-service';
import { partialsTopicFor, stage1GroupFor, stage2GroupFor } from './topics';

export interface RuntimeDeps {
  log: Log;
  clock: Clock;
  /** Called when a part stops on its own with an error. */
  onFatal: (error: unknown) => void;
}

export interface Parts {
  transport: Transport;
  store?: Store;
  stage2?: Stage2Service;
  worker?: Stage1Worker;
  producer?: { run: ProducerRun; done: Promise<number>; abort: AbortController; skipped: SkipTally };
  /** Alert events to the store, the alerts topic and the webhook (stage-2 writer only). */
  alertSink?: AlertSink;
}

/**
 * Intents and stage-2 checkpoints live in a local folder (CHECKPOINT_DIR; by default
 * <data-dir>/checkpoints). Workers on several hosts must share it, like the data itself.
 * The in-process log dies with its process, so there is nothing to replay and none is kept.
 */
function openCheckpoints(config: Config): Store | undefined {
  if (config.transport.kind === 'memory') return undefined;
  const dir = config.checkpointDir === DEFAULT_CONFIG.checkpointDir ? join(config.store.dataDir, 'checkpoints') : config.checkpointDir;
  return createFsStore({ root: dir });
}

export async function startParts(config: Config, roles: { produce: boolean; stage1: boolean; stage2: 'writer' | 'replica' | 'none' }, deps: RuntimeDeps): Promise<Parts> {
  const { log, clock } = deps;
  const transport = await openTransport(config, deps);
  const topic = config.transport.topic;
  const partialsTopic = partialsTopicFor(topic);
  await transport.ensureTopic(topic, config.transport.partitions);
  const parts: Parts = { transport };
  if (roles.stage1 || roles.stage2 === 'writer') parts.store = await openStore(config, deps);
  const checkpoints = openCheckpoints(config);

  if (roles.stage2 !== 'none') {
    parts.stage2 = createStage2Service({
      transport, sourceTopic: topic, partialsTopic, settings: config.stream, clock, log, onError: deps.onFatal,
      groupId: roles.stage2 === 'writer' ? stage2GroupFor(topic) : `purchase-trends-view-${process.pid}-${clock.now()}`,
      store: roles.stage2 === 'writer' ? parts.store : undefined, checkpoints,
      flushIntervalMs: config.flushIntervalMs, alerts: config.alerts,
    });
    if (roles.stage2 === 'writer' && config.alerts.enabled) {
      parts.alertSink = attachAlertSink(parts.stage2.stage2.alerts, { store: parts.store, transport, topic: config.alerts.topic, webhook: config.alerts.webhook, clock, log });
    }
    await parts.stage2.start();
  }
  if (roles.stage1) {
    parts.worker = createStage1Worker({
      transport, store: parts.store as Store, checkpoints, topic, partialsTopic, groupId: stage1GroupFor(topic), settings: config.stream,
      flushIntervalMs: config.flushIntervalMs, emitIntervalMs: config.emitIntervalMs, badRecords: config.badRecords,
      clock, log, onError: deps.onFatal,
    });
    await parts.worker.start();
  }
  if (roles.produce) {
    const skipped = createSkipTally({ log });
    const source = openSource(config, { ...deps, onRejected: skipped.record });
    log.info(await describeSource(source, config, skipped));
    if (parts.store && 'labels' in source && Array.isArray(source.labels) && source.labels.length > 0) {
      const path = `${ROOT}/scenarios/labels-${clock.now()}.json`;
      await parts.store.write(path, new TextEncoder().encode(JSON.stringify(source.labels, null, 2)));
      log.info(`scenario labels written to ${path}`);
    }
    const bounded = config.source.backfill || config.source.mode === 'instacart' || config.source.maxOrders !== undefined;
    const progress = bounded
      ? createProgress({ label: config.source.backfill ? 'backfill' : 'replay', total: source.total, log, interactive: config.progress && process.stderr.isTTY === true })
      : undefined;
    const run = createProducerRun({
      transport, topic, source, clock,
      pacing: config.source.backfill
        ? { mode: 'backfill', speedup: 1 }
        : { mode: 'live', speedup: config.source.speedup, maxRate: config.source.mode === 'instacart' ? config.source.rate : undefined },
      onProgress: (sent) => progress?.update(sent),
    });
    const abort = new AbortController();
    const done = run.run(abort.signal).finally(() => progress?.stop());
    done.then((sent) => log.info(`producer finished: ${sent} orders sent to ${topic}`), deps.onFatal);
    parts.producer = { run, done, abort, skipped };
  }
  return parts;
}

/** Waits until a consumer has committed everything there is, flushing as it goes. */
async function drain(flush: () => Promise<void>, lag: () => Promise<number>, clock: Clock, timeoutMs: number): Promise<void> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    await flush();
    if ((await lag()) === 0 || clock.now() > deadline) return;
    await clock.sleep(50);
  }
}

/**
 * Stops in reverse order: producer, stage 1 (written and committed), stage 2 (windows written).
 * With its own producer, stage 1 first reads everything that was sent; a worker of a shared
 * group (the `stream` command) only makes what it holds durable and leaves the rest to the group.
 */
export async function stopParts(parts: Parts, deps: RuntimeDeps, drainTimeoutMs = 60_000): Promise<void> {
  const { clock } = deps;
  if (parts.producer) {
    parts.producer.abort.abort();
    await parts.producer.done.catch(() => undefined);
  }
  if (parts.worker) {
    if (parts.producer) await drain(parts.worker.flush, parts.worker.lag, clock, drainTimeoutMs);
    await parts.worker.stop();
  }
  if (parts.stage2) {
    // A replica only watches; a writer makes sure every partial is merged before the last windows close.
    if (parts.worker) await drain(async () => undefined, parts.stage2.lag, clock, drainTimeoutMs);
    await parts.stage2.stop();
  }
  await parts.alertSink?.close();
  await parts.transport.close();
}
