// Compaction while the pipeline runs (--compact-every, default 10m): every interval, merges the
// hour partitions that have closed. At start, and as soon as another hour has closed (a backfill
// closes hours far faster than the interval), it merges the aggregates at once: their files are
// many and cheap to merge, while raw, the bulk of the bytes (re-encoding it costs about as much
// CPU as writing it), waits for the interval. One pass at a time; stop() waits for the running
// pass, which ends after the partition it is on.
import { type Clock, describeError, type Log } from '../core/index';
import { compactClosedHours, type PartitionCompaction } from './compaction';
import type { Dataset } from './layout';
import type { Store } from './types';

/** What one pass merges: the hours closed before closedBefore, of these datasets. */
export interface CompactionPassRequest {
  closedBefore: number;
  targetBytes: number;
  datasets: readonly Dataset[];
}

/**
 * Runs one pass; the signal is aborted when the schedule stops (the pass then ends after the
 * partition it is on). The default runs it here, in this thread; compaction-thread.ts
 * runs it in a worker thread of its own.
 */
export type CompactionPass = (request: CompactionPassRequest, signal: AbortSignal) => Promise<PartitionCompaction[]>;

/** A pass in this thread, on this store. */
const compactionPassOn = (store: Store, log: Log): CompactionPass => (request, signal) =>
  compactClosedHours({ store, ...request, log, stopRequested: () => signal.aborted });

export interface AutoCompactionOptions {
  store: Store;
  everyMs: number;
  /** An hour is closed this long after its end. */
  graceMs: number;
  targetBytes: number;
  /**
   * How far the stream's own event time has got: null while not known yet, and then no hour is
   * closed. A backfill writes hours that ended long ago by the wall clock; they count as closed
   * only once the stream has passed them. Without this option, the wall clock alone decides.
   */
  progress?: () => number | null;
  /** Whether this process compacts now: only the one that writes the aggregates does (default: always). */
  active?: () => boolean;
  /** How often to look whether another hour has closed (default: every second, at most everyMs). */
  checkMs?: number;
  /** How a pass runs (default: compactionPassOn(store, log), in this thread). */
  pass?: CompactionPass;
  clock: Clock;
  log: Log;
}

const HOUR_MS = 3_600_000;
/** The aggregates first: many small files, cheap to merge; raw, the bulk of the bytes, last. */
const AGGREGATES: readonly Dataset[] = ['by_hour', 'by_department', 'by_department_hour', 'by_product', 'by_pair'];
const ALL: readonly Dataset[] = [...AGGREGATES, 'raw'];

export interface AutoCompaction {
  /**
   * After the pass under way, merges the aggregates of every hour closed by now, and resolves
   * when done: for a run whose finite source has ended, before it stops.
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
  readonly stats: { passes: number; merged: number; failures: number };
  /** Whether a pass is under way. */
  readonly running: boolean;
}

export function startAutoCompaction(options: AutoCompactionOptions): AutoCompaction {
  const { store, everyMs, graceMs, targetBytes, clock, log } = options;
  const stats = { passes: 0, merged: 0, failures: 0 };
  const runPass = options.pass ?? compactionPassOn(store, log);
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  /**
   * When the last pass of every dataset started, and the hours closed at the last pass. Raw
   * waits an interval from the start too: a stream draining a backlog spends its CPU on that.
   */
  let lastFullPassAt = clock.now();
  let closedHours = Number.NEGATIVE_INFINITY;

  /**
   * Hours that end by then are closed. With a progress that is not known yet (nothing written,
   * no checkpoint), none is: the stream may be about to write into hours the wall clock closed long ago.
   */
  const closedBefore = (): number => {
    const progress = options.progress ? options.progress() : Number.POSITIVE_INFINITY;
    return progress === null ? Number.NEGATIVE_INFINITY : Math.min(clock.now() - graceMs, progress);
  };
  const pass = async (before: number, datasets: readonly Dataset[]): Promise<void> => {
    const results = await runPass({ closedBefore: before, targetBytes, datasets }, stopping.signal);
    stats.passes++;
    stats.merged += results.reduce((n, r) => n + r.merged.length, 0);
    stats.failures += results.filter((r) => r.error).length;
  };
  const start = (before: number, datasets: readonly Dataset[]): Promise<void> => {
    closedHours = Math.floor(before / HOUR_MS);
    running = pass(before, datasets)
      .catch((error: unknown) => {
        stats.failures++;
        log.error(`compaction failed, trying again in ${Math.round(everyMs / 1000)} s: ${describeError(error)}`);
      })
      .finally(() => (running = undefined));
    return running;
  };
  const tick = (): void => {
    if (running || stopping.signal.aborted || !(options.active?.() ?? true)) return;
    const before = closedBefore();
    if (before === Number.NEGATIVE_INFINITY) return;
    const full = clock.now() - lastFullPassAt >= everyMs;
    if (!full && Math.floor(before / HOUR_MS) === closedHours) return;
    if (full) lastFullPassAt = clock.now();
    void start(before, full ? ALL : AGGREGATES);
  };
  const timer = setInterval(tick, Math.min(everyMs, options.checkMs ?? 1_000));
  timer.unref();
  tick();
  return {
    stats,
    get running() {
      return running !== undefined;
    },
    async settle() {
      while (running) await running;
      const before = closedBefore();
      if (!stopping.signal.aborted && (options.active?.() ?? true) && before > Number.NEGATIVE_INFINITY) await start(before, AGGREGATES);
    },
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await running;
    },
  };
}
