// The stage-1 worker processes of `stream --workers N` as real child processes: each runs
// bin/stage1-worker.js with this process's Node flags and environment, shares its standard output
// and error, and talks over an IPC channel (worker-protocol.ts). If this process exits before a
// worker has (the stop deadline passed, a crash), the worker is killed with it: a worker never
// outlives its primary by more than its own bounded stop (it also stops when the channel closes).
import { fork } from 'node:child_process';
import { type Clock, type Log, WorkbenchError } from '../core/index';
import type { RunPlan } from '../config/index';
import { stage1GroupFor, type Stage1Worker } from '../pipeline/index';
import type { Transport, TransportConsumer } from '../transport/index';
import { createStage1Pool } from './stage1-pool';
import type { FromWorker, WorkerHandle } from './worker-protocol';

/**
 * Starts bin/stage1-worker.js (its path is given by the composition root, app/: src/ holds no
 * import.meta, which the notebooks' kernel, compiling to CommonJS, cannot load).
 */
export function forkStage1Worker(entry: string): WorkerHandle {
  const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const kill = (): void => void child.kill('SIGKILL');
  process.on('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  // A send to a worker that has just died fails; its exit is what gets reported.
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    send: (message) => void (child.connected && child.send(message, undefined, {}, () => undefined)),
    onMessage: (listener) => void child.on('message', (message) => listener(message as FromWorker)),
    onExit: (listener) => void child.once('exit', listener),
    kill,
  };
}

const noWorkerEntry = (): WorkerHandle => {
  throw new WorkbenchError('BAD_CONFIG', 'stage-1 worker processes need the path of bin/stage1-worker.js: start them through purchase-trends (app/), or pass spawnStage1Worker, or use --workers 1');
};

export interface Stage1ProcessesDeps {
  clock: Clock;
  log: Log;
  onFatal(error: unknown): void;
  /** Starts one worker: forkStage1Worker(the bin's path) from app/; tests pass fakes. */
  spawnStage1Worker?: (index: number) => WorkerHandle;
}

/**
 * Stage 1 as plan.stage1Workers processes. The group's lag is read here by an idle member of
 * the stage-1 group, which never joins it (as the metrics do).
 */
export function createStage1Processes(plan: RunPlan, transport: Transport, deps: Stage1ProcessesDeps): Stage1Worker {
  const topic = plan.config.transport.topic;
  let reader: Promise<TransportConsumer> | undefined;
  const pool = createStage1Pool({
    count: plan.stage1Workers, config: plan.config, spawn: deps.spawnStage1Worker ?? noWorkerEntry,
    lag: async () => {
      reader ??= transport.createConsumer({ groupId: stage1GroupFor(topic), topics: [topic] });
      return (await reader).lag(topic);
    },
    clock: deps.clock, log: deps.log, onError: deps.onFatal,
  });
  return {
    get stats() {
      return pool.stats;
    },
    start: () => pool.start(),
    flush: () => pool.flush(),
    lag: () => pool.lag(),
    async stop() {
      try {
        await pool.stop();
      } finally {
        await reader?.then((r) => r.stop()).catch(() => undefined);
      }
    },
  };
}
