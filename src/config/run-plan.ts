// The last step of normalising a Config: what the runtime needs that depends on the host (the
// process id, the terminal) or is derived from several settings. Done once, before any part
// starts, so that startParts reads plain values and never looks at `process` itself.
import type { CheckoutFormat } from '../domain/index';
import type { Pacing } from '../pipeline/index';
import { DEFAULT_CONFIG, type Config } from './config';

/** What the host tells about itself; the runner passes the real process, tests pass constants. */
export interface HostFacts {
  pid: number;
  /** Milliseconds since the epoch, when the plan is made. */
  now: number;
  /** Whether standard error is a terminal that can redraw a progress bar. */
  interactive: boolean;
  /** Cores this process may use (os.availableParallelism); the default of --workers on Kafka. Default 1. */
  cores?: number;
}

export interface RunPlan {
  config: Config;
  /** The folder of intents and stage-2 checkpoints: --checkpoint-dir, or <data-dir>/checkpoints. */
  checkpointDir: string;
  /** Consumer group of a stage-2 replica (`serve`): its own per process, so that every replica sees every partial. */
  replicaGroupId: string;
  /** Consumer group of this process's reader of the dashboard's feed topic: its own, to see every order sampled. */
  feedGroupId: string;
  /** How the producer paces the source. */
  pacing: Pacing;
  /** Whether the source ends on its own (a backfill, a replay, --max-orders): then progress is shown against a total. */
  boundedSource: boolean;
  /** A redrawn progress bar (a terminal, and --progress not turned off), or log lines. */
  interactiveProgress: boolean;
  /**
   * Stage-1 processes (--workers): one per core on Kafka unless told; always 1 on the in-process
   * transport, whose log lives in this one process (args.ts refuses more).
   */
  stage1Workers: number;
  /**
   * How producers write checkouts (--message-format): Avro on the in-process log unless told,
   * where nothing but this process reads it (a third of the bytes held, cheaper to decode);
   * JSON on Kafka unless told, where other tools may read the topic.
   */
  messageFormat: CheckoutFormat;
}

export function planRun(config: Config, host: HostFacts): RunPlan {
  const { source } = config;
  const dataDir = config.store.dataDir.replace(/\/+$/, '') || '.';
  return {
    config,
    checkpointDir: config.checkpointDir === DEFAULT_CONFIG.checkpointDir ? `${dataDir}/checkpoints` : config.checkpointDir,
    replicaGroupId: `purchase-trends-view-${host.pid}-${host.now}`,
    feedGroupId: `purchase-trends-feed-${host.pid}-${host.now}`,
    pacing: source.backfill
      ? { mode: 'backfill', speedup: 1 }
      : { mode: 'live', speedup: source.speedup, ...(source.mode === 'instacart' ? { maxRate: source.rate } : {}) },
    boundedSource: source.backfill || source.mode === 'instacart' || source.maxOrders !== undefined,
    interactiveProgress: config.progress && host.interactive,
    stage1Workers: config.transport.kind === 'kafka' ? config.workers ?? Math.max(1, host.cores ?? 1) : 1,
    messageFormat: config.transport.format ?? (config.transport.kind === 'kafka' ? 'json' : 'avro'),
  };
}
