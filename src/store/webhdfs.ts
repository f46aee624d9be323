// The HDFS store, over WebHDFS: the only module that speaks the WebHDFS REST protocol.
// - A write is a two-step CREATE (the NameNode answers 307 with a DataNode address, the bytes go
//   there) to a temporary name in the same folder, then RENAME with renameoptions=OVERWRITE. That
//   parameter is WebHDFS's own (Hadoop's WebHdfsFileSystem sends it) and maps to the NameNode's
//   rename2: replacing the destination is one atomic namespace operation, so a reader sees the old
//   file or the new one, never neither. A plain RENAME refuses an existing destination, and
//   delete-then-rename would leave a moment with no file at all.
// - Each call is retried with backoff when retrying can help: connection failures, timeouts, 5xx,
//   and the NameNode's SafeMode/Standby/Retriable exceptions. Any other RemoteException becomes a
//   STORE_FAILED error naming the HDFS path and the URL.
import { randomUUID } from 'node:crypto';
import { type Clock, WorkbenchError, type WorkbenchErrorOptions, type Log, withRetry } from '../core/index';
import { HttpConnectionError, httpRequest, type HttpRequest, type HttpResponse } from './http-request';
import { tempPathFor } from './layout';
import type { FileInfo, Store } from './types';

export interface WebHdfsOptions {
  /** The NameNode's HTTP address, e.g. http://127.0.0.1:9870. */
  namenode: string;
  /** The HDFS folder that holds the store's tree (default /). */
  root?: string;
  /** Sent as user.name (simple authentication). */
  user: string;
  clock: Clock;
  log?: Log;
  retries?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

export interface WebHdfsStore extends Store {
  /** Fails, naming the URL, when the NameNode cannot be reached (after retries). */
  probe(): Promise<void>;
}

/** RemoteExceptions after which the same call may succeed: the NameNode is starting, failing over or busy. */
const RETRIABLE_REMOTE: ReadonlySet<string> = new Set([
  'SafeModeException', 'RetriableException', 'StandbyException', 'ObserverRetryOnActiveException',
  'NotReplicatedYetException', 'ServerTooBusyException',
]);
/** Connection failures that waiting cannot cure. */
const PERMANENT_CONNECTION: ReadonlySet<string> = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'EPROTO']);

type Op = 'CREATE' | 'APPEND' | 'OPEN' | 'LISTSTATUS' | 'GETFILESTATUS' | 'RENAME' | 'DELETE' | 'MKDIRS';
interface FileStatus { pathSuffix: string; type: 'FILE' | 'DIRECTORY' | 'SYMLINK'; length: number; modificationTime: number }

class RemoteError extends WorkbenchError {
  constructor(readonly exception: string | undefined, message: string, options: WorkbenchErrorOptions) {
    super('STORE_FAILED', message, options);
  }
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');
const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

function remoteException(body: Buffer): { exception: string; message: string } | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { RemoteException?: { exception: string; message: string } };
    return parsed.RemoteException;
  } catch {
    return undefined;
  }
}

