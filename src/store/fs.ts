// The local-filesystem store: the embedded default, rooted at a directory (./data).
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { WorkbenchError } from '../core/index';
import { tempPathFor } from './layout';
import type { FileBytes, FileInfo, Store } from './types';

/** One piece with writeFile, chunks one after the other through a handle: never joined in memory. */
async function writeBytes(path: string, bytes: FileBytes): Promise<void> {
  if (bytes instanceof Uint8Array) return writeFile(path, bytes);
  const file = await open(path, 'w');
  try {
    for (const chunk of bytes) await file.write(chunk);
  } finally {
    await file.close();
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
        const info = await stat(path);
        out.push({ path: relative(root, path).split(sep).join('/'), size: info.size, modified: info.mtimeMs });
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
        await writeBytes(temp, bytes);
        await rename(temp, target);
      } catch (error) {
        // Removing the temporary file fails too when its folder is gone; the write's error is the one to report.
        await rm(temp, { force: true }).catch(() => undefined);
        fail('write', path, error);
      }
    },
    async read(path) {
      try {
        return new Uint8Array(await readFile(full(path)));
      } catch (error) {
        return fail('read', path, error);
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
