// Which files a flush writes its closed windows to: per dataset, one file per hour partition and
// window size. One window keeps its `window-<start>-<size>s` name; several go to the name a
// compaction would give them, `windows-<first>-<last>-<size>s` (compaction-names.ts), so readers
// and compaction treat the file like a merged one.
// A replay after a crash may flush with other boundaries than the run before it. A window file
// already in the folder is final: the windows it spans are not written again, and a new file never
// straddles one. So files of a folder never overlap, and a rewrite after a crash leaves the files
// that were written, adding only the windows they miss.
import type { ClosedWindow } from '../stream/index';
import { dirName, mergedName, partitionFiles, spanOf, type Span } from './compaction-names';
import { windowFilePath, type Dataset } from './layout';
import type { FileInfo } from './types';

export interface WindowFile {
  path: string;
  windows: ClosedWindow[];
}

const sizeOf = (c: ClosedWindow): number => c.window.end - c.window.start;
const pathOf = (dataset: Dataset, c: ClosedWindow): string => windowFilePath(dataset, c.window.start, sizeOf(c));

/** The hour partition folder of a window's files. */
export const folderOf = (dataset: Dataset, c: ClosedWindow): string => dirName(pathOf(dataset, c));

/** The closed windows of a flush by the folder and window size of their files, each group in start order. */
export function groupWindows(dataset: Dataset, closed: readonly ClosedWindow[]): ClosedWindow[][] {
  const groups = new Map<string, ClosedWindow[]>();
  for (const c of [...closed].sort((a, b) => a.window.start - b.window.start)) {
    const key = `${folderOf(dataset, c)}|${sizeOf(c)}`;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()];
}

/**
 * The files to write one group (one folder, one window size) to, given the files its folder
 * holds now. Windows inside the span of an existing file are left out; a run of windows is cut
 * where an existing file lies between two of them.
 */
export function planWindowFiles(dataset: Dataset, group: readonly ClosedWindow[], existing: readonly FileInfo[]): WindowFile[] {
  if (group.length === 0) return [];
  const spanned = group.map((c) => ({ c, path: pathOf(dataset, c), span: spanOf(pathOf(dataset, c))! }));
  const size = spanned[0]!.span.group;
  const taken = partitionFiles(existing).visible.map((f) => spanOf(f.path)).filter((s): s is Span => s !== undefined && s.group === size);
  const runs: Array<typeof spanned> = [];
  let run: typeof spanned = [];
  for (const w of spanned) {
    if (taken.some((s) => s.lo <= w.span.lo && w.span.lo <= s.hi)) continue;
    const previous = run[run.length - 1];
    if (previous && taken.some((s) => previous.span.lo < s.lo && s.hi < w.span.lo)) {
      runs.push(run);
      run = [];
    }
    run.push(w);
  }
  if (run.length > 0) runs.push(run);
  return runs.map((r) => ({
    path: r.length === 1 ? r[0]!.path : `${dirName(r[0]!.path)}/${mergedName(r[0]!.path, r[r.length - 1]!.path)}`,
    windows: r.map((w) => w.c),
  }));
}
