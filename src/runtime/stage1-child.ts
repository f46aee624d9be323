// One stage-1 worker process of `stream --workers N` (stage1-pool.ts is the primary's side): it
// waits for the primary's Config, runs stage 1 alone as a member of the shared consumer group,
// reports its counts, flushes when asked, and stops when told or when its primary is gone. Either
// way it flushes and commits what it holds first, within the stop timeout, or exits 1.
import { createLog, describeError, systemClock, type Clock, type Log } from '../core/index';
import { planRun, type Config, type HostFacts } from '../config/index';
import { DEFAULT_MAX_BUFFERED_ORDERS } from '../pipeline/index';
import { startParts, stopParts, type Parts, type RuntimeDeps } from './parts';
import { NO_COUNTS, type FromWorker, type PrimaryChannel, type Stage1Counts } from './worker-protocol';

export interface Stage1ChildOptions {
  channel: PrimaryChannel & { send(message: FromWorker): Promise<void> };
  host: HostFacts;
  clock?: Clock;
  /** The log of worker `index` (default: createLog, its lines named "purchase-trends worker <index>"). */
  makeLog?: (config: Config, index: number) => Log;
  /** How often counts go to the primary when they changed (default 100 ms). */
  countsEveryMs?: number;
  /** Tests pass fakes; default the real parts. */
  parts?: { start: typeof startParts; stop: typeof stopParts };
}

const ROLE = { produce: false, stage1: true, stage2: 'none' } as const;

/** Runs until stopped; resolves with the process's exit code. */
export async function runStage1Child(options: Stage1ChildOptions): Promise<number> {
  const { channel, clock = systemClock } = options;
  const { start, stop } = options.parts ?? { start: startParts, stop: stopParts };
  let parts: Parts | undefined;
  let fatal: unknown;
  type Start = { index: number; workers: number; config: Config };
  let begin: (m: Start) => void = () => undefined;
  const told = new Promise<Start>((r) => (begin = r));
  let join: () => void = () => undefined;
  const joined = new Promise<void>((r) => (join = r));
  let stopAsked = false;
  let requestStop: (why: string) => void = () => undefined;
  const stopRequested = new Promise<string>((r) => (requestStop = (why) => ((stopAsked = true), r(why))));
  const counts = (): Stage1Counts => ({ ...(parts?.worker?.stats ?? NO_COUNTS) });

  const flush = async (id: number): Promise<void> => {
    try {
      if (!parts?.worker) throw new Error('stage 1 has not started');
      await parts.worker.flush();
      await channel.send({ kind: 'counts', counts: counts() });
      await channel.send({ kind: 'flushed', id });
    } catch (error) {
      await channel.send({ kind: 'flushed', id, error: describeError(error) });
    }
  };
  channel.onMessage((message) => {
    if (message.kind === 'start') begin(message);
    else if (message.kind === 'join') join();
    else if (message.kind === 'stop') requestStop('told to stop');
    else if (message.kind === 'flush') void flush(message.id);
  });
  channel.onDisconnect(() => requestStop('its primary is gone'));
  await channel.send({ kind: 'ready' });

  const first = await Promise.race([told, stopRequested.then(() => undefined)]);
  if (!first) return 0;
  const { index, workers, config } = first;
  const log = options.makeLog?.(config, index) ?? createLog({ level: config.logLevel, name: `purchase-trends worker ${index}` });
  const failed = async (error: unknown): Promise<number> => {
    log.error(`worker ${index} failed: ${describeError(error)}`);
    await channel.send({ kind: 'failed', message: describeError(error) });
    return 1;
  };
  const deps: RuntimeDeps = {
    log, clock,
    // Together the workers buffer what one stage 1 would: the same files, and memory summed over them.
    stage1MaxBufferedOrders: Math.ceil(DEFAULT_MAX_BUFFERED_ORDERS / Math.max(1, workers)),
    beforeStage1Join: async () => {
      await channel.send({ kind: 'joining' });
      // Stopped before the others were connected: do not join a group only to leave it.
      if ((await Promise.race([joined.then(() => true), stopRequested.then(() => false)])) === false) throw new Error('told to stop before joining the stage-1 group');
    },
    onFatal: (error) => {
      fatal ??= error;
      requestStop('failed');
    },
  };
  try {
    parts = await start(planRun({ ...config, workers: 1 }, options.host), ROLE, deps);
  } catch (error) {
    // Told to stop while connecting (another worker failed to start, or a signal): not a failure of its own.
    return stopAsked && fatal === undefined ? 0 : failed(error);
  }
  await channel.send({ kind: 'started' });
  let sent = counts();
  const stopCounts = clock.every(options.countsEveryMs ?? 100, () => {
    const now = counts();
    if (now.consumed === sent.consumed && now.rawFiles === sent.rawFiles) return;
    sent = now;
    void channel.send({ kind: 'counts', counts: now });
  });

  const why = await stopRequested;
  stopCounts();
  let timer: (() => void) | undefined;
  const timedOut = new Promise<true>((resolve) => (timer = clock.every(config.stopTimeoutMs, () => resolve(true))));
  try {
    if (await Promise.race([stop(parts, deps).then(() => false), timedOut])) {
      fatal ??= new Error(`stopping did not finish within ${config.stopTimeoutMs / 1000} s; what it had not committed is read again by the next owner of its partitions`);
    }
  } catch (error) {
    fatal ??= error;
  } finally {
    timer?.();
  }
  await channel.send({ kind: 'stopped', counts: counts() });
  if (fatal !== undefined) return failed(fatal);
  const c = counts();
  log.info(`worker ${index} stopped (${why}): read ${c.consumed} orders, ${c.lines} lines (late ${c.late}, rejected ${c.rejected}), ${c.rawFiles} raw files`);
  return 0;
}
