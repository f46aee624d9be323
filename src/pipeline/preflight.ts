// Checks made before the pipeline starts, so a run that cannot write fails at once, naming
// the folder, instead of accepting orders it will never store.
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { WorkbenchError } from '../core/index';
import type { Store } from '../store/index';

const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** The nearest existing ancestor of a path (the path itself if it exists). */
async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean }> {
  for (let at = path; ; at = dirname(at)) {
    try {
      return { path: at, isDirectory: (await stat(at)).isDirectory() };
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') throw error;
      if (dirname(at) === at) throw error;
    }
  }
}

/**
 * Creates a local folder one level at a time. Node's recursive mkdir spins for ever where a
 * file system refuses new folders with ENOENT (under /proc, say), so it is not used here.
 */
export async function ensureLocalFolder(dir: string, flag: string): Promise<void> {
  const target = resolve(dir);
  // The message carries the cause's code; the cause itself would repeat it after the advice.
  const fail = (why: string): never => {
    throw new WorkbenchError('STORE_FAILED', `cannot use ${dir} as the ${flag} folder: ${why}. Choose a writable folder with ${flag}`, { where: target, retriable: false });
  };
  let existing: { path: string; isDirectory: boolean };
  try {
    existing = await nearestExisting(target);
  } catch (error) {
    return fail(errorCode(error));
  }
  if (!existing.isDirectory) fail(`${existing.path} is a file, not a folder`);
  const missing: string[] = [];
  for (let at = target; at !== existing.path; at = dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') fail(`could not create ${folder} (${errorCode(error)})`);
    }
  }
}

/** Writes and deletes a small file at the store's root: the folder exists and takes writes. */
export async function probeWritable(store: Store, flag: string): Promise<void> {
  const path = `.write-probe-${process.pid}-${Date.now()}`;
  try {
    await store.write(path, new TextEncoder().encode('probe'));
    await store.delete(path);
  } catch (error) {
    const cause = error instanceof WorkbenchError ? error.message : errorCode(error);
    throw new WorkbenchError('STORE_FAILED', `the ${flag} folder ${store.location} does not take writes: ${cause}. Choose a writable folder with ${flag}`, {
      where: store.location, retriable: false,
    });
  }
}
