// Local copies of stored files for DuckDB to read. The local store's files are read where they
// are. HDFS files are downloaded over WebHDFS into a mirror folder, a few at a time, and kept
// while their size and modification time stay the same, so a server answering many queries
// downloads each file once. (DuckDB's httpfs extension cannot be installed here: DuckDB fetches
// extensions from its own site, outside the package registries; see the README.)
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FileInfo, Store } from '../store/index';

export interface LocalFiles {
  /** The local path of each stored file, in the same order; downloads what is missing. */
  localize(files: readonly FileInfo[]): Promise<string[]>;
  /** Folders that hold every local path this gives out (what DuckDB may read). */
  readonly directories: string[];
  /** Deletes mirrored copies, below one of the folders, of files no longer stored (not in `keep`). */
  prune(folders: readonly string[], keep: ReadonlySet<string>): Promise<void>;
  readonly stats: { downloads: number; bytes: number; reused: number };
}

export function createLocalFiles(store: Store, options: { mirrorDir: string; concurrency?: number }): LocalFiles {
  const stats = { downloads: 0, bytes: 0, reused: 0 };
  if (store.kind === 'fs') {
    const root = resolve(store.location);
    return {
      stats,
      directories: [root],
      localize: async (files) => files.map((f) => join(root, ...f.path.split('/'))),
      prune: async () => undefined,
    };
  }
  const mirror = resolve(options.mirrorDir);
  const concurrency = options.concurrency ?? 8;
  /** Stored path → the copy of one version of it (size and time), or its download under way. */
  const copies = new Map<string, { version: string; ready: Promise<string> }>();
  const versionOf = (f: FileInfo): string => `${f.size}@${f.modified}`;

  const download = async (file: FileInfo): Promise<string> => {
    const local = join(mirror, ...file.path.split('/'));
    const bytes = await store.read(file.path);
    await mkdir(dirname(local), { recursive: true });
    await writeFile(local, bytes);
    stats.downloads++;
    stats.bytes += bytes.byteLength;
    return local;
  };

  const copyOf = (file: FileInfo, start: (work: () => Promise<string>) => Promise<string>): Promise<string> => {
    const known = copies.get(file.path);
    if (known && known.version === versionOf(file)) {
      stats.reused++;
      return known.ready;
    }
    const ready = start(() => download(file));
    copies.set(file.path, { version: versionOf(file), ready });
    // A failed download is tried again next time.
    ready.catch(() => copies.get(file.path)?.ready === ready && copies.delete(file.path));
    return ready;
  };

  return {
    stats,
    directories: [mirror],
    async localize(files) {
      // A small pool: at most `concurrency` downloads of this call at once.
      const queue: Array<() => void> = [];
      let running = 0;
      const start = (work: () => Promise<string>): Promise<string> => new Promise<string>((done, fail) => {
        const go = (): void => {
          running++;
          work().then(done, fail).finally(() => {
            running--;
            queue.shift()?.();
          });
        };
        if (running < concurrency) go();
        else queue.push(go);
      });
      return Promise.all(files.map((f) => copyOf(f, start)));
    },
    async prune(folders, keep) {
      for (const [path, copy] of [...copies]) {
        if (keep.has(path) || !folders.some((folder) => path.startsWith(`${folder}/`))) continue;
        copies.delete(path);
        const local = await copy.ready.catch(() => undefined);
        if (local) await rm(local, { force: true });
      }
    },
  };
}
