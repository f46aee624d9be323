// The store contract and the WebHDFS specifics, against the real NameNode and DataNode.
import { describe, expect, it } from 'vitest';
import { createWebHdfsStore, systemClock } from '../../../src/index';
import { storeContract } from '../../contract/store.contract';
import { hdfsTestRoot, listHdfs, NAMENODE } from './webhdfs-direct';

const root = hdfsTestRoot('contract');
const open = (overrides: Partial<Parameters<typeof createWebHdfsStore>[0]> = {}) =>
  createWebHdfsStore({ namenode: NAMENODE, root, user: 'purchase-trends-test', clock: systemClock, ...overrides });

storeContract('webhdfs', async () => open());

describe('WebHDFS store on a real HDFS', () => {
  it('puts the tree under its root folder, where plain WebHDFS lists it', async () => {
    const store = open();
    await store.write('purchase-analytics/raw/dt=2026-11-24/hour=09/part-0-0-9.parquet', new Uint8Array([1, 2, 3]));
    expect(await listHdfs(`${root}/purchase-analytics`)).toEqual([{ path: 'raw/dt=2026-11-24/hour=09/part-0-0-9.parquet', size: 3 }]);
    expect(store.location).toBe(`${NAMENODE}/webhdfs/v1${root}`);
  });

  it('moves a file into a folder that does not exist yet', async () => {
    const store = open();
    await store.write('mv/a.parquet', new Uint8Array([7]));
    await store.rename('mv/a.parquet', 'mv/new/deeper/b.parquet');
    expect(await store.read('mv/new/deeper/b.parquet')).toEqual(new Uint8Array([7]));
    expect(await store.exists('mv/a.parquet')).toBe(false);
  });

  it('passes a RemoteException on with the HDFS path and the URL, without retrying it', async () => {
    const warnings: string[] = [];
    const store = open({ log: { debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: () => {} } });
    await store.write('blocker', new Uint8Array([1]));
    // A file where a folder should be: HDFS refuses to create below it.
    const error = await store.write('blocker/child.parquet', new Uint8Array([1])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_FAILED', retriable: false, message: expect.stringMatching(/ParentNotDirectoryException|FileAlreadyExistsException|not a directory/i) });
    expect(String((error as Error).message)).toContain(`could not write ${root}/blocker/child.parquet`);
    // The NameNode or the DataNode it redirected to may be the one that refuses.
    expect((error as { where: string }).where).toMatch(new RegExp(`^${root}/blocker/\\S+ \\(http://127\\.0\\.0\\.1:\\d+/webhdfs/v1${root}/blocker/`));
    expect(warnings).toEqual([]);
  });

  it('names the NameNode URL when it cannot be reached, after retrying', async () => {
    const warnings: string[] = [];
    const store = createWebHdfsStore({
      namenode: 'http://127.0.0.1:9', root, user: 'x', clock: systemClock, retries: 2, initialDelayMs: 10,
      log: { debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: () => {} },
    });
    await expect(store.probe()).rejects.toMatchObject({ code: 'UNREACHABLE', message: expect.stringContaining('cannot reach the HDFS NameNode at http://127.0.0.1:9') });
    expect(warnings).toHaveLength(2);
  });
});
