// Stage 2: merges stage-1 partials from every partition into windows, closes a window once
// the slowest live partition's watermark passes its end, and ranks the top products of each
// closed window against the previous one. One logical instance; its input is small.
import { createWindowAgg, emptyTotals, mergeTotals, mergeWindow, type Totals, type WindowAgg } from '../domain/aggregates';
import { topProducts, type RankedProduct } from '../domain/top-products';
import type { Stage1Partial } from './partial';
import type { StreamSettings } from './settings';

export interface ClosedWindow {
  window: WindowAgg;
  topByRevenue: RankedProduct[];
  topByUnits: RankedProduct[];
}

export interface PartitionProgress {
  partition: number;
  /** Newest offset merged from this partition. */
  mergedUpTo: number;
  watermark: number;
  lastSeenWall: number;
}

export interface MergerState {
  totals: Totals;
  late: Totals;
  rejected: number;
  duplicatesDropped: number;
  newestEventTime: number;
  partitions: PartitionProgress[];
  openWindows: WindowAgg[];
  ticks: Map<number, Totals>;
}

export interface TrendMerger {
  /** Merges a partial; false when it repeats offsets already merged (a replay after a restart). */
  merge(partial: Stage1Partial, wallNow: number): boolean;
  /** Windows whose end the watermark has passed, oldest first. */
  closeReady(wallNow: number): ClosedWindow[];
  /** Every open window, at shutdown or at the end of a bounded input. */
  closeAll(): ClosedWindow[];
  watermark(wallNow: number): number;
  readonly state: MergerState;
  /** Rejected records seen so far, newest last (bounded). */
  readonly rejections: Array<{ where: string; reason: string }>;
}

const REJECTION_MEMORY = 200;

export function createTrendMerger(settings: StreamSettings): TrendMerger {
  const open = new Map<number, WindowAgg>();
  const progress = new Map<number, PartitionProgress>();
  const ticks = new Map<number, Totals>();
  const state: MergerState = {
    totals: emptyTotals(), late: emptyTotals(), rejected: 0, duplicatesDropped: 0,
    newestEventTime: Number.NEGATIVE_INFINITY, partitions: [], openWindows: [], ticks,
  };
  const rejections: TrendMerger['rejections'] = [];
  let previousTop: { revenue: RankedProduct[]; units: RankedProduct[] } = { revenue: [], units: [] };
  let closedUpTo = Number.NEGATIVE_INFINITY;

  const watermark = (wallNow: number): number => {
    const all = [...progress.values()];
    const live = all.filter((p) => wallNow - p.lastSeenWall < settings.idleTimeoutMs);
    const considered = live.length > 0 ? live : all;
    return considered.length === 0 ? Number.NEGATIVE_INFINITY : Math.min(...considered.map((p) => p.watermark));
  };

  const close = (w: WindowAgg): ClosedWindow => {
    const closed = {
      window: w,
      topByRevenue: topProducts(w, settings.topK, 'revenue', previousTop.revenue),
      topByUnits: topProducts(w, settings.topK, 'units', previousTop.units),
    };
    previousTop = { revenue: closed.topByRevenue, units: closed.topByUnits };
    closedUpTo = Math.max(closedUpTo, w.end);
    return closed;
  };

  const closeWhere = (ready: (w: WindowAgg) => boolean): ClosedWindow[] => {
    const closing = [...open.values()].filter(ready).sort((a, b) => a.start - b.start);
    closing.forEach((w) => open.delete(w.start));
    state.openWindows = [...open.values()];
    return closing.map(close);
  };

  const pruneTicks = (): void => {
    const horizon = state.newestEventTime - Math.max(3_600_000, settings.window.sizeMs * 2);
    for (const t of ticks.keys()) if (t < horizon) ticks.delete(t);
  };

  return {
    state,
    rejections,
    watermark,
    merge(partial, wallNow) {
      const seen = progress.get(partial.partition);
      if (seen && partial.lastOffset <= seen.mergedUpTo) {
        state.duplicatesDropped++;
        return false;
      }
      progress.set(partial.partition, {
        partition: partial.partition,
        mergedUpTo: partial.lastOffset,
        watermark: Math.max(seen?.watermark ?? Number.NEGATIVE_INFINITY, partial.watermark),
        lastSeenWall: wallNow,
      });
      state.partitions = [...progress.values()];
      mergeTotals(state.totals, partial.totals);
      mergeTotals(state.late, partial.late);
      state.rejected += partial.rejected.length;
      rejections.push(...partial.rejected);
      if (rejections.length > REJECTION_MEMORY) rejections.splice(0, rejections.length - REJECTION_MEMORY);
      state.newestEventTime = Math.max(state.newestEventTime, partial.maxEventTime);
      for (const w of partial.windows) {
        if (w.end <= closedUpTo) {
          // Its window closed while this partition was idle: count it as late, not lost.
          mergeTotals(state.late, w);
          continue;
        }
        let target = open.get(w.start);
        if (!target) open.set(w.start, (target = createWindowAgg(w.start, w.end)));
        mergeWindow(target, w);
      }
      state.openWindows = [...open.values()];
      for (const [t, totals] of partial.ticks) {
        let target = ticks.get(t);
        if (!target) ticks.set(t, (target = emptyTotals()));
        mergeTotals(target, totals);
      }
      pruneTicks();
      return true;
    },
    closeReady(wallNow) {
      const mark = watermark(wallNow);
      return closeWhere((w) => w.end <= mark);
    },
    closeAll() {
      return closeWhere(() => true);
    },
  };
}
