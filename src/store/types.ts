// The store port: a tree of files under one root, the same layout on the local filesystem
// and on HDFS. Writes are atomic (temporary name, then rename), so a reader never sees half a file.

export interface FileInfo {
  /** Relative to the store's root, with forward slashes. */
  path: string;
  size: number;
  modified: number;
}

/** A file being written part after part (see Store.writeParts). */
export interface FileParts {
  /** Adds the bytes at the end of the file. */
  append(bytes: Uint8Array): Promise<void>;
  /** Ends the file: it is complete at its path. */
  close(): Promise<void>;
  /** Ends and deletes it, reporting nothing (a merge that failed or was stopped). */
  discard(): Promise<void>;
}

export interface Store {
  readonly kind: 'fs' | 'webhdfs';
  /** Where it is, for messages: a directory or a WebHDFS URL. */
  readonly location: string;
  write(path: string, bytes: Uint8Array): Promise<void>;
  /**
   * Writes a file part after part, straight at `path`: not atomic, so only for names readers skip
   * (_tmp.*), which the caller renames into place once checked. Compaction streams a merged file
   * this way instead of holding it.
   */
  writeParts(path: string): Promise<FileParts>;
  read(path: string): Promise<Uint8Array>;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Files below a directory, recursively; empty when it does not exist. */
  list(directory: string): Promise<FileInfo[]>;
  exists(path: string): Promise<boolean>;
  /** Moves a file over another atomically; used by compaction. */
  rename(from: string, to: string): Promise<void>;
  delete(path: string): Promise<void>;
}
