// A store from its settings: plain data, so a worker thread (compaction-thread.ts) opens its own
// from the settings the pipeline was configured with.
import type { Clock, Log } from '../core/index';
import { createFsStore } from './fs';
import type { Store } from './types';
import { openWebHdfsStore } from './webhdfs';

/** A config's store settings (config/config.ts, `store`). */
export interface StoreSettings {
  kind: 'fs' | 'hdfs';
  dataDir: string;
  namenode: string;
  hdfsPath: string;
  hdfsUser: string;
}

/** The store the settings describe; an HDFS one once its NameNode has answered. */
export async function openStoreOf(settings: StoreSettings, deps: { log: Log; clock: Clock }): Promise<Store> {
  switch (settings.kind) {
    case 'fs':
      return createFsStore({ root: settings.dataDir });
    case 'hdfs':
      return openWebHdfsStore({ namenode: settings.namenode, root: settings.hdfsPath, user: settings.hdfsUser, clock: deps.clock, log: deps.log });
  }
}
