// Talks to the real HDFS with plain fetch, sharing no code with src/store/webhdfs.ts, so tests can
// check what the store left there: list over WebHDFS, download, and clean up afterwards.
import { afterAll } from 'vitest';
import { downloadHdfsFiles, listHdfsFiles, webhdfsUrl } from '../../helpers/webhdfs-files';

export const NAMENODE = process.env.HDFS_TEST_NAMENODE ?? 'http://127.0.0.1:9870';
const api = (path: string, op: string, extra = '') => webhdfsUrl(NAMENODE, path, op, extra);

/** Every file below an HDFS folder, as paths relative to it, with sizes. */
export const listHdfs = (dir: string): Promise<Array<{ path: string; size: number }>> => listHdfsFiles(NAMENODE, dir);

/** Downloads an HDFS folder's files into a local folder (OPEN, following the DataNode redirect). */
export const downloadHdfs = (dir: string, to: string): Promise<string[]> => downloadHdfsFiles(NAMENODE, dir, to);

export async function deleteHdfs(path: string): Promise<void> {
  await fetch(api(path, 'DELETE', '&recursive=true'), { method: 'DELETE' });
}

/** A fresh HDFS folder for one test file, removed after it. */
export function hdfsTestRoot(label: string): string {
  const root = `/purchase-trends-test/${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  afterAll(() => deleteHdfs(root));
  return root;
}
