// The local-filesystem store: the embedded default, rooted at a directory (./data).
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { WorkbenchError } from '../core/index';
import { tempPathFor } from './layout';
import type { FileInfo, Store } from './types';

/** All of the bytes at the handle's position: a write may take fewer than it was given. */
async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.byteLength;) {
    const { bytesWritten } = await file.write(bytes, at, bytes.byteLength - at);
    if (bytesWritten === 0) throw Object.assign(new Error('the file took no more bytes'), { code: 'ENOSPC' });
    at += bytesWritten;
  }
}

export function createFsStore(options: { root: string }): Store {
  const root = options.root;
  const full = (path: string): string => join(root, ...path.split('/'));
  const fail = (action: string, path: string, error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbenchError('STORE_FAILED', `could not ${action} ${full(path)}: ${code ?? (error as Error).message}`, {
      where: full(path), cause: error, retriable: code === 'EBUSY' || code === 'EAGAIN' || code === 'EMFILE',
    });
  };

  async function walk(dir: string, out: FileInfo[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, out);
      else if (entry.isFile()) {
        const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
          // Renamed or deleted since readdir (a write putting its temporary file in place, a
          // merge deleting its inputs): not there any more, so not listed, as on WebHDFS.
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        if (info) out.push({ path: relative(root, path).split(sep).join('/'), size: info.size, modified: info.mtimeMs });
      }
    }
  }

  return {
    kind: 'fs',
    location: root,
    async write(path, bytes) {
      const target = full(path);
      const temp = full(tempPathFor(path, randomUUID().slice(0, 8)));
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(temp, bytes);
        await rename(temp, target);
      } catch (error) {
        // Removing the temporary file fails too when its folder is gone; the write's error is the one to report.
        await rm(temp, { force: true }).catch(() => undefined);
        fail('write', path, error);
      }
    },
    async writeParts(path) {
      const target = full(path);
      let file: FileHandle | undefined;
      try {
        await mkdir(dirname(target), { recursive: true });
        file = await open(target, 'w');
      } catch (error) {
        fail('write', path, error);
      }
      const handle = file!;
      return {
        async append(bytes) {
          await writeAll(handle, bytes).catch((error: unknown) => fail('write', path, error));
        },
        async close() {
          await handle.close().catch((error: unknown) => fail('write', path, error));
        },
        async discard() {
          await handle.close().catch(() => undefined);
          await rm(target, { force: true }).catch(() => undefined);
        },
      };
    },
    async read(path) {
      try {
        return new Uint8Array(await readFile(full(path)));
      } catch (error) {
        return fail('read', path, error);
      }
    },
    async readRange(path, offset, length) {
      let file: FileHandle | undefined;
      try {
        file = await open(full(path), 'r');
        const out = new Uint8Array(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await file.read(out, filled, length - filled, offset + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === length ? out : out.subarray(0, filled);
      } catch (error) {
        return fail('read', path, error);
      } finally {
        await file?.close().catch(() => undefined);
      }
    },
    async list(directory) {
      const out: FileInfo[] = [];
      try {
        await walk(full(directory), out);
      } catch (error) {
        fail('list', directory, error);
      }
      return out.sort((a, b) => a.path.localeCompare(b.path));
    },
    async exists(path) {
      try {
        await stat(full(path));
        return true;
      } catch {
        return false;
      }
    },
    async rename(from, to) {
      try {
        await mkdir(dirname(full(to)), { recursive: true });
        await rename(full(from), full(to));
      } catch (error) {
        fail('rename', from, error);
      }
    },
    async delete(path) {
      try {
        await rm(full(path), { force: true });
      } catch (error) {
        fail('delete', path, error);
      }
    },
  };
}
