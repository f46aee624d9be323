// The dashboard's time ranges, as queries over the store of closed windows (live-closed.ts).
// Each range ends at the newest event time and is split in two halves: the older half is the
// baseline a product's trend is measured against, the newer half what it does now. For speed
// a range keeps running sums of each half, not windows: as its bounds move, the store's
// windows that crossed the middle or left the range are asked for and moved or taken out
// once. The ranges longer than an hour ("24h", "all") are drawn from the store's hour blocks:
// they start at the top of the hour their length reaches back into, so "24h" covers 24 to 25
// hours, and their edges move by the hour. "all" is the whole retention
// (StreamSettings.retentionMs) counted the same way, which the store keeps (its oldest block
// leaves only once its hour ended more than the retention before both the newest window's end
// and the newest event), so an export of "all" holds what the dashboard counts. Older orders are in the Parquet history.
import { alignDown } from '../domain/index';
import { BLOCK_MS, WINDOW_DETAIL_MS, type ClosedWindows } from './live-closed';
import type { RetainedWindow } from './live-retained';
import { applyWindowSums, createWindowSums, type WindowSums } from './live-sums';

export type DashboardRange = '5m' | '15m' | '1h' | '24h' | 'all';

export const DASHBOARD_RANGES: readonly DashboardRange[] = ['5m', '15m', '1h', '24h', 'all'];

/** Length of each range; "all" (null) is the retention, whatever it is set to. */
export const DASHBOARD_RANGE_MS: Record<DashboardRange, number | null> = {
  '5m': 5 * 60_000, '15m': 15 * 60_000, '1h': 3_600_000, '24h': 24 * 3_600_000, all: null,
};

const isCoarse = (name: DashboardRange): boolean => (DASHBOARD_RANGE_MS[name] ?? Number.POSITIVE_INFINITY) > WINDOW_DETAIL_MS;

export interface DashboardRangeBounds {
  /** Windows starting from here are in the range (never before the first window). */
  from: number;
  /** Where the baseline half ends and the current half begins. */
  mid: number;
  /** The newest event time. */
  to: number;
}

export interface DashboardRangeHalves {
  bounds: DashboardRangeBounds;
  older: WindowSums;
  newer: WindowSums;
  /** older + newer, kept as one so that ranking reads one map, not two. */
  whole: WindowSums;
  /** Starts of the oldest closed window in each half, for the time each half covers. */
  olderStart: number | null;
  newerStart: number | null;
}

/** A range's running sums: those of the store's windows (or blocks) starting in [from, mid) and from mid on. */
interface Sums {
  bounds: DashboardRangeBounds;
  older: WindowSums;
  newer: WindowSums;
  whole: WindowSums;
  /** Closed windows since it was last asked for; an unwatched range stops being kept. */
  idle: number;
}

type Half = 'older' | 'newer' | null;

/** A range nobody has asked for during this many closed windows is dropped, and rebuilt when asked. */
const IDLE_CLOSES = 120;

const UNSET: DashboardRangeBounds = { from: Number.NEGATIVE_INFINITY, mid: Number.NEGATIVE_INFINITY, to: Number.NEGATIVE_INFINITY };

const halfOf = (s: Sums, start: number): Half => (start < s.bounds.from ? null : start < s.bounds.mid ? 'older' : 'newer');

function apply(s: Sums, w: RetainedWindow, half: Half, sign: 1 | -1): void {
  if (half === null) return;
  applyWindowSums(s.whole, w, sign);
  applyWindowSums(s[half], w, sign);
}

