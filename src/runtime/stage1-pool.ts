// Stage 1 on several cores (`stream --workers N` on Kafka): N worker processes, each a member of
// the stage-1 consumer group, seen by the rest of the runtime as one Stage1Worker. The group
// shares the partitions among them as it does among separate `stream` processes; this process
// keeps stage 2, the server and the shutdown. Its counts are the sum of the workers' reports, its
// lag is the group's, read here. A worker that ends without being told is fatal: the run stops
// with exit 1 naming it, since its share of the partitions would wait for a rebalance otherwise.
import { type Clock, type Log, WorkbenchError } from '../core/index';
import type { Stage1Worker } from '../pipeline/index';
import type { Config } from '../config/index';
import { addCounts, NO_COUNTS, type FromWorker, type Stage1Counts, type WorkerHandle } from './worker-protocol';

export interface Stage1PoolOptions {
  count: number;
  /** Sent to every worker; each runs it with one worker of its own. */
  config: Config;
  spawn(index: number): WorkerHandle;
  /** Messages of the transactions topic the stage-1 group has not committed. */
  lag(): Promise<number>;
  clock: Clock;
  log: Log;
  /** A worker failed or ended while the run went on. */
  onError(error: unknown): void;
  /** How often the workers' progress is logged (default 10 s; 0: never). */
  progressEveryMs?: number;
}

interface Member {
  index: number;
  handle: WorkerHandle;
  counts: Stage1Counts;
  /** Its last fatal message, for the error that names it. */
  failure?: string;
  exited?: { code: number | null; signal: string | null; unasked: boolean };
  readonly ended: Promise<void>;
  readonly ready: Promise<void>;
  readonly joining: Promise<void>;
  readonly started: Promise<void>;
}

const describeExit = (m: Member): string => {
  const how = m.exited?.signal ? `was killed by ${m.exited.signal}` : `exited with code ${m.exited?.code}`;
  return `stage-1 worker ${m.index} (pid ${m.handle.pid ?? '?'}) ${how}${m.failure ? `: ${m.failure}` : ''}`;
};

