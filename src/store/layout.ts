// The storage layout, as DESIGN.md draws it. File names derive from what a file holds
// (partition and offset range, or window), so writing the same input twice writes the same file.

export const ROOT = 'purchase-analytics';

export type Dataset = 'raw' | 'by_product' | 'by_department' | 'by_hour' | 'by_department_hour' | 'by_pair';

export const DATASET_DIRS: Record<Dataset, string> = {
  raw: `${ROOT}/raw`,
  by_product: `${ROOT}/aggregated/by_product`,
  by_department: `${ROOT}/aggregated/by_department`,
  by_hour: `${ROOT}/aggregated/by_hour`,
  /** Each department's hours of day per window: the hourly chart and report under a department filter. */
  by_department_hour: `${ROOT}/aggregated/by_department_hour`,
  /** Pairs of products bought in the same order, per window ("bought together", domain/pairs.ts). */
  by_pair: `${ROOT}/aggregated/by_pair`,
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** dt=YYYY-MM-DD/hour=HH of an epoch time, in UTC. */
export function hourPartition(epochMs: number): string {
  const d = new Date(epochMs);
  return `dt=${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}/hour=${pad(d.getUTCHours())}`;
}

export const rawFilePath = (hourStart: number, partition: number, firstOffset: number, lastOffset: number): string =>
  `${DATASET_DIRS.raw}/${hourPartition(hourStart)}/part-${partition}-${firstOffset}-${lastOffset}.parquet`;

const windowStamp = (windowStart: number): string => {
  const d = new Date(windowStart);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
};

/** window-20261124T060500-60s: its start in UTC and its size. */
export const windowFilePath = (dataset: Dataset, windowStart: number, sizeMs: number): string =>
  `${DATASET_DIRS[dataset]}/${hourPartition(windowStart)}/window-${windowStamp(windowStart)}-${Math.round(sizeMs / 1000)}s.parquet`;

/**
 * late-20261124T060500-60s-p<partition>-<first>-<last>: rows added to a window after it was
 * written, from one stage-1 range of a source partition. Summing a dataset gives the truth.
 */
export const correctionFilePath = (dataset: Dataset, windowStart: number, sizeMs: number, partition: number, firstOffset: number, lastOffset: number): string =>
  `${DATASET_DIRS[dataset]}/${hourPartition(windowStart)}/late-${windowStamp(windowStart)}-${Math.round(sizeMs / 1000)}s-p${partition}-${firstOffset}-${lastOffset}.parquet`;

export const tempPathFor = (path: string, token: string): string => {
  const slash = path.lastIndexOf('/');
  return `${path.slice(0, slash + 1)}_tmp.${token}.${path.slice(slash + 1)}`;
};

/** Temporary and hidden files are not part of a dataset. */
export const isDataFile = (path: string): boolean => {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.endsWith('.parquet') && !name.startsWith('_') && !name.startsWith('.');
};
