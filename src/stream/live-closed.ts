// The closed windows the live view keeps, in three tiers with a fixed reach each: every
// window of the retention as sums (totals, departments, hours: what the volume series of a
// day needs), the windows of the last WINDOW_DETAIL_MS with their products too (the short
// ranges), and hour blocks with products for the retention (the long ranges).
import { type WindowAgg, alignDown } from '../domain/index';
import { BLOCK_MS, WINDOW_DETAIL_MS } from './live-ranges';
import { mergeRetained, retainWindow, withoutProducts, type ProductDirectory, type RetainedWindow } from './live-retained';

export interface ClosedWindowsOptions {
  retentionMs: number;
  /** Windows that tile time (hopping windows overlap): only they make blocks. */
  tiles: (w: RetainedWindow) => boolean;
  /** A window was retained, and later the block of its hour made of it and its neighbours. */
  onWindow: (w: RetainedWindow) => void;
  onBlock: (block: RetainedWindow, parts: readonly RetainedWindow[]) => void;
}

export function createClosedWindows(options: ClosedWindowsOptions) {
  const { retentionMs, tiles } = options;
  const directory: ProductDirectory = new Map();
  /** Every closed window of the retention, oldest first; those from `detailed` on keep their products. */
  const windows: RetainedWindow[] = [];
  let detailed = 0;
  const blocks: RetainedWindow[] = [];
  let parts: RetainedWindow[] = [];

  const forget = (newestEnd: number): void => {
    const horizon = newestEnd - retentionMs;
    while ((windows[0]?.end ?? Number.POSITIVE_INFINITY) <= horizon) {
      windows.shift();
      detailed = Math.max(0, detailed - 1);
    }
    while ((blocks[0]?.end ?? Number.POSITIVE_INFINITY) <= horizon) blocks.shift();
    for (; detailed < windows.length && (windows[detailed] as RetainedWindow).end <= newestEnd - WINDOW_DETAIL_MS; detailed++) {
      windows[detailed] = withoutProducts(windows[detailed] as RetainedWindow);
    }
  };

  return {
    /** A window that just closed (oldest first); the hour before it becomes a block once it is complete. */
    add(window: WindowAgg): RetainedWindow {
      const kept = retainWindow(window, directory);
      windows.push(kept);
      if (tiles(kept)) {
        const first = parts[0];
        if (first && alignDown(first.start, BLOCK_MS) !== alignDown(kept.start, BLOCK_MS)) {
          const block = mergeRetained(parts, directory);
          blocks.push(block);
          options.onBlock(block, parts);
          parts = [];
        }
        parts.push(kept);
      }
      options.onWindow(kept);
      forget(kept.end);
      return kept;
    },
    /** Every window of the retention; the older ones without products. */
    all: (): readonly RetainedWindow[] => windows,
    withProducts: (): RetainedWindow[] => windows.slice(detailed),
    /** The hour blocks, then the windows of the hour not yet in one. */
    blocksAndParts: (): RetainedWindow[] => [...blocks, ...parts],
    /** Windows of one size for a report: the last hour's for a span up to an hour, else hour blocks. */
    forSpan(spanMs: number | null): RetainedWindow[] {
      if (spanMs !== null && spanMs <= WINDOW_DETAIL_MS) return windows.slice(detailed);
      return parts.length > 0 ? [...blocks, mergeRetained(parts, directory)] : [...blocks];
    },
    /** What the directory knows of a product seen in a closed window (its name, department and aisle). */
    productInfo: (id: number) => directory.get(id),
    /** Every product the directory names, with its id. */
    productEntries: () => directory.entries(),
    footprint: () => ({
      windows: windows.length, detailedWindows: windows.length - detailed, blocks: blocks.length, blockParts: parts.length, products: directory.size,
    }),
  };
}
