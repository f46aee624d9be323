// Event-time progress of every partition of the source topic, as stage 2 hears it from stage 1.
// The watermark is the slowest partition's: a partition not heard from yet holds it back, and
// only a partition that stage 1 reports idle AT ITS LOG END stops holding it. Wall-clock silence
// alone never closes a window: while draining a backlog, some partitions' partials simply
// arrive later than others'.
import { isProgressOnly, type Stage1Partial } from './partial';

export interface PartitionProgress {
  partition: number;
  /** Newest offset merged from this partition. */
  mergedUpTo: number;
  watermark: number;
  /** Reported caught up to its log end and silent. */
  idle: boolean;
  /** Whether stage 1 has reported on it since this merger started. */
  heard: boolean;
}

export interface ProgressBook {
  /** Notes a partial read at partials offset `at`; false when its records were merged already. */
  report(partial: Stage1Partial, at: number | undefined): boolean;
  watermark(): number;
  setPartitions(count: number): void;
  list(): PartitionProgress[];
  /** Per partition, the newest offset merged from partials before partials offset `committed`. */
  mergedAsOf(committed: number): Array<[number, number]>;
  /** Ranges merged before a restart: repeats of them are dropped. */
  restore(merged: ReadonlyArray<[number, number]>): void;
}

export function createProgressBook(sourcePartitions: number): ProgressBook {
  let partitions = sourcePartitions;
  const book = new Map<number, PartitionProgress>();
  /** mergedUpTo per partition as of the last checkpoint, and the merges since, by partials offset. */
  const base = new Map<number, number>();
  let since: Array<{ at: number; partition: number; lastOffset: number }> = [];

  const entry = (partition: number): PartitionProgress => {
    let p = book.get(partition);
    if (!p) book.set(partition, (p = { partition, mergedUpTo: -1, watermark: Number.NEGATIVE_INFINITY, idle: false, heard: false }));
    return p;
  };

  return {
    report(partial, at) {
      const p = entry(partial.partition);
      const records = !isProgressOnly(partial);
      if (records && partial.lastOffset <= p.mergedUpTo) return false;
      p.heard = true;
      p.watermark = Math.max(p.watermark, partial.watermark);
      p.idle = partial.idle === true;
      if (records) {
        p.mergedUpTo = partial.lastOffset;
        if (at !== undefined) since.push({ at, partition: partial.partition, lastOffset: partial.lastOffset });
      }
      return true;
    },
    watermark() {
      // Unknown partition count (a bare topology in a test): the partitions heard so far.
      const considered = partitions > 0
        ? Array.from({ length: partitions }, (_, partition) => book.get(partition))
        : [...book.values()].filter((p) => p.heard);
      if (considered.length === 0) return Number.NEGATIVE_INFINITY;
      let slowest = Number.POSITIVE_INFINITY;
      let newestIdle = Number.NEGATIVE_INFINITY;
      let active = false;
      for (const p of considered) {
        if (!p?.heard) return Number.NEGATIVE_INFINITY;
        if (p.idle) newestIdle = Math.max(newestIdle, p.watermark);
        else {
          active = true;
          slowest = Math.min(slowest, p.watermark);
        }
      }
      // Every partition idle at its log end: all there is has been read.
      return active ? slowest : newestIdle;
    },
    setPartitions(count) {
      partitions = count;
    },
    restore(merged) {
      for (const [partition, mergedUpTo] of merged) {
        base.set(partition, Math.max(base.get(partition) ?? -1, mergedUpTo));
        const p = entry(partition);
        p.mergedUpTo = Math.max(p.mergedUpTo, mergedUpTo);
      }
    },
    list: () => [...book.values()].sort((a, b) => a.partition - b.partition),
    mergedAsOf(committed) {
      const kept: typeof since = [];
      for (const m of since) {
        if (m.at < committed) base.set(m.partition, Math.max(base.get(m.partition) ?? -1, m.lastOffset));
        else kept.push(m);
      }
      since = kept;
      return [...base].sort((a, b) => a[0] - b[0]);
    },
  };
}
