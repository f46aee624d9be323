// Talks to the real HDFS with plain fetch, sharing no code with src/store/webhdfs.ts, so tests can
// check what the store left there: list over WebHDFS, download, and clean up afterwards.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

export const NAMENODE = process.env.HDFS_TEST_NAMENODE ?? 'http://127.0.0.1:9870';
const api = (path: string, op: string, extra = '') => `${NAMENODE}/webhdfs/v1${path}?op=${op}&user.name=purchase-trends-test${extra}`;

interface Status { pathSuffix: string; type: string; length: number }

/** Every file below an HDFS folder, as paths relative to it, with sizes. */
export async function listHdfs(dir: string): Promise<Array<{ path: string; size: number }>> {
  const res = await fetch(api(dir, 'LISTSTATUS'));
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`LISTSTATUS ${dir}: HTTP ${res.status} ${await res.text()}`);
  const { FileStatuses } = (await res.json()) as { FileStatuses: { FileStatus: Status[] } };
  const out: Array<{ path: string; size: number }> = [];
  for (const s of FileStatuses.FileStatus) {
    if (s.type === 'DIRECTORY') out.push(...(await listHdfs(`${dir}/${s.pathSuffix}`)).map((f) => ({ ...f, path: `${s.pathSuffix}/${f.path}` })));
    else out.push({ path: s.pathSuffix, size: s.length });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Downloads an HDFS folder's files into a local folder (OPEN, following the DataNode redirect). */
export async function downloadHdfs(dir: string, to: string): Promise<string[]> {
  const files = await listHdfs(dir);
  for (const file of files) {
    const res = await fetch(api(`${dir}/${file.path}`, 'OPEN'));
    if (!res.ok) throw new Error(`OPEN ${dir}/${file.path}: HTTP ${res.status}`);
    await mkdir(dirname(join(to, file.path)), { recursive: true });
    await writeFile(join(to, file.path), new Uint8Array(await res.arrayBuffer()));
  }
  return files.map((f) => f.path);
}

export async function deleteHdfs(path: string): Promise<void> {
  await fetch(api(path, 'DELETE', '&recursive=true'), { method: 'DELETE' });
}

/** A fresh HDFS folder for one test file, removed after it. */
export function hdfsTestRoot(label: string): string {
  const root = `/purchase-trends-test/${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  afterAll(() => deleteHdfs(root));
  return root;
}
