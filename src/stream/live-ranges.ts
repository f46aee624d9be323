// The dashboard's time ranges over closed windows. Each range ends at the newest event
// time and is split in two halves: the older half is the baseline a product's trend is
// measured against, the newer half what it does now. Windows slide from the newer half to
// the older one and out, each move adding or subtracting that window once. The ranges longer
// than an hour ("24h", "all") hold hour blocks instead (live-retained.ts): their edges move by
// the hour, and a day of one-minute windows with their products is not kept in memory.
// "all" is the whole retention (StreamSettings.retentionMs), exactly: what the read model keeps,
// so an export of "all" holds what the dashboard counts. Older orders are in the Parquet history.
import type { RetainedWindow } from './live-retained';
import { applyWindowSums, createWindowSums, type WindowSums } from './live-sums';

export type DashboardRange = '5m' | '15m' | '1h' | '24h' | 'all';

export const DASHBOARD_RANGES: readonly DashboardRange[] = ['5m', '15m', '1h', '24h', 'all'];

/** Length of each range; "all" (null) is the retention, whatever it is set to. */
export const DASHBOARD_RANGE_MS: Record<DashboardRange, number | null> = {
  '5m': 5 * 60_000, '15m': 15 * 60_000, '1h': 3_600_000, '24h': 24 * 3_600_000, all: null,
};

/** Windows keep their products this long: the longest range drawn from windows. */
export const WINDOW_DETAIL_MS = 3_600_000;
/** Longer ranges are drawn from blocks of this span, aligned to the epoch. */
export const BLOCK_MS = 3_600_000;
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

interface Sliding {
  bounds: DashboardRangeBounds;
  older: WindowSums;
  newer: WindowSums;
  whole: WindowSums;
  olderWindows: RetainedWindow[];
  newerWindows: RetainedWindow[];
  /** Closed windows since it was last asked for; an unwatched range stops being kept. */
  idle: number;
}

/** A range nobody has asked for during this many closed windows is dropped, and rebuilt when asked. */
const IDLE_CLOSES = 120;

function insertByStart(list: RetainedWindow[], w: RetainedWindow): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as RetainedWindow).start > w.start) i--;
  list.splice(i, 0, w);
}

/**
 * Its windows sit in the newer half, the older one, or both when the middle falls within the
 * block: the block goes to the half of its start, and the windows in the other half move over
 * with it.
 */
function replaceWithBlock(s: Sliding, block: RetainedWindow, parts: ReadonlySet<RetainedWindow>): void {
  const newerParts = s.newerWindows.filter((w) => parts.has(w));
  const olderParts = s.olderWindows.filter((w) => parts.has(w));
  if (newerParts.length === 0 && olderParts.length === 0) return;
  s.newerWindows = s.newerWindows.filter((w) => !parts.has(w));
  s.olderWindows = s.olderWindows.filter((w) => !parts.has(w));
  if (block.start >= s.bounds.mid) {
    insertByStart(s.newerWindows, block);
    return;
  }
  for (const w of newerParts) {
    applyWindowSums(s.newer, w, -1);
    applyWindowSums(s.older, w, 1);
  }
  insertByStart(s.olderWindows, block);
}

const emptySliding = (): Sliding => ({
  bounds: { from: Number.NEGATIVE_INFINITY, mid: Number.NEGATIVE_INFINITY, to: Number.NEGATIVE_INFINITY },
  older: createWindowSums(), newer: createWindowSums(), whole: createWindowSums(), olderWindows: [], newerWindows: [], idle: 0,
});

/**
 * To build a range when it is first asked for, oldest first: retained, the closed windows
 * that still have their products (the last WINDOW_DETAIL_MS); retainedBlocks, the hour blocks
 * of the last retentionMs and then the windows of the hour not yet in a block. Every range,
 * "all" included, lies within them.
 */
