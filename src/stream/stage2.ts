// Stage 2: merges stage-1 partials from every partition of the source topic into windows,
// closes a window once every partition's event time has passed its end (or the partition is
// idle at its log end), and ranks the top products of each closed window (by_product's rank
// columns; the readers rank windows and ranges with the same ranker). Whatever reaches a window after it closed becomes a correction, never a loss.
// One logical instance; its input is small.
import {
  createPairCounts, createWindowAgg, emptyTotals, mergeTotals, mergeWindow, type Totals, type WindowAgg, topProducts, type RankedProduct,
} from '../domain/index';
import { isProgressOnly, type Stage1Partial } from './partial';
import type { StreamSettings } from './settings';
import { createProgressBook, type PartitionProgress } from './stage2-progress';

export type { PartitionProgress } from './stage2-progress';

export interface ClosedWindow {
  window: WindowAgg;
  /** The window's top K, ranked alone (no previousRank): the rank columns of by_product. */
  topByRevenue: RankedProduct[];
  topByUnits: RankedProduct[];
}

/** Sums that reached a window after it closed, from one stage-1 range: written as extra rows. */
export interface Correction {
  window: WindowAgg;
  partition: number;
  firstOffset: number;
  lastOffset: number;
}

export interface MergerState {
  totals: Totals;
  /** Orders that reached the aggregates as corrections (for hopping windows: order-window pairs). */
  late: Totals;
  rejected: number;
  duplicatesDropped: number;
  newestEventTime: number;
  /** The oldest event time merged so far (ticks, cut to the last hour, forget it). */
  oldestEventTime: number;
  partitions: PartitionProgress[];
  openWindows: WindowAgg[];
  ticks: Map<number, Totals>;
  /**
   * Departments and hours of day of every window part accepted since the start, late ones
   * included (no products): a running aggregate like `totals`, read by the all-time views.
   */
  allTime: WindowAgg;
}

/** What a restarted merger needs to go on without double counting: see stage2-service.ts. */
export interface MergerCheckpoint {
  /** Windows ending at or before this are closed for good (null: none). */
  closedUpTo: number | null;
  /** Closed window start → first partials offset merged after it closed. */
  sealed: Array<[number, number]>;
  /** Source partition → newest offset merged. */
  merged: Array<[number, number]>;
}

export interface MergerOptions {
  /** Partitions of the source topic; each one holds the watermark until it reports. 0: those heard so far. */
  sourcePartitions?: number;
  restore?: MergerCheckpoint;
}

export interface TrendMerger {
  /**
   * Merges a partial read at offset `at` of the partials topic (when there is one); false when it
   * repeats offsets already merged (a replay after a restart).
   */
  merge(partial: Stage1Partial, at?: number): boolean;
  /** Windows whose end the watermark has passed, oldest first. */
  closeReady(): ClosedWindow[];
  /** Every open window, at shutdown or at the end of a bounded input. */
  closeAll(): ClosedWindow[];
  /** Corrections made since the last call. */
  takeCorrections(): Correction[];
  watermark(): number;
  setSourcePartitions(count: number): void;
  /** Takes up a checkpoint (a restart, or this member owning stage 2 again). */
  restore(checkpoint: MergerCheckpoint): void;
  /** The state to restart from once every partial before `committed` is durable. */
  checkpoint(committed: number): MergerCheckpoint;
  readonly state: MergerState;
  /** Rejected records seen so far, newest last (bounded). */
  readonly rejections: Array<{ where: string; reason: string }>;
}

const REJECTION_MEMORY = 200;
/** Never written to: the all-time aggregate merges windows without their products. */
const NO_PRODUCTS: WindowAgg['products'] = new Map();
/** Nor pairs: the baskets are read per closed window, from the read side's store (live-baskets.ts). */
const NO_PAIRS = createPairCounts();

