// Reads the earlier period of a comparison (stream/live-compare.ts) for the dashboard and the
// API: from the live view's closed windows when its retention reaches back far enough, else
// from the Parquet history (report/history.ts), else none. History reads are async, the
// dashboard's snapshots are not: peek() answers from what was read and starts a read when
// the period moved; ready() is told when it lands, so the hub pushes again.
import {
  alignDown, BLOCK_MS, chooseComparisonSource, comparisonMessage, DASHBOARD_RANGE_MS, WINDOW_DETAIL_MS, periodFigures, readReportRows, rowsFromWindows,
  type CompareWith, type DashboardSelection, type LiveView, type ResolvedComparison, type Store,
} from '../src/index';
import { createHistoryReach, type HistoryReach } from './history-reach';

export interface ComparisonsOptions {
  view: LiveView;
  /** The Parquet history; without it only the live view can answer. */
  history?: Store;
  /** Where the history starts and ends (shared with the free periods); default: listed from history. */
  historyReach?: HistoryReach;
  /** The live view's retention, for the message when nothing covers the period. */
  retentionMs: number;
  now?: () => number;
  /** A read finished: snapshots of the selection change. */
  ready?: () => void;
}

export interface Comparisons {
  /** What is known now (status "loading" while the first read runs); starts a read when the period moved. */
  peek(selection: DashboardSelection): ResolvedComparison | null;
  /** The comparison for the range as it stands now, read if need be. */
  load(selection: DashboardSelection): Promise<ResolvedComparison | null>;
  /** Increases with every finished read, for the ids of pushed snapshots. */
  readonly generation: number;
}

/** A selection is read again at most this often (wall clock), however fast event time moves. */
const REFRESH_MS = 5_000;
const MINUTE = 60_000;
/** Selections whose earlier period is kept (the dashboard's clients rarely watch more). */
const KEPT_SELECTIONS = 16;

type Compare = Exclude<CompareWith, 'none'>;

export function createComparisons(options: ComparisonsOptions): Comparisons {
  const { view, history, retentionMs, now = Date.now } = options;
  const done = new Map<string, { key: string; at: number; value: ResolvedComparison }>();
  const running = new Map<string, Promise<ResolvedComparison>>();
  let generation = 0;
  const historyReach = options.historyReach ?? createHistoryReach(history, now);

  /** The current range, [from, to) of window starts; null before any data. */
  const rangeOf = (s: DashboardSelection) => {
    const r = view.range(s.range, s.departmentId);
    return r.from === null || r.to === null ? null : { from: r.from, to: r.to + 1 };
  };
  const selectionKey = (s: DashboardSelection): string => `${s.range}/${s.departmentId ?? 'all'}/${s.compare}`;
  const periodKey = (range: { from: number; to: number }): string => `${Math.floor(range.from / MINUTE)}-${Math.floor(range.to / MINUTE)}`;
  /** Read again: the period moved, or nothing covered it (the history may have grown since). */
  const stale = (known: { key: string; value: ResolvedComparison }, range: { from: number; to: number }): boolean =>
    known.key !== periodKey(range) || known.value.status === 'none';

  async function read(s: DashboardSelection, compare: Compare, range: { from: number; to: number }): Promise<ResolvedComparison> {
    const live = view.retainedWindows(DASHBOARD_RANGE_MS[s.range]);
    const choice = chooseComparisonSource(range, compare, { liveFrom: live[0]?.start ?? null, history: await historyReach() }, retentionMs);
    const base = { compare, source: null, period: choice.period };
    if (choice.source === 'none') return { ...base, status: 'none', message: choice.reason, previous: null };
    // Ranges past an hour count from the top of the hour they start in (live-ranges.ts): so does the earlier period.
    const span = DASHBOARD_RANGE_MS[s.range];
    const counted = span === null || span > WINDOW_DETAIL_MS ? { ...choice.period, from: alignDown(choice.period.from, BLOCK_MS) } : choice.period;
    const rows = choice.source === 'live' ? rowsFromWindows(live) : await readReportRows(history as Store, counted);
    return {
      ...base, status: 'ready', source: choice.source, message: comparisonMessage(compare, choice.source, choice.period),
      previous: periodFigures(rows, counted, s.departmentId),
    };
  }

  function start(s: DashboardSelection, compare: Compare, range: { from: number; to: number }): Promise<ResolvedComparison> {
    const key = selectionKey(s);
    const inFlight = running.get(key);
    if (inFlight) return inFlight;
    const task = read(s, compare, range)
      .catch((error: unknown): ResolvedComparison => ({
        compare, status: 'none', source: null, period: null, previous: null,
        message: `could not read ${compare === 'day' ? 'the previous day' : 'the previous week'}: ${(error as Error).message}`,
      }))
      .then((value) => {
        done.delete(key);
        done.set(key, { key: periodKey(range), at: now(), value });
        // An earlier period holds every product it sold: keep those of the selections read last only.
        for (const oldest of done.keys()) if (done.size > KEPT_SELECTIONS) done.delete(oldest);
        running.delete(key);
        generation++;
        options.ready?.();
        return value;
      });
    running.set(key, task);
    return task;
  }

  const noData = (compare: Compare): ResolvedComparison => ({
    compare, status: 'none', source: null, period: null, previous: null, message: 'nothing to compare yet: the range has no data',
  });

  return {
    peek(s) {
      const compare = s.compare;
      if (compare === undefined || compare === 'none') return null;
      const range = rangeOf(s);
      if (!range) return noData(compare);
      const known = done.get(selectionKey(s));
      if (!known || (stale(known, range) && now() - known.at >= REFRESH_MS)) void start(s, compare, range);
      return known?.value ?? { compare, status: 'loading', source: null, period: null, previous: null, message: `reading ${compare === 'day' ? 'the previous day' : 'the previous week'}…` };
    },
    async load(s) {
      const compare = s.compare;
      if (compare === undefined || compare === 'none') return null;
      const range = rangeOf(s);
      if (!range) return noData(compare);
      const known = done.get(selectionKey(s));
      if (known && !(stale(known, range) && now() - known.at >= REFRESH_MS)) return known.value;
      return start(s, compare, range);
    },
    get generation() {
      return generation;
    },
  };
}
