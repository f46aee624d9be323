// The stage-1 worker processes of `stream --workers N` as real child processes: each runs
// bin/stage1-worker.js with this process's Node flags and environment, shares its standard output
// and error, and talks over an IPC channel (worker-protocol.ts). If this process exits before a
// worker has (the stop deadline passed, a crash), the worker is killed with it: a worker never
// outlives its primary by more than its own bounded stop (it also stops when the channel closes).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Clock, Log } from '../core/index';
import type { RunPlan } from '../config/index';
import { stage1GroupFor, type Stage1Worker } from '../pipeline/index';
import type { Transport, TransportConsumer } from '../transport/index';
import { createStage1Pool } from './stage1-pool';
import type { FromWorker, WorkerHandle } from './worker-protocol';

const ENTRY = fileURLToPath(new URL('../../bin/stage1-worker.js', import.meta.url));

export function forkStage1Worker(): WorkerHandle {
  const child = fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
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

export interface Stage1ProcessesDeps {
  clock: Clock;
  log: Log;
  onFatal(error: unknown): void;
  /** Starts one worker (default forkStage1Worker); tests pass fakes. */
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
    count: plan.stage1Workers, config: plan.config, spawn: deps.spawnStage1Worker ?? forkStage1Worker,
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
