// Compaction while the pipeline runs (--compact-every): at start and then every interval, merges
// the hour partitions that have closed. One pass at a time; stop() waits for the running pass,
// which ends after the partition it is on.
import { type Clock, describeError, type Log } from '../core/index';
import { compactClosedHours } from './compaction';
import type { Store } from './types';

export interface AutoCompactionOptions {
  store: Store;
  everyMs: number;
  /** An hour is closed this long after its end. */
  graceMs: number;
  targetBytes: number;
  /**
   * How far the stream's own event time has got, if known. A backfill writes hours that ended
   * long ago by the wall clock; they count as closed only once the stream has passed them.
   */
  progress?: () => number | null;
  clock: Clock;
  log: Log;
}

export interface AutoCompaction {
  stop(): Promise<void>;
  readonly stats: { passes: number; merged: number; failures: number };
}

export function startAutoCompaction(options: AutoCompactionOptions): AutoCompaction {
  const { store, everyMs, graceMs, targetBytes, clock, log } = options;
  const stats = { passes: 0, merged: 0, failures: 0 };
  let stopped = false;
  let running: Promise<void> | undefined;

  const pass = async (): Promise<void> => {
    const progress = options.progress?.();
    const closedBefore = Math.min(clock.now() - graceMs, progress ?? Number.POSITIVE_INFINITY);
    const results = await compactClosedHours({ store, closedBefore, targetBytes, log, stopRequested: () => stopped });
    stats.passes++;
    stats.merged += results.reduce((n, r) => n + r.merged.length, 0);
    stats.failures += results.filter((r) => r.error).length;
  };
  const tick = (): void => {
    if (running || stopped) return;
    running = pass()
      .catch((error: unknown) => {
        stats.failures++;
        log.error(`compaction failed, trying again in ${Math.round(everyMs / 1000)} s: ${describeError(error)}`);
      })
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return {
    stats,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
