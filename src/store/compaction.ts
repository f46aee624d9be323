// Compaction: merges the small files of each closed hour partition, per dataset, into one file
// or a few of about targetBytes. Safe to run again at any point, and after a crash at any point:
// 1. a merged file gets a name derived from its inputs' spans (compaction-names.ts); it is written
//    out as it is encoded to a temporary name, then renamed; from that moment readers skip its inputs;
// 2. only then are the inputs deleted. A crash in between leaves superseded inputs, which the
//    next run deletes; a crash before leaves only a temporary file, deleted once it is old.
// Before the rename, the merged file is read back from the store and must hold the same number of
// rows with the same order-independent checksum as the inputs.
import { randomUUID } from 'node:crypto';
import { WorkbenchError, type Log } from '../core/index';
import { createRowChecksum, type RowChecksum } from './compaction-checksum';
import { dirName, fileName, mergedName, partitionFiles, spanOf } from './compaction-names';
import { DATASET_DIRS, tempPathFor, type Dataset } from './layout';
import { createParquetAppender, MERGED_ROW_GROUP_ROWS, parquetSchemaKey, readParquetColumns, type ParquetAppender, type ParquetSchema } from './tables';
import { storeFile } from './store-file';
import type { FileInfo, Store } from './types';

export const DEFAULT_COMPACTION_TARGET_BYTES = 128 * 1024 * 1024;
export const COMPACTED_DATASETS: readonly Dataset[] = ['raw', 'by_product', 'by_department', 'by_hour', 'by_department_hour', 'by_pair'];
const HOUR_MS = 3_600_000;

export interface CompactionOptions {
  store: Store;
  /** Hour partitions that end at or before this time are closed. */
  closedBefore: number;
  targetBytes?: number;
  datasets?: readonly Dataset[];
  rowGroupRows?: number;
  log?: Log;
  /** Asked between partitions and between the inputs of a merge: a stop request ends the pass early, with nothing half done. */
  stopRequested?: () => boolean;
}

export interface MergedFile { path: string; inputs: string[]; rows: number; checksum: string; bytes: number }

export interface PartitionCompaction {
  dataset: Dataset;
  /** The hour partition's folder. */
  partition: string;
  merged: MergedFile[];
  /** Superseded inputs of an earlier, interrupted run, and abandoned temporary files. */
  removed: string[];
  /** Why (part of) the partition was left as it is. */
  problems: string[];
  /** Set when compacting the partition failed; the others go on. */
  error?: string;
}

/** The start of the hour of a `…/dt=YYYY-MM-DD/hour=HH` folder. */
export function hourOfPartition(dir: string): number | undefined {
  const m = /dt=(\d{4})-(\d{2})-(\d{2})\/hour=(\d{2})$/.exec(dir);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4])) : undefined;
}