export function createDashboardRangeBook(store: ClosedWindows, options: { retentionMs: number }) {
  let dataStart = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  let firstEvent = Number.POSITIVE_INFINITY;
  /** Where data begins: the first event when known, else the first window's start. */
  const begin = (): number => (Number.isFinite(firstEvent) ? Math.max(firstEvent, dataStart) : dataStart);
  const book = new Map<DashboardRange, Sums>();
  const hasData = (): boolean => Number.isFinite(to) && Number.isFinite(dataStart);

  const boundsOf = (name: DashboardRange, s: Sums): DashboardRangeBounds => {
    const length = DASHBOARD_RANGE_MS[name] ?? options.retentionMs;
    // A range drawn from hour blocks starts at the top of the hour that holds to - length: a
    // block is in or out whole, and leaving out the one that straddles the start would leave
    // out up to an hour the range covers. Windows count from here: the first window starts
    // before its first order.
    const reach = to - length;
    const from = Math.max(isCoarse(name) ? alignDown(reach, BLOCK_MS) : reach, dataStart);
    // The halves split the time that has data.
    const start = Math.max(from, begin());
    const mid = (start + to) / 2;
    return { from: Math.max(s.bounds.from, from), mid: Math.max(s.bounds.mid, mid), to };
  };

  /** Moves the bounds to the newest event, and what crossed them in the store with them. */
  const advance = (name: DashboardRange, s: Sums): void => {
    if (!hasData()) return;
    const next = boundsOf(name, s);
    const coarse = isCoarse(name);
    if (s.bounds === UNSET) {
      s.bounds = next;
      for (const w of store.units(coarse, next.from, Number.POSITIVE_INFINITY)) apply(s, w, halfOf(s, w.start), 1);
      return;
    }
    for (const w of store.units(coarse, s.bounds.mid, next.mid)) {
      applyWindowSums(s.newer, w, -1);
      applyWindowSums(s.older, w, 1);
    }
    for (const w of store.units(coarse, s.bounds.from, next.from)) {
      applyWindowSums(s.older, w, -1);
      applyWindowSums(s.whole, w, -1);
    }
    s.bounds = next;
  };
  const advanceAll = (): void => book.forEach((s, name) => advance(name, s));
  const clampStart = (start: number | null): number | null => (start === null ? null : Math.max(start, begin()));

  store.listen({
    // A block takes the half of its start; its windows in the other half move over with it.
    blockMade(block, parts) {
      for (const [name, s] of book) {
        if (!isCoarse(name) || s.bounds === UNSET) continue;
        const into = halfOf(s, block.start);
        for (const w of parts) {
          const was = halfOf(s, w.start);
          if (was === into) continue;
          apply(s, w, was, -1);
          apply(s, w, into, 1);
        }
      }
    },
    windowClosed(w, newestEventTime) {
      if (Number.isFinite(newestEventTime)) to = Math.max(to, newestEventTime);
      if (store.tiles(w)) dataStart = Math.min(dataStart, w.start);
      // Before the store forgets what the window's close moves out of the retention.
      advanceAll();
      if (store.tiles(w)) book.forEach((s) => s.bounds !== UNSET && apply(s, w, halfOf(s, w.start), 1));
      for (const [name, s] of book) if (++s.idle > IDLE_CLOSES) book.delete(name);
    },
  });

  return {
    /**
     * The newest event time, the windows still open, and the oldest event time known: the
     * first window starts before its first order, and that empty stretch is no baseline.
     */
    observe(newestEventTime: number, openWindows: readonly RetainedWindow[], oldestEventTime?: number): void {
      if (Number.isFinite(newestEventTime)) to = Math.max(to, newestEventTime);
      if (oldestEventTime !== undefined && Number.isFinite(oldestEventTime)) firstEvent = Math.min(firstEvent, oldestEventTime);
      for (const w of openWindows) if (store.tiles(w)) dataStart = Math.min(dataStart, w.start);
      advanceAll();
    },
    halves(name: DashboardRange): DashboardRangeHalves {
      let s = book.get(name);
      if (!s) book.set(name, (s = { bounds: UNSET, older: createWindowSums(), newer: createWindowSums(), whole: createWindowSums(), idle: 0 }));
      s.idle = 0;
      advance(name, s);
      const coarse = isCoarse(name);
      const { from, mid } = s.bounds;
      return {
        bounds: s.bounds, older: s.older, newer: s.newer, whole: s.whole,
        olderStart: s.bounds === UNSET ? null : clampStart(store.units(coarse, from, mid)[0]?.start ?? null),
        newerStart: s.bounds === UNSET ? null : clampStart(store.units(coarse, mid, Number.POSITIVE_INFINITY)[0]?.start ?? null),
      };
    },
    tiles: store.tiles,
    /** A window start clamped to where data begins, for the time a half covers. */
    clampStart,
    /** Ranges being kept up to date (for tests of the laziness). */
    get kept(): DashboardRange[] {
      return [...book.keys()];
    },
    get hasData(): boolean {
      return hasData();
    },
  };
}

export type DashboardRangeBook = ReturnType<typeof createDashboardRangeBook>;
