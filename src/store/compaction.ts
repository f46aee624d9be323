// Compaction: merges the small files of each closed hour partition, per dataset, into one file
// or a few of about targetBytes. Safe to run again at any point, and after a crash at any point:
// 1. a merged file gets a name derived from its inputs' spans (compaction-names.ts); it is written
//    out as it is encoded to a temporary name, then renamed; from that moment readers skip its inputs;
// 2. only then are the inputs deleted. A crash in between leaves superseded inputs, which the
//    next run deletes; a crash before leaves only a temporary file, deleted once it is old.
// Row groups big enough to keep are copied into the merged file as they are (parquet-copy.ts), the
// rest re-encoded. Before the rename, the merged file is read back from the store: each copied row
// group must hold the same bytes as its original, and the re-encoded rows the same count and
// order-independent checksum as their inputs.
import { randomUUID } from 'node:crypto';
import { WorkbenchError, type Log } from '../core/index';
import { createRowChecksum, type RowChecksum } from './compaction-checksum';
import { dirName, fileName, mergedName, partitionFiles, spanOf } from './compaction-names';
import { DATASET_DIRS, tempPathFor, type Dataset } from './layout';
import { createParquetAppender, MERGED_ROW_GROUP_ROWS, parquetSchemaKey, readParquetColumns, type ParquetAppender, type ParquetSchema } from './tables';
import { copyable, COPY_MIN_GROUP_ROWS, describeGroup, digestOf, groupRange } from './parquet-copy';
import { storeFile } from './store-file';
import type { FileInfo, FileParts, Store } from './types';

/** Bytes per write of a merged file to the store. */
const WRITE_BLOCK_BYTES = 8 << 20;

export const DEFAULT_COMPACTION_TARGET_BYTES = 128 * 1024 * 1024;
export const COMPACTED_DATASETS: readonly Dataset[] = ['raw', 'by_product', 'by_department', 'by_hour', 'by_department_hour', 'by_pair'];
const HOUR_MS = 3_600_000;

export interface CompactionOptions {
  store: Store;
  /** Hour partitions that end at or before this time are closed. */
  closedBefore: number;
  targetBytes?: number;
  datasets?: readonly Dataset[];
  /** Rows per row group of what is re-encoded. */
  rowGroupRows?: number;
  /** Row groups of at least this many rows are copied as they are (COPY_MIN_GROUP_ROWS); Infinity re-encodes everything. */
  copyMinRows?: number;
  log?: Log;
  /** Asked between partitions and between the inputs of a merge: a stop request ends the pass early, with nothing half done. */
  stopRequested?: () => boolean;
}

export interface MergedFile {
  path: string;
  inputs: string[];
  rows: number;
  /** Rows in row groups copied as they are, checked byte for byte. */
  copiedRows: number;
  /** Order-independent checksum of the rows re-encoded. */
  checksum: string;
  bytes: number;
}

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

/** The store's writes of a merged file, in blocks of at least blockBytes: on HDFS each is an APPEND. */
function blockWriter(parts: FileParts, blockBytes = WRITE_BLOCK_BYTES) {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const block = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await parts.append(block);
  };
  return {
    async write(chunks: Uint8Array[]): Promise<void> {
      for (const chunk of chunks) {
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        bytes += chunk.byteLength;
        if (pendingBytes >= blockBytes) await flush();
      }
    },
    close: async (): Promise<void> => {
      await flush();
      await parts.close();
    },
    get bytes() {
      return bytes;
    },
  };
}

interface MergeState {
  appender: ParquetAppender;
  key: string;
  /** Checksum of the rows re-encoded (those of the row groups not copied). */
  inputs: RowChecksum;
  columns: string[];
  /** The copied row groups, by index in the merged file: a digest of their bytes and their description. */
  copied: Map<number, { digest: string; description: string }>;
  copiedRows: number;
}

/**
 * Merges a run of files into one. Row groups of at least copyMinRows rows are copied as they are
 * (parquet-copy.ts); the others are decoded and re-encoded together, in row groups of
 * rowGroupRows. The merged file is written out as it is made, to a temporary name readers skip,
 * then read back from the store and checked, and only then renamed into place: it is never held
 * whole (a raw partition's hour at 500 orders/s is ~100 MB). The check: each copied row group
 * holds the same bytes and says the same about itself as the one it was copied from, and the
 * re-encoded rows have the same count and order-independent checksum. Undefined when a stop was
 * requested while reading the inputs: nothing is left behind then.
 */
