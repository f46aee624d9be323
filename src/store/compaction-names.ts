// What a data file covers, read from its name, and which files a reader should see.
// A file name says what it holds: `part-<p>-<first>-<last>` holds the order lines of source
// partition p, offsets first..last, whose event time falls in the file's hour, and a compacted
// `parts-<p>-<first>-<last>` the same for a longer range; `window-<start>-<size>s` holds one
// window, and a compacted `windows-<first>-<last>-<size>s` every window of that size starting
// from first to last. So a file whose span another file of the same group covers holds
// nothing that one does not: it is superseded, and readers skip it. That is how a compacted file
// replaces its inputs in one step: the moment it is renamed into place, its inputs are superseded,
// and deleting them afterwards changes nothing a reader sees. No manifest is needed.
import { isDataFile } from './layout';
import type { FileInfo } from './types';

export interface Span {
  /** Files merge only within a group: a source partition, or a window size. */
  group: string;
  lo: number;
  hi: number;
  /** lo and hi as written in the name, to name a merged file. */
  loText: string;
  hiText: string;
  compacted: boolean;
}

const RAW = /^(parts?)-(\d+)-(\d+)-(\d+)\.parquet$/;
const WINDOW = /^window-(\d{8}T\d{6})-(\d+s)\.parquet$/;
const WINDOWS = /^windows-(\d{8}T\d{6})-(\d{8}T\d{6})-(\d+s)\.parquet$/;

/** 20261124T060500 orders like the time it stands for. */
const stampValue = (stamp: string): number => Number(stamp.replace('T', ''));

export const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
export const dirName = (path: string): string => path.slice(0, path.lastIndexOf('/'));

/** The span of a data file of the layout, or undefined for any other name. */
export function spanOf(path: string): Span | undefined {
  const name = fileName(path);
  let m = RAW.exec(name);
  if (m) return { group: `partition ${m[2]}`, lo: Number(m[3]), hi: Number(m[4]), loText: m[3]!, hiText: m[4]!, compacted: m[1] === 'parts' };
  m = WINDOW.exec(name);
  if (m) return { group: m[2]!, lo: stampValue(m[1]!), hi: stampValue(m[1]!), loText: m[1]!, hiText: m[1]!, compacted: false };
  m = WINDOWS.exec(name);
  if (m) return { group: m[3]!, lo: stampValue(m[1]!), hi: stampValue(m[2]!), loText: m[1]!, hiText: m[2]!, compacted: true };
  return undefined;
}

/** The name of the file that merges files first..last of one group (sorted by span). */
export function mergedName(first: string, last: string): string {
  const a = spanOf(first)!;
  const b = spanOf(last)!;
  const raw = RAW.exec(fileName(first));
  return raw ? `parts-${raw[2]}-${a.loText}-${b.hiText}.parquet` : `windows-${a.loText}-${b.hiText}-${a.group}.parquet`;
}

/** Whether x holds nothing that y does not. Equal spans: the compacted name wins, then the first name. */
function covers(y: { path: string; span: Span }, x: { path: string; span: Span }): boolean {
  if (x.path === y.path || x.span.group !== y.span.group || y.span.lo > x.span.lo || x.span.hi > y.span.hi) return false;
  if (y.span.lo < x.span.lo || x.span.hi < y.span.hi) return true;
  if (y.span.compacted !== x.span.compacted) return y.span.compacted;
  return fileName(y.path) < fileName(x.path);
}

/**
 * Splits the data files of ONE folder into the ones a reader should read and the superseded ones.
 * Temporary files and names outside the layout's patterns are not data (see isDataFile) or are
 * always read.
 */
export function partitionFiles<F extends Pick<FileInfo, 'path'>>(files: readonly F[]): { visible: F[]; superseded: F[] } {
  const spanned = files.filter((f) => isDataFile(f.path)).map((file) => ({ file, path: file.path, span: spanOf(file.path) }));
  const known = spanned.filter((f): f is typeof f & { span: Span } => f.span !== undefined);
  const visible: F[] = [];
  const superseded: F[] = [];
  for (const f of spanned) {
    if (f.span && known.some((other) => covers(other, f as typeof other))) superseded.push(f.file);
    else visible.push(f.file);
  }
  return { visible, superseded };
}

/** partitionFiles over files of any number of folders, each folder on its own. */
export function partitionFolders<F extends Pick<FileInfo, 'path'>>(files: readonly F[]): { visible: F[]; superseded: F[] } {
  const byDir = new Map<string, F[]>();
  for (const f of files) {
    const dir = dirName(f.path);
    const list = byDir.get(dir);
    if (list) list.push(f);
    else byDir.set(dir, [f]);
  }
  const parts = [...byDir.values()].map((list) => partitionFiles(list));
  return { visible: parts.flatMap((p) => p.visible), superseded: parts.flatMap((p) => p.superseded) };
}

/** The files a reader should read, from a listing of any number of folders. */
export const visibleFiles = <F extends Pick<FileInfo, 'path'>>(files: readonly F[]): F[] => partitionFolders(files).visible;