export function createWebHdfsStore(options: WebHdfsOptions): WebHdfsStore {
  const namenode = options.namenode.replace(/\/+$/, '');
  const root = `/${(options.root ?? '/').replace(/^\/+|\/+$/g, '')}`.replace(/\/$/, '');
  const { user, clock, log, retries = 3, initialDelayMs = 200, maxDelayMs = 5_000, timeoutMs = 30_000 } = options;
  const hdfsPath = (path: string): string => `${root}/${path.replace(/^\/+|\/+$/g, '')}`.replace(/\/$/, '') || '/';
  const relative = (full: string): string => full.slice(root.length + 1);
  const shown = (op: Op, path: string): string => `${namenode}/webhdfs/v1${encodePath(path)}?op=${op}`;
  const where = (op: Op, path: string, url?: string): string => `${path} (${url ?? shown(op, path)})`;

  const retrying = <T>(what: string, work: () => Promise<T>): Promise<T> =>
    withRetry(work, {
      clock, retries, initialDelayMs, maxDelayMs,
      onRetry: (error, attempt, delay) => log?.warn(`${what} failed (attempt ${attempt}), retrying in ${delay} ms: ${(error as Error).message}`),
    });

  async function send(op: Op, path: string, method: HttpRequest['method'], url: string, body?: Uint8Array): Promise<HttpResponse> {
    try {
      return await httpRequest({ method, url, body, timeoutMs });
    } catch (error) {
      if (!(error instanceof HttpConnectionError)) throw error;
      const origin = new URL(url).origin;
      const role = origin === new URL(namenode).origin ? 'NameNode' : 'DataNode';
      throw new WorkbenchError('UNREACHABLE',
        `cannot reach the HDFS ${role} at ${origin} (WebHDFS ${op} of ${path}): ${error.message.includes(error.code) ? error.message : `${error.code} ${error.message}`}. ` +
        'Check that HDFS is running (bash scripts/services.sh up hdfs) and that --namenode / HDFS_NAMENODE points at its NameNode',
        { where: where(op, path, role === 'NameNode' ? undefined : url.split('?')[0]), retriable: !PERMANENT_CONNECTION.has(error.code) });
    }
  }

  function fail(op: Op, path: string, res: HttpResponse, url?: string): never {
    const remote = remoteException(res.body);
    const what = remote ? `${remote.exception}: ${remote.message}` : res.body.toString('utf8', 0, 200).trim() || 'no details';
    throw new RemoteError(remote?.exception, `WebHDFS ${op} of ${path} failed: ${what} (HTTP ${res.status} from ${url?.split('?')[0] ?? shown(op, path)})`, {
      where: where(op, path, url?.split('?')[0]),
      retriable: res.status >= 500 || (remote !== undefined && RETRIABLE_REMOTE.has(remote.exception)),
    });
  }

  /** One request to the NameNode; a status outside `expect` is an error. */
  async function call(op: Op, method: HttpRequest['method'], path: string, params: Record<string, string> = {}, expect = [200]): Promise<HttpResponse> {
    const query = new URLSearchParams({ op, 'user.name': user, ...params });
    const res = await send(op, path, method, `${namenode}/webhdfs/v1${encodePath(path)}?${query}`);
    if (!expect.includes(res.status)) fail(op, path, res);
    return res;
  }

  /** Follows a 307 to the DataNode by hand: CREATE and APPEND must not send their bytes to the NameNode. */
  async function viaDataNode(op: 'CREATE' | 'APPEND' | 'OPEN', path: string, first: HttpResponse, method: HttpRequest['method'], expect: number, body?: Uint8Array): Promise<HttpResponse> {
    const location = first.headers.location;
    if (!location) throw new WorkbenchError('STORE_FAILED', `WebHDFS ${op} of ${path}: the NameNode answered ${first.status} without a DataNode address`, { where: where(op, path) });
    const res = await send(op, path, method, location, body);
    if (res.status !== expect) fail(op, path, res, location);
    return res;
  }

  const create = async (path: string, bytes: Uint8Array): Promise<void> => {
    const first = await call('CREATE', 'PUT', path, { overwrite: 'true' }, [307]);
    await viaDataNode('CREATE', path, first, 'PUT', 201, bytes);
  };

  /** The file's length in bytes; undefined when there is no such file. */
  async function lengthOf(path: string): Promise<number | undefined> {
    const res = await retrying(`WebHDFS GETFILESTATUS of ${path}`, () => call('GETFILESTATUS', 'GET', path, {}, [200, 404]));
    return res.status === 200 ? (JSON.parse(res.body.toString('utf8')) as { FileStatus: FileStatus }).FileStatus.length : undefined;
  }
  const exists = async (path: string): Promise<boolean> => (await lengthOf(path)) !== undefined;

  /**
   * APPEND is not idempotent: when an attempt's answer was lost, the bytes may be in the file
   * already. The file's length tells: grown by them means done, unchanged means send again.
   */
  async function appendOnce(path: string, bytes: Uint8Array, lengthBefore: number): Promise<void> {
    let sent = false;
    await retrying(`WebHDFS APPEND to ${path}`, async () => {
      if (sent) {
        const now = await lengthOf(path);
        if (now === lengthBefore + bytes.byteLength) return;
        if (now !== lengthBefore) {
          throw new WorkbenchError('STORE_FAILED', `WebHDFS APPEND to ${path}: the file holds ${now ?? 'no'} bytes, neither the ${lengthBefore} before the append nor the ${lengthBefore + bytes.byteLength} after it`, { where: where('APPEND', path), retriable: false });
        }
      }
      sent = true;
      const first = await call('APPEND', 'POST', path, {}, [307]);
      await viaDataNode('APPEND', path, first, 'POST', 200, bytes);
    });
  }

  async function renameOver(from: string, to: string): Promise<void> {
    // When an attempt's answer was lost, the rename may have happened: a missing source with the
    // destination in place then means done. (Sources here are unique temporary or input names.)
    let uncertain = false;
    await retrying(`WebHDFS RENAME of ${from}`, async () => {
      try {
        const res = await call('RENAME', 'PUT', from, { destination: to, renameoptions: 'OVERWRITE' });
        if (res.body.toString('utf8').includes('"boolean":false')) {
          throw new WorkbenchError('STORE_FAILED', `WebHDFS RENAME of ${from} to ${to} was refused: this WebHDFS ignores renameoptions=OVERWRITE`, { where: where('RENAME', from), retriable: false });
        }
      } catch (error) {
        if (uncertain && error instanceof RemoteError && error.exception === 'FileNotFoundException' && (await exists(to))) return;
        if ((error as WorkbenchError).retriable) uncertain = true;
        throw error;
      }
    });
  }

  const remove = (path: string): Promise<unknown> =>
    retrying(`WebHDFS DELETE of ${path}`, () => call('DELETE', 'DELETE', path, { recursive: 'false' }));

  async function walk(dir: string, out: FileInfo[]): Promise<void> {
    const res = await retrying(`WebHDFS LISTSTATUS of ${dir}`, () => call('LISTSTATUS', 'GET', dir, {}, [200, 404]));
    if (res.status === 404) return;
    const statuses = (JSON.parse(res.body.toString('utf8')) as { FileStatuses: { FileStatus: FileStatus[] } }).FileStatuses.FileStatus;
    const subdirs: string[] = [];
    for (const s of statuses) {
      // LISTSTATUS of a file answers with the file itself and an empty suffix.
      const full = s.pathSuffix ? `${dir === '/' ? '' : dir}/${s.pathSuffix}` : dir;
      if (s.type === 'DIRECTORY') subdirs.push(full);
      else if (s.type === 'FILE') out.push({ path: relative(full), size: s.length, modified: s.modificationTime });
    }
    // The HTTP agent caps the parallel requests (16 sockets).
    await Promise.all(subdirs.map((sub) => walk(sub, out)));
  }

  /** A write's error, saying which file it was for. */
  const writeFailed = (target: string, error: unknown): never => {
    if (!(error instanceof WorkbenchError)) throw error;
    throw new WorkbenchError(error.code, `could not write ${target}: ${error.message}`, { where: error.where, retriable: error.retriable, cause: error.cause });
  };

  // Temporary files whose removal failed (the NameNode was away); removed after the next good write.
  const orphans = new Set<string>();
  const removeOrphans = async (): Promise<void> => {
    for (const temp of orphans) {
      await call('DELETE', 'DELETE', temp).then(() => orphans.delete(temp), () => undefined);
    }
  };

  return {
    kind: 'webhdfs',
    location: `${namenode}/webhdfs/v1${root || '/'}`,
    async write(path, bytes) {
      const target = hdfsPath(path);
      // Not ending in .parquet: a reader that globs *.parquet never picks up a leftover one.
      const temp = `${hdfsPath(tempPathFor(path, randomUUID().slice(0, 8)))}.tmp`;
      try {
        await retrying(`WebHDFS CREATE of ${temp}`, () => create(temp, bytes));
        await renameOver(temp, target);
        if (orphans.size > 0) await removeOrphans();
      } catch (error) {
        await call('DELETE', 'DELETE', temp).catch(() => orphans.add(temp));
        writeFailed(target, error);
      }
    },
    async writeParts(path) {
      const full = hdfsPath(path);
      let length: number | undefined;
      const failed = (error: unknown): never => writeFailed(full, error);
      const add = async (bytes: Uint8Array): Promise<void> => {
        if (length === undefined) await retrying(`WebHDFS CREATE of ${full}`, () => create(full, bytes));
        else await appendOnce(full, bytes, length);
        length = (length ?? 0) + bytes.byteLength;
      };
      return {
        append: (bytes) => add(bytes).catch(failed),
        // Each CREATE and APPEND closes the file on the DataNode: there is nothing left to end, unless nothing was written.
        close: () => (length === undefined ? add(new Uint8Array(0)).catch(failed) : Promise.resolve()),
        async discard() {
          await remove(full).catch(() => orphans.add(full));
        },
      };
    },
    async readRange(path, offset, length) {
      const full = hdfsPath(path);
      const range = { offset: String(offset), length: String(length) };
      return retrying(`WebHDFS OPEN of ${full}`, async () => {
        const first = await call('OPEN', 'GET', full, range, [307, 200]);
        const res = first.status === 200 ? first : await viaDataNode('OPEN', full, first, 'GET', 200);
        return new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength);
      });
    },
    async read(path) {
      const full = hdfsPath(path);
      return retrying(`WebHDFS OPEN of ${full}`, async () => {
        const first = await call('OPEN', 'GET', full, {}, [307, 200]);
        const res = first.status === 200 ? first : await viaDataNode('OPEN', full, first, 'GET', 200);
        return new Uint8Array(res.body);
      });
    },
    async list(directory) {
      const out: FileInfo[] = [];
      await walk(hdfsPath(directory), out);
      return out.sort((a, b) => a.path.localeCompare(b.path));
    },
    exists: (path) => exists(hdfsPath(path)),
    async rename(from, to) {
      const target = hdfsPath(to);
      // rename2 needs the destination's folder to exist.
      await retrying(`WebHDFS MKDIRS of ${parentOf(target)}`, () => call('MKDIRS', 'PUT', parentOf(target)));
      await renameOver(hdfsPath(from), target);
    },
    async delete(path) {
      await remove(hdfsPath(path));
    },
    async probe() {
      await retrying(`WebHDFS GETFILESTATUS of ${root || '/'}`, () => call('GETFILESTATUS', 'GET', root || '/', {}, [200, 404]));
    },
  };
}

/** A WebHDFS store whose NameNode has answered. */
export async function openWebHdfsStore(options: WebHdfsOptions): Promise<WebHdfsStore> {
  const store = createWebHdfsStore(options);
  await store.probe();
  return store;
}
