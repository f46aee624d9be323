// Where the Parquet history starts and ends, listed again after a while: the comparisons and
// the free periods ask on every read, and listing the store each time would be slow on HDFS.
import { historyExtent, type Store } from '../src/index';

/** An empty history (a run that has not flushed yet) is listed again after this long. */
const EMPTY_TTL_MS = 5_000;
/** A history that holds windows is listed again after this long. */
const EXTENT_TTL_MS = 60_000;

export type HistoryReach = () => Promise<{ from: number; to: number } | null>;

export function createHistoryReach(history: Store | undefined, now: () => number = Date.now): HistoryReach {
  let extent: { at: number; ttl: number; value: Promise<{ from: number; to: number } | null> } | undefined;
  return () => {
    if (!history) return Promise.resolve(null);
    if (!extent || now() - extent.at > extent.ttl) {
      const value = historyExtent(history).catch(() => null);
      extent = { at: now(), ttl: EMPTY_TTL_MS, value };
      void value.then((found) => {
        if (found && extent?.value === value) extent.ttl = EXTENT_TTL_MS;
      });
    }
    return extent.value;
  };
}