async function mergeRun(store: Store, dir: string, run: readonly FileInfo[], sizes: { rowGroupRows: number; copyMinRows: number }, stopRequested: () => boolean): Promise<MergedFile | undefined> {
  const path = `${dir}/${mergedName(run[0]!.path, run[run.length - 1]!.path)}`;
  // Not ending in .parquet: a reader that globs *.parquet never picks it up, half written.
  const temp = `${tempPathFor(path, randomUUID().slice(0, 8))}.tmp`;
  let merged: MergeState | undefined;
  const begin = (schema: ParquetSchema, where: string): MergeState => {
    if (!merged) {
      const columns = schema.slice(1).map((e) => e.name);
      merged = { appender: createParquetAppender(schema, sizes.rowGroupRows), key: parquetSchemaKey(schema), columns, inputs: createRowChecksum(columns), copied: new Map(), copiedRows: 0 };
    } else if (parquetSchemaKey(schema) !== merged.key) {
      throw new WorkbenchError('BAD_PARQUET', `${where} has other columns than ${run[0]!.path}, so they cannot be merged`, { where });
    }
    return merged;
  };
  const parts = await store.writeParts(temp);
  const out = blockWriter(parts);
  try {
    for (const file of run) {
      if (stopRequested()) {
        await parts.discard();
        return undefined;
      }
      const bytes = await store.read(file.path);
      const schema = await readParquetColumns(bytes, file.path, async (group, schema) => {
        const state = begin(schema, file.path);
        state.inputs.add(group);
        state.appender.append(group);
        await out.write(state.appender.drain());
      }, async (group, _index, schema) => {
        const state = begin(schema, file.path);
        if (!copyable(group, sizes.copyMinRows)) return false;
        const { start, end } = groupRange(group);
        state.copied.set(state.appender.copy(bytes, group), { digest: digestOf(bytes.subarray(start, end)), description: describeGroup(group) });
        state.copiedRows += Number(group.num_rows);
        await out.write(state.appender.drain());
        return true;
      });
      begin(schema, file.path);
    }
    const { appender, columns, inputs, copied, copiedRows } = merged!;
    await out.write(appender.finish());
    await out.close();
    const written = storeFile(store, temp, out.bytes);
    const output = createRowChecksum(columns);
    let copiedBack = 0;
    await readParquetColumns(written, temp, (group) => output.add(group), async (group, index) => {
      const expected = copied.get(index);
      if (!expected) return false;
      const { start, end } = groupRange(group);
      if (describeGroup(group) !== expected.description || digestOf(await written.view(start, end)) !== expected.digest) {
        throw new WorkbenchError('BAD_PARQUET', `row group ${index} of ${temp} is not the one copied into it; the inputs are left as they are`, { where: path, retriable: false });
      }
      copiedBack += Number(group.num_rows);
      return true;
    });
    if (copiedBack !== copiedRows || output.rows !== inputs.rows || output.value() !== inputs.value()) {
      throw new WorkbenchError('BAD_PARQUET', `merging ${run.length} files into ${path} would change the data (rows copied ${copiedRows} → ${copiedBack}, re-encoded ${inputs.rows} → ${output.rows}, checksum ${inputs.value()} → ${output.value()}); the inputs are left as they are`, { where: path, retriable: false });
    }
    await store.rename(temp, path);
    // From here on readers skip the inputs; deleting them changes nothing they see.
    for (const file of run) await store.delete(file.path);
    return { path, inputs: run.map((f) => f.path), rows: copiedRows + output.rows, copiedRows, checksum: output.value(), bytes: out.bytes };
  } catch (error) {
    // Once renamed, the temporary name is gone and this deletes nothing.
    await parts.discard();
    throw error;
  }
}

/** One pass over a folder: removes what readers already skip, merges runs of small files. */
async function compactOnce(options: CompactionOptions & { dir: string; files: readonly FileInfo[] }, result: PartitionCompaction): Promise<boolean> {
  const { store, dir, files, closedBefore, log, targetBytes = DEFAULT_COMPACTION_TARGET_BYTES, rowGroupRows = MERGED_ROW_GROUP_ROWS, copyMinRows = COPY_MIN_GROUP_ROWS, stopRequested = () => false } = options;
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
      const file = await mergeRun(store, dir, run, { rowGroupRows, copyMinRows }, stopRequested);
      if (!file) return false;
      log?.info(`compacted ${run.length} files of ${dir} into ${fileName(file.path)} (${file.rows} rows, ${file.copiedRows} of them copied as they were, ${(file.bytes / 1_048_576).toFixed(1)} MB)`);
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
