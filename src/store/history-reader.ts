// Reads the history back from whichever store is configured (local folder or HDFS): the files of a
// dataset for a time range, or their rows. It reads what a reader should see — a compacted file
// instead of its inputs, never both and never neither (compaction-names.ts) — even while a
// compaction runs: a folder whose file vanished between listing and reading is read again.
import { alignDown } from '../domain/index';
import { WorkbenchError } from '../core/index';
import { hourOfPartition } from './compaction';
import { dirName, partitionFolders, visibleFiles } from './compaction-names';
import { DATASET_DIRS, hourPartition, type Dataset } from './layout';
import { readParquetRows } from './tables';
import type { FileInfo, Store } from './types';

/** Epoch ms, from inclusive, to exclusive; either end may be open. */
export interface TimeRange {
  from?: number;
  to?: number;
}

export interface HistoryReader {
  /** The files to read for the range: whole hour partitions that overlap it. */
  files(dataset: Dataset, range?: TimeRange): Promise<FileInfo[]>;
  /** files(), and from the same listing the files it skips because another file of their folder covers them. */
  listing(dataset: Dataset, range?: TimeRange): Promise<{ files: FileInfo[]; covered: FileInfo[] }>;
  /** Rows whose time (raw: event_time, aggregates: window_start) is in the range; INT64 as bigint, TIMESTAMP as Date. */
  rows(dataset: Dataset, range?: TimeRange): Promise<Record<string, unknown>[]>;
}

export const TIME_COLUMN: Record<Dataset, string> = {
  raw: 'event_time',
  by_product: 'window_start',
  by_department: 'window_start',
  by_hour: 'window_start',
  by_department_hour: 'window_start',
  by_pair: 'window_start',
};

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Up to this many days, only their folders are listed (on HDFS, one request per folder). */
const LIST_BY_DAY_UP_TO = 31;

const inRange = (t: number, { from, to }: TimeRange): boolean => (from === undefined || t >= from) && (to === undefined || t < to);

/** push(...rows) overflows the call stack at some 100k rows: an hour of by_product can hold more. */
const append = <T>(into: T[], rows: readonly T[]): void => {
  for (const row of rows) into.push(row);
};

export function createHistoryReader(store: Store): HistoryReader {
  async function list(dataset: Dataset, range: TimeRange): Promise<FileInfo[]> {
    const root = DATASET_DIRS[dataset];
    const { from, to } = range;
    if (from === undefined || to === undefined || to - from > LIST_BY_DAY_UP_TO * DAY_MS) return store.list(root);
    const days: string[] = [];
    for (let day = alignDown(from, DAY_MS); day < to; day += DAY_MS) days.push(`${root}/${hourPartition(day).split('/')[0]}`);
    return (await Promise.all(days.map((d) => store.list(d)))).flat();
  }

  async function listing(dataset: Dataset, range: TimeRange = {}): Promise<{ files: FileInfo[]; covered: FileInfo[] }> {
    const listed = (await list(dataset, range)).filter((f) => {
      const hour = hourOfPartition(dirName(f.path));
      return hour !== undefined && (range.from === undefined || hour + HOUR_MS > range.from) && (range.to === undefined || hour < range.to);
    });
    const { visible, superseded } = partitionFolders(listed);
    return { files: visible, covered: superseded };
  }
  const files = async (dataset: Dataset, range?: TimeRange): Promise<FileInfo[]> => (await listing(dataset, range)).files;

  async function readFolder(dataset: Dataset, folder: FileInfo[], range: TimeRange): Promise<Record<string, unknown>[]> {
    const column = TIME_COLUMN[dataset];
    const out: Record<string, unknown>[] = [];
    for (const file of folder) {
      for (const row of await readParquetRows(await store.read(file.path), file.path)) {
        if (inRange((row[column] as Date).getTime(), range)) out.push(row);
      }
    }
    return out;
  }

  return {
    files,
    listing,
    async rows(dataset, range = {}) {
      const byDir = new Map<string, FileInfo[]>();
      for (const file of await files(dataset, range)) byDir.set(dirName(file.path), [...(byDir.get(dirName(file.path)) ?? []), file]);
      const out: Record<string, unknown>[] = [];
      for (const [dir, folder] of byDir) {
        try {
          append(out, await readFolder(dataset, folder, range));
        } catch (error) {
          // A compaction swapped this folder under us: its merged file is in place now.
          const gone = error instanceof WorkbenchError && !(await Promise.all(folder.map((f) => store.exists(f.path)))).every(Boolean);
          if (!gone) throw error;
          append(out, await readFolder(dataset, visibleFiles(await store.list(dir)), range));
        }
      }
      return out;
    },
  };
}
