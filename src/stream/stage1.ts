// Stage 1: per-partition windowed partials. It scales with partitions: each worker owns
// some partitions and keeps one aggregator for each.
import {
  addOrder, addToTotals, createWindowAgg, emptyTotals, type Totals, type WindowAgg, type CheckoutEvent, alignDown, lastWindowEnd, windowStartsFor,
} from '../domain/index';
import type { Stage1Partial } from './partial';
import type { StreamSettings } from './settings';

export type Arrival = 'on-time' | 'late';

export interface PartitionAggregator {
  readonly partition: number;
  /** Counts one order; a late one is summed apart, for stage 2 to add as a correction. */
  add(offset: number, event: CheckoutEvent): Arrival;
  /** Notes a record that could not be decoded; its offset still advances the range. */
  reject(offset: number, where: string, reason: string): void;
  /** The change since the last drain, or undefined when nothing arrived. */
  drain(): Stage1Partial | undefined;
  /** A progress report with no records: the watermark, and whether the partition is idle at its log end. */
  progress(nextOffset: number, idle: boolean): Stage1Partial;
  readonly watermark: number;
}

export function createPartitionAggregator(partition: number, settings: StreamSettings): PartitionAggregator {
  const { window, allowedLatenessMs, tickMs } = settings;
  let maxEventTime = Number.NEGATIVE_INFINITY;
  let firstOffset = -1;
  let lastOffset = -1;
  let totals = emptyTotals();
  let late = emptyTotals();
  let rejected: Stage1Partial['rejected'] = [];
  let windows = new Map<number, WindowAgg>();
  let lateWindows = new Map<number, WindowAgg>();
  let ticks = new Map<number, Totals>();

  const watermark = (): number => maxEventTime - allowedLatenessMs;
  const note = (offset: number): void => {
    if (firstOffset < 0) firstOffset = offset;
    lastOffset = offset;
  };

  return {
    partition,
    get watermark() {
      return watermark();
    },
    add(offset, event) {
      note(offset);
      const t = event.event_time;
      addToTotals(totals, event);
      // Late: every window of the order ended behind this partition's watermark. It is still
      // summed, apart, so that stage 2 adds it as a correction instead of losing it.
      const arrival: Arrival = lastWindowEnd(t, window) <= watermark() ? 'late' : 'on-time';
      if (arrival === 'late') addToTotals(late, event);
      else {
        maxEventTime = Math.max(maxEventTime, t);
        // The rolling volume counts what the windows count: late orders arrive as corrections.
        const tick = alignDown(t, tickMs);
        let tickTotals = ticks.get(tick);
        if (!tickTotals) ticks.set(tick, (tickTotals = emptyTotals()));
        addToTotals(tickTotals, event);
      }
      const mark = watermark();
      for (const start of windowStartsFor(t, window)) {
        // Hopping: an on-time order may still fall in an older window that has already closed.
        const into = start + window.sizeMs <= mark ? lateWindows : windows;
        let agg = into.get(start);
        if (!agg) into.set(start, (agg = createWindowAgg(start, start + window.sizeMs)));
        addOrder(agg, event);
      }
      return arrival;
    },
    reject(offset, where, reason) {
      note(offset);
      rejected.push({ where, reason });
    },
    drain() {
      if (firstOffset < 0) return undefined;
      // Pair summaries travel pruned to their capacity (a bound on the partial's size).
      for (const w of [...windows.values(), ...lateWindows.values()]) w.pairs.compact();
      const partial: Stage1Partial = {
        partition, firstOffset, lastOffset, watermark: watermark(), maxEventTime,
        totals, late, rejected, windows: [...windows.values()], lateWindows: [...lateWindows.values()],
        ticks: [...ticks],
      };
      firstOffset = lastOffset = -1;
      totals = emptyTotals();
      late = emptyTotals();
      rejected = [];
      windows = new Map();
      lateWindows = new Map();
      ticks = new Map();
      return partial;
    },
    progress(nextOffset, idle) {
      return {
        partition, firstOffset: nextOffset, lastOffset: nextOffset - 1, watermark: watermark(), maxEventTime, idle,
        totals: emptyTotals(), late: emptyTotals(), rejected: [], windows: [], lateWindows: [], ticks: [],
      };
    },
  };
}
