// Lists and downloads HDFS folders with plain fetch over WebHDFS, sharing no code with
// src/store/webhdfs.ts, so tests and the chaos bench can check what the store left there.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** namenode: http://host:port of the NameNode's HTTP server. */
export const webhdfsUrl = (namenode: string, path: string, op: string, extra = ''): string =>
  `${namenode}/webhdfs/v1${path}?op=${op}&user.name=purchase-trends-test${extra}`;

interface Status { pathSuffix: string; type: string; length: number }

/** Every file below an HDFS folder, as paths relative to it, with sizes. */
export async function listHdfsFiles(namenode: string, dir: string): Promise<Array<{ path: string; size: number }>> {
  const res = await fetch(webhdfsUrl(namenode, dir, 'LISTSTATUS'));
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`LISTSTATUS ${dir}: HTTP ${res.status} ${await res.text()}`);
  const { FileStatuses } = (await res.json()) as { FileStatuses: { FileStatus: Status[] } };
  const out: Array<{ path: string; size: number }> = [];
  for (const s of FileStatuses.FileStatus) {
    if (s.type === 'DIRECTORY') out.push(...(await listHdfsFiles(namenode, `${dir}/${s.pathSuffix}`)).map((f) => ({ ...f, path: `${s.pathSuffix}/${f.path}` })));
    else out.push({ path: s.pathSuffix, size: s.length });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Downloads an HDFS folder's files into a local folder (OPEN, following the DataNode redirect). */
export async function downloadHdfsFiles(namenode: string, dir: string, to: string): Promise<string[]> {
  const files = await listHdfsFiles(namenode, dir);
  for (const file of files) {
    const res = await fetch(webhdfsUrl(namenode, `${dir}/${file.path}`, 'OPEN'));
    if (!res.ok) throw new Error(`OPEN ${dir}/${file.path}: HTTP ${res.status}`);
    await mkdir(dirname(join(to, file.path)), { recursive: true });
    await writeFile(join(to, file.path), new Uint8Array(await res.arrayBuffer()));
  }
  return files.map((f) => f.path);
}
