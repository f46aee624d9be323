// The --compact-every hook of run and stream (the `compact` command is app/compact-command.ts),
// here so that the soak (bench/soak.ts) starts it exactly as the run job does.
import type { Clock, Log } from '../core/index';
import type { Config } from '../config/index';
import { compactionInThread, startAutoCompaction, type AutoCompaction } from '../store/index';
import type { Parts } from './parts';

/** While the pipeline runs, an hour is closed only once its open windows, late lines and flushes are written. */
export const runningGraceMs = (config: Config): number =>
  Math.max(config.compaction.graceMs, config.stream.window.sizeMs + config.stream.allowedLatenessMs + 2 * config.flushIntervalMs);

/**
 * The --compact-every hook of run and stream (default 10m): only the process that writes the
 * aggregates compacts, and only while it owns stage 2, so several stream workers never compact at once.
 * Given compactionThread (the path of bin/compaction-thread.js), each pass runs in a worker
 * thread (store/compaction-thread.ts), off the stream's thread; without it, or with
 * --compact-in process, in this thread.
 */
export function startCompactionIfAsked(config: Config, parts: Parts, deps: { log: Log; clock: Clock; compactionThread?: string }): AutoCompaction | undefined {
  const everyMs = config.compaction.everyMs;
  const { store, stage2 } = parts;
  if (!everyMs || !store || !stage2) return undefined;
  const graceMs = runningGraceMs(config);
  deps.log.info(`compacting closed hours every ${Math.round(everyMs / 1000)} s and as each closes (an hour closes ${Math.round(graceMs / 1000)} s after its end; --compact-every off to stop)`);
  // Every window that starts before this has been written: an hour closes once its last window is in the store.
  const { sizeMs, advanceMs } = config.stream.window;
  const progress = (): number | null => {
    const upTo = stage2.writtenUpTo();
    return upTo === null ? null : upTo - sizeMs + advanceMs;
  };
  const { compactionThread, log, clock } = deps;
  const pass = compactionThread && config.compaction.inThread ? compactionInThread({ entry: compactionThread, store: config.store, log }) : undefined;
  return startAutoCompaction({ store, everyMs, graceMs, targetBytes: config.compaction.targetBytes, progress, active: stage2.isWriting, log, clock, ...(pass ? { pass } : {}) });
}
