// The one store of closed windows on the read side. Retention: StreamSettings.retentionMs
// (24 h by default, --live-retention), in three tiers with a fixed reach each: every window of
// the retention as sums (totals, departments, hours: what the volume series of a day needs);
// with its products and pair summary too while it is among the last WINDOW_DETAIL_MS (the
// short ranges, the newest window's ranking, the product page, bought together); and hour
// blocks with products and merged pair summaries for the whole retention (the long ranges,
// reports over more than an hour). Every reader queries it; bought together is a query over
// it too (live-baskets.ts). The
// dashboard's ranges keep running sums over it (live-ranges.ts), told of each change here
// before a window leaves the store or loses its products; they keep no windows of their own.
import { type WindowAgg, alignDown } from '../domain/index';
import { mergeRetained, retainedBytes, retainWindow, withoutPairs, withoutProducts, type ProductDirectory, type RetainedWindow } from './live-retained';

/** Windows keep their products this long: the longest range drawn from windows. */
export const WINDOW_DETAIL_MS = 3_600_000;
/** Longer ranges are drawn from blocks of this span, aligned to the epoch. */
export const BLOCK_MS = 3_600_000;

/** Told of each change, in this order: an hour block made of its windows, then the window that closed. */
export interface ClosedWindowsListener {
  blockMade(block: RetainedWindow, parts: readonly RetainedWindow[]): void;
  windowClosed(w: RetainedWindow, newestEventTime: number): void;
}

/** Index of the first of `list` (sorted by start) that starts at or after `from`. */
function firstFrom(list: readonly RetainedWindow[], from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as RetainedWindow).start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createClosedWindows(options: { retentionMs: number; windowSizeMs: number }) {
  const { retentionMs, windowSizeMs } = options;
  const directory: ProductDirectory = new Map();
  /** Every closed window of the retention, oldest first; those from `detailed` on keep their products. */
  const windows: RetainedWindow[] = [];
  let detailed = 0;
  const blocks: RetainedWindow[] = [];
  /** The windows of the hour being filled: the next block. */
  let parts: RetainedWindow[] = [];
  const listeners: ClosedWindowsListener[] = [];
  // Hopping windows overlap; those aligned to their size tile time, so only they are summed.
  const tiles = (w: RetainedWindow): boolean => w.start % windowSizeMs === 0;

  /**
   * Out of the retention, and out of the detail tier: a window keeps its products while it
   * may still be in a range drawn from windows, which starts at most WINDOW_DETAIL_MS before
   * the newest event.
   */
  const forget = (newestEnd: number, newestEventTime: number): void => {
    const horizon = newestEnd - retentionMs;
    while ((windows[0]?.end ?? Number.POSITIVE_INFINITY) <= horizon) {
      windows.shift();
      detailed = Math.max(0, detailed - 1);
    }
    // The long ranges start at the top of the hour the retention reaches back into from the
    // newest event (live-ranges.ts), which lags the newest window's end when windows close
    // while no event comes: a block stays until they have passed it too, or they could not
    // take it out of their sums.
    const blockHorizon = Number.isFinite(newestEventTime) ? Math.min(horizon, newestEventTime - retentionMs) : horizon;
    // By the end of its hour: a block ends with its last window, short of the hour after a gap.
    while (blocks[0] && alignDown(blocks[0].start, BLOCK_MS) + BLOCK_MS <= blockHorizon) blocks.shift();
    for (let w = windows[detailed]; w && w.end <= newestEnd - WINDOW_DETAIL_MS && w.start < newestEventTime - WINDOW_DETAIL_MS; w = windows[++detailed]) {
      windows[detailed] = withoutProducts(w);
    }
  };

  return {
    tiles,
    listen: (listener: ClosedWindowsListener): void => void listeners.push(listener),
    /**
     * A window that just closed (oldest first), with the newest event time so far; the hour
     * before it becomes a block once it is complete.
     */
    add(window: WindowAgg, newestEventTime: number): RetainedWindow {
      const kept = retainWindow(window, directory);
      const first = parts[0];
      if (tiles(kept) && first && alignDown(first.start, BLOCK_MS) !== alignDown(kept.start, BLOCK_MS)) {
        const block = mergeRetained(parts, directory);
        const made = parts;
        blocks.push(block);
        parts = [];
        listeners.forEach((l) => l.blockMade(block, made));
      }
      listeners.forEach((l) => l.windowClosed(kept, newestEventTime));
      windows.push(kept);
      if (tiles(kept)) parts.push(kept);
      forget(kept.end, newestEventTime);
      return kept;
    },
    /** Every window of the retention, oldest first; the older ones without products. */
    all: (): readonly RetainedWindow[] => windows,
    /**
     * What a range is drawn from, starting in [from, to), oldest first, only windows that tile
     * time: the windows (with products, from the detail tier) or, coarse, the hour blocks and
     * then the windows of the hour not yet in one.
     */
    units(coarse: boolean, from: number, to: number): RetainedWindow[] {
      const out: RetainedWindow[] = [];
      const list = coarse ? blocks : windows;
      for (let i = firstFrom(list, from); i < list.length && (list[i] as RetainedWindow).start < to; i++) if (tiles(list[i] as RetainedWindow)) out.push(list[i] as RetainedWindow);
      if (coarse) for (const w of parts) if (w.start >= from && w.start < to) out.push(w);
      return out;
    },
    /**
     * Windows of one size for a report: the last hour's for a span up to an hour, else hour
     * blocks. Without their pair summaries: a report's pairs are those of its range (live-baskets.ts).
     */
    forSpan(spanMs: number | null): RetainedWindow[] {
      if (spanMs !== null && spanMs <= WINDOW_DETAIL_MS) return windows.slice(detailed).map(withoutPairs);
      const unpaired = blocks.map(withoutPairs);
      return parts.length > 0 ? [...unpaired, mergeRetained(parts.map(withoutPairs), directory)] : unpaired;
    },
    /** What the directory knows of a product seen in a closed window (its name, department and aisle). */
    productInfo: (id: number) => directory.get(id),
    /** Every product the directory names, with its id. */
    productEntries: () => directory.entries(),
    footprint: () => {
      const bytes = (list: readonly RetainedWindow[]): number => list.reduce((n, w) => n + retainedBytes(w), 0);
      return {
        windows: windows.length, detailedWindows: windows.length - detailed, blocks: blocks.length, blockParts: parts.length, products: directory.size,
        // Windows of the hour being filled are in `windows` too: their columns are counted there.
        bytes: { windows: bytes(windows), blocks: bytes(blocks) },
      };
    },
  };
}

export type ClosedWindows = ReturnType<typeof createClosedWindows>;