export function createDashboardRangeBook(options: {
  windowSizeMs: number;
  retentionMs: number;
  retained: () => readonly RetainedWindow[];
  retainedBlocks: () => readonly RetainedWindow[];
}) {
  const { windowSizeMs, retentionMs } = options;
  let dataStart = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  let firstEvent = Number.POSITIVE_INFINITY;
  /** Where data begins: the first event when known, else the first window's start. */
  const begin = (): number => (Number.isFinite(firstEvent) ? Math.max(firstEvent, dataStart) : dataStart);
  const book = new Map<DashboardRange, Sliding>();

  // Hopping windows overlap; those aligned to their size tile time, so only they are summed.
  const tiles = (w: RetainedWindow): boolean => w.start % windowSizeMs === 0;

  const boundsOf = (name: DashboardRange, s: Sliding): DashboardRangeBounds => {
    const length = DASHBOARD_RANGE_MS[name] ?? retentionMs;
    // Windows count from here: the first window starts before its first order.
    const from = Math.max(to - length, dataStart);
    // The halves split the time that has data.
    const start = Math.max(from, begin());
    const mid = (start + to) / 2;
    return { from: Math.max(s.bounds.from, from), mid: Math.max(s.bounds.mid, mid), to };
  };

  /** Puts a window in the half its start belongs to (a window behind the range is left out). */
  const place = (name: DashboardRange, s: Sliding, w: RetainedWindow): void => {
    if (w.start < s.bounds.from) return;
    applyWindowSums(s.whole, w, 1);
    if (w.start >= s.bounds.mid) {
      insertByStart(s.newerWindows, w);
      applyWindowSums(s.newer, w, 1);
    } else {
      insertByStart(s.olderWindows, w);
      applyWindowSums(s.older, w, 1);
    }
  };

  const advance = (name: DashboardRange, s: Sliding): void => {
    if (!Number.isFinite(to) || !Number.isFinite(dataStart)) return;
    s.bounds = boundsOf(name, s);
    while (s.newerWindows.length > 0 && (s.newerWindows[0] as RetainedWindow).start < s.bounds.mid) {
      const w = s.newerWindows.shift() as RetainedWindow;
      applyWindowSums(s.newer, w, -1);
      applyWindowSums(s.older, w, 1);
      insertByStart(s.olderWindows, w);
    }
    while (s.olderWindows.length > 0 && (s.olderWindows[0] as RetainedWindow).start < s.bounds.from) {
      const w = s.olderWindows.shift() as RetainedWindow;
      applyWindowSums(s.older, w, -1);
      applyWindowSums(s.whole, w, -1);
    }
  };
  const advanceAll = (): void => book.forEach((s, name) => advance(name, s));
  const clampStart = (start: number | null): number | null => (start === null ? null : Math.max(start, begin()));

  const activate = (name: DashboardRange): Sliding => {
    let s = book.get(name);
    if (s) return s;
    s = emptySliding();
    if (Number.isFinite(to) && Number.isFinite(dataStart)) {
      s.bounds = boundsOf(name, s);
      for (const w of isCoarse(name) ? options.retainedBlocks() : options.retained()) if (tiles(w)) place(name, s, w);
    }
    book.set(name, s);
    return s;
  };

  return {
    /** Windows that just closed, oldest first. */
    addClosed(windows: readonly RetainedWindow[]): void {
      for (const w of windows.filter(tiles)) {
        dataStart = Math.min(dataStart, w.start);
        advanceAll();
        book.forEach((s, name) => place(name, s, w));
      }
      for (const [name, s] of book) if (++s.idle > IDLE_CLOSES) book.delete(name);
    },
    /** An hour block replaces its windows, already added, in the long ranges; their sums stay. */
    addBlock(block: RetainedWindow, parts: readonly RetainedWindow[]): void {
      const listed = new Set(parts);
      for (const [name, s] of book) if (isCoarse(name)) replaceWithBlock(s, block, listed);
    },
    /**
     * The newest event time, the windows still open, and the oldest event time known: the
     * first window starts before its first order, and that empty stretch is no baseline.
     */
    observe(newestEventTime: number, openWindows: readonly RetainedWindow[], oldestEventTime?: number): void {
      if (Number.isFinite(newestEventTime)) to = Math.max(to, newestEventTime);
      if (oldestEventTime !== undefined && Number.isFinite(oldestEventTime)) firstEvent = Math.min(firstEvent, oldestEventTime);
      for (const w of openWindows) if (tiles(w)) dataStart = Math.min(dataStart, w.start);
      advanceAll();
    },
    halves(name: DashboardRange): DashboardRangeHalves {
      const s = activate(name);
      s.idle = 0;
      advance(name, s);
      return {
        bounds: s.bounds, older: s.older, newer: s.newer, whole: s.whole,
        olderStart: clampStart(s.olderWindows[0]?.start ?? null),
        newerStart: clampStart(s.newerWindows[0]?.start ?? null),
      };
    },
    tiles,
    /** A window start clamped to where data begins, for the time a half covers. */
    clampStart,
    /** Ranges being kept up to date (for tests of the laziness). */
    get kept(): DashboardRange[] {
      return [...book.keys()];
    },
    get hasData(): boolean {
      return Number.isFinite(to) && Number.isFinite(dataStart);
    },
  };
}

export type DashboardRangeBook = ReturnType<typeof createDashboardRangeBook>;