/** Consecutive runs of files whose sizes add up to at most target; a run holds at least one file. */
function runsBySize(files: readonly FileInfo[], target: number): FileInfo[][] {
  const runs: FileInfo[][] = [];
  let run: FileInfo[] = [];
  let bytes = 0;
  for (const file of files) {
    if (run.length > 0 && bytes + file.size > target) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(file);
    bytes += file.size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * Merges a run of files into one. The merged file is written out as it is encoded, to a temporary
 * name readers skip, then read back from the store and checked, and only then renamed into place:
 * it is never held whole (a raw partition's hour at 500 orders/s is ~100 MB). Undefined when a
 * stop was requested while reading the inputs: nothing is left behind then.
 */
async function mergeRun(store: Store, dir: string, run: readonly FileInfo[], rowGroupRows: number, stopRequested: () => boolean): Promise<MergedFile | undefined> {
  const path = `${dir}/${mergedName(run[0]!.path, run[run.length - 1]!.path)}`;
  // Not ending in .parquet: a reader that globs *.parquet never picks it up, half written.
  const temp = `${tempPathFor(path, randomUUID().slice(0, 8))}.tmp`;
  let merged: { appender: ParquetAppender; key: string; columns: string[]; inputs: RowChecksum } | undefined;
  const start = (schema: ParquetSchema) => {
    const columns = schema.slice(1).map((e) => e.name);
    return { appender: createParquetAppender(schema, rowGroupRows), key: parquetSchemaKey(schema), columns, inputs: createRowChecksum(columns) };
  };
  const parts = await store.writeParts(temp);
  let bytes = 0;
  const writeOut = async (chunks: Uint8Array[]): Promise<void> => {
    for (const chunk of chunks) {
      await parts.append(chunk);
      bytes += chunk.byteLength;
    }
  };
  try {
    for (const file of run) {
      if (stopRequested()) {
        await parts.discard();
        return undefined;
      }
      const schema = await readParquetColumns(await store.read(file.path), file.path, async (group, schema) => {
        merged ??= start(schema);
        if (parquetSchemaKey(schema) !== merged.key) {
          throw new WorkbenchError('BAD_PARQUET', `${file.path} has other columns than ${run[0]!.path}, so they cannot be merged`, { where: file.path });
        }
        merged.inputs.add(group);
        merged.appender.append(group);
        await writeOut(merged.appender.drain());
      });
      merged ??= start(schema);
    }
    const { appender, columns, inputs } = merged!;
    await writeOut(appender.finish());
    await parts.close();
    const output = createRowChecksum(columns);
    await readParquetColumns(storeFile(store, temp, bytes), temp, (group) => output.add(group));
    if (output.rows !== inputs.rows || output.value() !== inputs.value()) {
      throw new WorkbenchError('BAD_PARQUET', `merging ${run.length} files into ${path} would change the data (rows ${inputs.rows} → ${output.rows}, checksum ${inputs.value()} → ${output.value()}); the inputs are left as they are`, { where: path, retriable: false });
    }
    await store.rename(temp, path);
    // From here on readers skip the inputs; deleting them changes nothing they see.
    for (const file of run) await store.delete(file.path);
    return { path, inputs: run.map((f) => f.path), rows: output.rows, checksum: output.value(), bytes };
  } catch (error) {
    // Once renamed, the temporary name is gone and this deletes nothing.
    await parts.discard();
    throw error;
  }
}

/** One pass over a folder: removes what readers already skip, merges runs of small files. */
async function compactOnce(options: CompactionOptions & { dir: string; files: readonly FileInfo[] }, result: PartitionCompaction): Promise<boolean> {
  const { store, dir, files, closedBefore, log, targetBytes = DEFAULT_COMPACTION_TARGET_BYTES, rowGroupRows = MERGED_ROW_GROUP_ROWS, stopRequested = () => false } = options;
  // No write takes as long as an hour stays open after it ends: such a temporary file is abandoned.
  const abandoned = files.filter((f) => fileName(f.path).startsWith('_tmp.') && f.modified < closedBefore);
  const { visible, superseded } = partitionFiles(files);
  for (const file of [...abandoned, ...superseded]) {
    await store.delete(file.path);
    result.removed.push(file.path);
  }
  const groups = new Map<string, FileInfo[]>();
  for (const file of visible) {
    const span = spanOf(file.path);
    if (!span) continue;
    const group = groups.get(span.group);
    if (group) group.push(file);
    else groups.set(span.group, [file]);
  }
  let merged = false;
  for (const [group, list] of groups) {
    list.sort((a, b) => spanOf(a.path)!.lo - spanOf(b.path)!.lo);
    const overlap = list.findIndex((f, i) => i > 0 && spanOf(f.path)!.lo <= spanOf(list[i - 1]!.path)!.hi);
    if (overlap > 0) {
      // Only a replay with other batch boundaries writes these; merging would double the shared rows.
      const problem = `${fileName(list[overlap - 1]!.path)} and ${fileName(list[overlap]!.path)} overlap; ${group} left as it is`;
      if (!result.problems.includes(problem)) result.problems.push(problem);
      continue;
    }
    for (const run of runsBySize(list, targetBytes)) {
      if (run.length < 2) continue;
      const file = await mergeRun(store, dir, run, rowGroupRows, stopRequested);
      if (!file) return false;
      log?.info(`compacted ${run.length} files of ${dir} into ${fileName(file.path)} (${file.rows} rows, ${(file.bytes / 1_048_576).toFixed(1)} MB)`);
      result.merged.push(file);
      merged = true;
    }
  }
  return merged;
}

/**
 * Compacts one hour partition, given the files listed in its folder. Merged files come out
 * smaller than their inputs added up, so it merges again until nothing fits together any more:
 * that is the state a second run finds, and leaves as it is.
 */
export async function compactPartition(options: CompactionOptions & { dataset: Dataset; dir: string; files: readonly FileInfo[] }): Promise<PartitionCompaction> {
  const result: PartitionCompaction = { dataset: options.dataset, partition: options.dir, merged: [], removed: [], problems: [] };
  let files = options.files;
  for (let pass = 0; pass < 8 && (await compactOnce({ ...options, files }, result)); pass++) files = await options.store.list(options.dir);
  for (const problem of result.problems) options.log?.warn(`compaction of ${options.dir}: ${problem}`);
  return result;
}

/** Compacts every closed hour partition of the datasets. */
export async function compactClosedHours(options: CompactionOptions): Promise<PartitionCompaction[]> {
  const { store, closedBefore, datasets = COMPACTED_DATASETS, stopRequested, log } = options;
  const results: PartitionCompaction[] = [];
  for (const dataset of datasets) {
    const byDir = new Map<string, FileInfo[]>();
    for (const file of await store.list(DATASET_DIRS[dataset])) {
      const dir = dirName(file.path);
      const list = byDir.get(dir);
      if (list) list.push(file);
      else byDir.set(dir, [file]);
    }
    for (const [dir, files] of [...byDir].sort(([a], [b]) => a.localeCompare(b))) {
      const hour = hourOfPartition(dir);
      if (hour === undefined || hour + HOUR_MS > closedBefore) continue;
      if (stopRequested?.()) return results;
      try {
        const result = await compactPartition({ ...options, dataset, dir, files });
        if (result.merged.length + result.removed.length + result.problems.length > 0) results.push(result);
      } catch (error) {
        // A store that is down fails every partition: give up. A bad file spoils only its own.
        if ((error as WorkbenchError).retriable !== false) throw error;
        log?.error(`compaction of ${dir} failed: ${(error as Error).message}`);
        results.push({ dataset, partition: dir, merged: [], removed: [], problems: [], error: (error as Error).message });
      }
    }
  }
  return results;
}