export function createTrendMerger(settings: StreamSettings, options: MergerOptions = {}): TrendMerger {
  const open = new Map<number, WindowAgg>();
  const progress = createProgressBook(options.sourcePartitions ?? 0);
  const ticks = new Map<number, Totals>();
  const sealed = new Map<number, number>();
  const state: MergerState = {
    totals: emptyTotals(), late: emptyTotals(), rejected: 0, duplicatesDropped: 0,
    newestEventTime: Number.NEGATIVE_INFINITY, oldestEventTime: Number.POSITIVE_INFINITY, partitions: [], openWindows: [], ticks, allTime: createWindowAgg(0, 0),
  };
  const countAllTime = (w: WindowAgg): void => mergeWindow(state.allTime, { ...w, products: NO_PRODUCTS, pairs: NO_PAIRS });
  const rejections: TrendMerger['rejections'] = [];
  let corrections: Correction[] = [];
  let closedUpTo = Number.NEGATIVE_INFINITY;
  /** Partials offset of the next partial: a window closed now is sealed there. */
  let position: number | undefined;

  const close = (w: WindowAgg): ClosedWindow => {
    const closed = {
      window: w,
      topByRevenue: topProducts(w, settings.topK, 'revenue'),
      topByUnits: topProducts(w, settings.topK, 'units'),
    };
    closedUpTo = Math.max(closedUpTo, w.end);
    if (position !== undefined) sealed.set(w.start, position);
    return closed;
  };

  const closeWhere = (ready: (w: WindowAgg) => boolean): ClosedWindow[] => {
    const closing = [...open.values()].filter(ready).sort((a, b) => a.start - b.start);
    closing.forEach((w) => open.delete(w.start));
    state.openWindows = [...open.values()];
    return closing.map(close);
  };

  const correct = (partial: Stage1Partial, w: WindowAgg): void => {
    corrections.push({ window: w, partition: partial.partition, firstOffset: partial.firstOffset, lastOffset: partial.lastOffset });
    mergeTotals(state.late, w);
    countAllTime(w);
  };

  /** A window part of a partial: into its open window, a correction, or (replayed) already written. */
  const place = (partial: Stage1Partial, w: WindowAgg, at: number | undefined): void => {
    if (w.end > closedUpTo) {
      let target = open.get(w.start);
      if (!target) open.set(w.start, (target = createWindowAgg(w.start, w.end)));
      mergeWindow(target, w);
      countAllTime(w);
      return;
    }
    const sealedAt = sealed.get(w.start);
    if (at !== undefined && sealedAt !== undefined && at < sealedAt) return; // merged before it closed: in its file
    correct(partial, w);
  };

  const pruneTicks = (): void => {
    const horizon = state.newestEventTime - Math.max(3_600_000, settings.window.sizeMs * 2);
    for (const t of ticks.keys()) if (t < horizon) ticks.delete(t);
  };

  const mergeRecords = (partial: Stage1Partial, at: number | undefined): void => {
    mergeTotals(state.totals, partial.totals);
    state.rejected += partial.rejected.length;
    rejections.push(...partial.rejected);
    if (rejections.length > REJECTION_MEMORY) rejections.splice(0, rejections.length - REJECTION_MEMORY);
    state.newestEventTime = Math.max(state.newestEventTime, partial.maxEventTime);
    for (const w of partial.windows) place(partial, w, at);
    // Behind their own partition's watermark: always a correction, so raw's `late` flag and the
    // correction rows tell the same story whatever stage 2's timing was.
    // A replay writes the same correction again, under the same name.
    for (const w of partial.lateWindows ?? []) correct(partial, w);
    state.openWindows = [...open.values()];
    for (const [t, totals] of partial.ticks) {
      if (t < state.oldestEventTime) state.oldestEventTime = t;
      let target = ticks.get(t);
      if (!target) ticks.set(t, (target = emptyTotals()));
      mergeTotals(target, totals);
    }
    pruneTicks();
  };

  const restore = (checkpoint: MergerCheckpoint): void => {
    closedUpTo = Math.max(closedUpTo, checkpoint.closedUpTo ?? Number.NEGATIVE_INFINITY);
    for (const [start, at] of checkpoint.sealed) sealed.set(start, Math.max(sealed.get(start) ?? at, at));
    progress.restore(checkpoint.merged);
    // Windows now final elsewhere are not this member's to write.
    for (const start of [...open.keys()]) if (open.get(start)!.end <= closedUpTo) open.delete(start);
    state.openWindows = [...open.values()];
  };
  if (options.restore) restore(options.restore);

  return {
    state,
    rejections,
    restore,
    watermark: () => progress.watermark(),
    setSourcePartitions: (count) => progress.setPartitions(count),
    merge(partial, at) {
      if (at !== undefined) position = at + 1;
      if (!progress.report(partial, at)) {
        state.duplicatesDropped++;
        return false;
      }
      state.partitions = progress.list();
      if (!isProgressOnly(partial)) mergeRecords(partial, at);
      return true;
    },
    closeReady() {
      const mark = progress.watermark();
      return closeWhere((w) => w.end <= mark);
    },
    closeAll() {
      return closeWhere(() => true);
    },
    takeCorrections() {
      const taken = corrections;
      corrections = [];
      return taken;
    },
    checkpoint(committed) {
      for (const [start, at] of sealed) if (at <= committed) sealed.delete(start);
      return {
        closedUpTo: Number.isFinite(closedUpTo) ? closedUpTo : null,
        sealed: [...sealed],
        merged: progress.mergedAsOf(committed),
      };
    },
  };
}