export function createStage1Pool(options: Stage1PoolOptions): Stage1Worker {
  const { count, clock, log } = options;
  const members: Member[] = [];
  const flushes = new Map<number, { pending: Set<number>; done: () => void; fail: (error: Error) => void }>();
  let nextFlush = 0;
  let stopping = false;
  let running = false;
  let stopProgress: (() => void) | undefined;

  const failed = (m: Member, what: string): WorkbenchError =>
    new WorkbenchError('WORKER_FAILED', `${describeExit(m)} ${what}. Its log lines above (prefixed "worker ${m.index}") say why; what it had not committed is read again at the next start`, { where: `worker ${m.index}` });

  const settle = (m: Member, id: number, error?: Error): void => {
    const flush = flushes.get(id);
    if (!flush || !flush.pending.delete(m.index)) return;
    if (error) {
      flushes.delete(id);
      flush.fail(error);
    } else if (flush.pending.size === 0) {
      flushes.delete(id);
      flush.done();
    }
  };

  const spawnMember = (index: number): Member => {
    const handle = options.spawn(index);
    let ready = (): void => undefined;
    let joining = (): void => undefined;
    let started = (): void => undefined;
    let ended = (): void => undefined;
    /** Rejects `ready` and `started` when it exits first. */
    const notStarted: Array<(error: Error) => void> = [];
    const m: Member = {
      index, handle, counts: NO_COUNTS,
      ended: new Promise<void>((r) => (ended = r)),
      ready: new Promise<void>((resolve, reject) => ((ready = resolve), notStarted.push(reject))),
      joining: new Promise<void>((resolve, reject) => ((joining = resolve), notStarted.push(reject))),
      started: new Promise<void>((resolve, reject) => ((started = resolve), notStarted.push(reject))),
    };
    m.ready.catch(() => undefined);
    m.joining.catch(() => undefined);
    m.started.catch(() => undefined);
    handle.onMessage((message: FromWorker) => {
      if (message.kind === 'ready') ready();
      else if (message.kind === 'joining') joining();
      else if (message.kind === 'started') started();
      else if (message.kind === 'counts' || message.kind === 'stopped') m.counts = message.counts;
      else if (message.kind === 'failed') m.failure = message.message;
      else if (message.kind === 'flushed') settle(m, message.id, message.error === undefined ? undefined : new WorkbenchError('WORKER_FAILED', `stage-1 worker ${index} could not flush: ${message.error}`, { where: `worker ${index}` }));
    });
    handle.onExit((code, signal) => {
      m.exited = { code, signal, unasked: !stopping };
      ended();
      const error = failed(m, stopping ? 'while stopping' : running ? 'while the run went on' : 'while starting');
      notStarted.forEach((reject) => reject(error));
      for (const id of [...flushes.keys()]) settle(m, id, error);
      if (!stopping) {
        log.error(error.message);
        options.onError(error);
      }
    });
    return m;
  };

  const live = (): Member[] => members.filter((m) => !m.exited);

  /** Every running worker writes raw and commits what it has read; resolves when all have. */
  const flush = (): Promise<void> => {
    const targets = live();
    if (targets.length === 0) return Promise.resolve();
    const id = ++nextFlush;
    const done = new Promise<void>((resolve, reject) => flushes.set(id, { pending: new Set(targets.map((m) => m.index)), done: resolve, fail: reject }));
    targets.forEach((m) => m.handle.send({ kind: 'flush', id }));
    return done;
  };

  const logProgress = async (last: { at: number; consumed: number }): Promise<void> => {
    const total = members.reduce((sum, m) => addCounts(sum, m.counts), NO_COUNTS);
    if (total.consumed === last.consumed) return;
    const lag = await options.lag().then(String, () => 'unknown');
    const rate = ((total.consumed - last.consumed) * 1000) / Math.max(1, clock.now() - last.at);
    log.info(`stage 1 (${count} workers): ${total.consumed} orders, ${total.lines} lines read (${Math.round(rate)} orders/s; ${members.map((m) => `worker ${m.index} ${m.counts.consumed}`).join(', ')}), lag ${lag}`);
    last.at = clock.now();
    last.consumed = total.consumed;
  };

  return {
    get stats() {
      return members.reduce((sum, m) => addCounts(sum, m.counts), NO_COUNTS);
    },
    async start() {
      for (let index = 1; index <= count; index++) members.push(spawnMember(index));
      // Loading and connecting take seconds and vary: the workers join the group together (worker-protocol.ts).
      await Promise.all(members.map((m) => m.ready));
      members.forEach((m) => m.handle.send({ kind: 'start', index: m.index, workers: count, config: options.config }));
      await Promise.all(members.map((m) => m.joining));
      members.forEach((m) => m.handle.send({ kind: 'join' }));
      await Promise.all(members.map((m) => m.started));
      running = true;
      log.info(`stage 1: ${count} worker processes running (pids ${members.map((m) => m.handle.pid).join(', ')}), sharing the partitions in one consumer group`);
      const every = options.progressEveryMs ?? 10_000;
      if (every > 0) {
        const last = { at: clock.now(), consumed: 0 };
        stopProgress = clock.every(every, () => void logProgress(last));
      }
    },
    flush,
    lag: () => options.lag(),
    async stop() {
      stopProgress?.();
      // All at once, so that none reads on while another flushes. Each flushes and commits as it
      // leaves; the first to leave rebalances the group, and one that kafkajs finds idle then gives
      // its partitions up without a flush: what it read after its last commit is read again at the
      // next start, exactly once to storage like any replay (a flush first would keep every worker
      // reading through a backlog while it ran, and a stop is asked to stop reading).
      stopping = true;
      live().forEach((m) => m.handle.send({ kind: 'stop' }));
      await Promise.all(members.map((m) => m.ended));
      // One that ended on its own has been reported already (onError).
      const bad = members.filter((m) => m.exited && !m.exited.unasked && (m.exited.code !== 0 || m.exited.signal));
      if (bad.length > 0) throw failed(bad[0]!, 'while stopping');
    },
  };
}
