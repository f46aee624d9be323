// The store port: a tree of files under one root, the same layout on the local filesystem
// and on HDFS. Writes are atomic (temporary name, then rename), so a reader never sees half a file.

export interface FileInfo {
  /** Relative to the store's root, with forward slashes. */
  path: string;
  size: number;
  modified: number;
}

/**
 * A file's bytes: in one piece, or as chunks written one after the other (a merged file of
 * compaction, built in chunks: joining them would hold it twice).
 */
export type FileBytes = Uint8Array | readonly Uint8Array[];

export const byteLengthOf = (bytes: FileBytes): number =>
  bytes instanceof Uint8Array ? bytes.byteLength : bytes.reduce((n, chunk) => n + chunk.byteLength, 0);

export interface Store {
  readonly kind: 'fs' | 'webhdfs';
  /** Where it is, for messages: a directory or a WebHDFS URL. */
  readonly location: string;
  write(path: string, bytes: FileBytes): Promise<void>;
  read(path: string): Promise<Uint8Array>;
  /** Files below a directory, recursively; empty when it does not exist. */
  list(directory: string): Promise<FileInfo[]>;
  exists(path: string): Promise<boolean>;
  /** Moves a file over another atomically; used by compaction. */
  rename(from: string, to: string): Promise<void>;
  delete(path: string): Promise<void>;
}
