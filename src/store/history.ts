// Writes the history: raw order lines per partition and offset range, split by event hour,
// and the aggregated tables of the closed windows of a flush, one file per dataset, hour
// partition and window size (window-files.ts).
import type { ClosedWindow, Correction } from '../stream/index';
import { alignDown } from '../domain/index';
import { correctionFilePath, rawFilePath, type Dataset } from './layout';
import { encodeDepartmentHours, encodeDepartments, encodeHours, encodePairs, encodeProducts, encodeRaw, type RawRecord } from './tables';
import type { Store } from './types';
import { folderOf, groupWindows, planWindowFiles } from './window-files';

const HOUR_MS = 3_600_000;

const WINDOW_TABLES: Array<[Dataset, (windows: ClosedWindow | readonly ClosedWindow[]) => Uint8Array]> = [
  ['by_product', encodeProducts],
  ['by_department', encodeDepartments],
  ['by_hour', encodeHours],
  ['by_department_hour', encodeDepartmentHours],
  ['by_pair', encodePairs],
];

export interface HistoryWriter {
  /** One batch of one partition; returns the files written. */
  writeRaw(partition: number, records: readonly RawRecord[]): Promise<string[]>;
  /**
   * The closed windows of one flush. Idempotent: windows a file of their folder already spans
   * (written before a crash) are not written again. Each folder written costs one listing of it.
   */
  writeWindows(closed: readonly ClosedWindow[]): Promise<string[]>;
  writeWindow(closed: ClosedWindow): Promise<string[]>;
  /** Late rows of a window already written, as files of their own (no ranks). */
  writeCorrection(correction: Correction): Promise<string[]>;
}

export interface HistoryWriterOptions {
  /** How a raw file is encoded: by default here (encodeRaw); raw-encoder-thread.ts does it in a thread of its own. */
  encodeRaw?: (records: readonly RawRecord[]) => Promise<Uint8Array>;
}

export function createHistoryWriter(store: Store, options: HistoryWriterOptions = {}): HistoryWriter {
  const encodeRawFile = options.encodeRaw ?? encodeRaw;
  const writeTables = async (closed: ClosedWindow, pathOf: (dataset: Dataset) => string): Promise<string[]> => {
    const written: string[] = [];
    for (const [dataset, encode] of WINDOW_TABLES) {
      const path = pathOf(dataset);
      await store.write(path, encode(closed));
      written.push(path);
    }
    return written;
  };
  const writeWindows = async (closed: readonly ClosedWindow[]): Promise<string[]> => {
    const written: string[] = [];
    for (const [dataset, encode] of WINDOW_TABLES) {
      for (const group of groupWindows(dataset, closed)) {
        for (const file of planWindowFiles(dataset, group, await store.list(folderOf(dataset, group[0]!)))) {
          await store.write(file.path, encode(file.windows));
          written.push(file.path);
        }
      }
    }
    return written;
  };
  return {
    writeWindows,
    async writeRaw(partition, records) {
      if (records.length === 0) return [];
      const first = records[0]!.offset;
      const last = records[records.length - 1]!.offset;
      const byHour = new Map<number, RawRecord[]>();
      for (const record of records) {
        const hour = alignDown(record.event.event_time, HOUR_MS);
        let group = byHour.get(hour);
        if (!group) byHour.set(hour, (group = []));
        group.push(record);
      }
      const written: string[] = [];
      for (const [hour, group] of byHour) {
        const path = rawFilePath(hour, partition, first, last);
        await store.write(path, await encodeRawFile(group));
        written.push(path);
      }
      return written;
    },
    writeWindow: (closed) => writeWindows([closed]),
    writeCorrection: ({ window, partition, firstOffset, lastOffset }) =>
      writeTables({ window, topByRevenue: [], topByUnits: [] }, (dataset) =>
        correctionFilePath(dataset, window.start, window.end - window.start, partition, firstOffset, lastOffset)),
  };
}
