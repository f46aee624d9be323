// The door of store/: Parquet on a local folder or on HDFS: layout, tables, history, compaction.
// Other folders import from here; files of this folder import each other directly.
export { compactClosedHours, hourOfPartition } from './compaction';
export type { CompactionOptions, PartitionCompaction } from './compaction';
export { COPY_MIN_GROUP_ROWS } from './parquet-copy';
export { dirName } from './compaction-names';
export { startAutoCompaction } from './compaction-schedule';
export type { AutoCompaction, CompactionPass, CompactionPassRequest } from './compaction-schedule';
export { compactionInThread, DEFAULT_COMPACTION_THREAD_HEAP_MB, runCompactionThread } from './compaction-thread';
export { createFsStore } from './fs';
export { createHistoryWriter } from './history';
export type { HistoryWriterOptions } from './history';
export { rawEncoderInThread, RAW_ENCODER_THREAD_HEAP_MB, runRawEncoderThread } from './raw-encoder-thread';
export type { RawEncoder } from './raw-encoder-thread';
export { createHistoryReader } from './history-reader';
export { DATASET_DIRS, hourPartition, ROOT } from './layout';
export { openStoreOf } from './open';
export type { StoreSettings } from './open';
export type { Dataset } from './layout';
export { encodeDepartmentHours, encodeDepartments, encodeHours, encodePairs, encodeProducts, encodeRaw, fillRawColumns, MERGED_ROW_GROUP_ROWS } from './tables';
export type { RawColumns, RawRecord } from './tables';
export type { FileInfo, FileParts, Store } from './types';
export { expectedWindowFile, verifyStore } from './verify';
export type { Mismatch, VerifyReport } from './verify';
export { createWebHdfsStore, openWebHdfsStore } from './webhdfs';
