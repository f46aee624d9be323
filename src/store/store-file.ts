// A file in the store as hyparquet's AsyncBuffer, read by range: a merged file is checked where it
// was written, and never held whole. hyparquet asks for each column chunk on its own, so reads go
// in blocks, the last of which is kept.
import type { AsyncBuffer } from 'hyparquet';
import { WorkbenchError } from '../core/index';
import type { Store } from './types';

export const STORE_FILE_BLOCK_BYTES = 8 << 20;

/** An ArrayBuffer of exactly these bytes, copied only when they are a view on a larger one. */
const own = (bytes: Uint8Array): ArrayBuffer =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);

export interface StoreFile extends AsyncBuffer {
  /**
   * The bytes from start to end without a copy: a view on the block they lie in (read first if
   * need be; a range as large as a block is read on its own). For bytes that are only looked at,
   * such as a digest. slice() copies them out of the block: the check of a merged file, slicing
   * each row group copied into it, made a merge in a thread add ~96 MB of RSS at its peak, ~90
   * with views (4 runs each, 120 raw files into one of 94 MB).
   */
  view(start: number, end: number): Promise<Uint8Array>;
}

export function storeFile(store: Store, path: string, byteLength: number, blockBytes = STORE_FILE_BLOCK_BYTES): StoreFile {
  let block: { start: number; bytes: Uint8Array } | undefined;
  const read = async (start: number, length: number): Promise<Uint8Array> => {
    const bytes = await store.readRange(path, start, length);
    if (bytes.byteLength < length) {
      throw new WorkbenchError('BAD_PARQUET', `${path} in ${store.location} ends at byte ${start + bytes.byteLength}, before the ${byteLength} bytes written to it`, { where: path, retriable: false });
    }
    return bytes;
  };
  const view = async (start: number, end: number): Promise<Uint8Array> => {
    if (!block || start < block.start || end > block.start + block.bytes.byteLength) {
      if (end - start >= blockBytes) return read(start, end - start);
      block = { start, bytes: await read(start, Math.min(blockBytes, byteLength - start)) };
    }
    return block.bytes.subarray(start - block.start, end - block.start);
  };
  return {
    byteLength,
    slice: async (start, end = byteLength) => own(await view(start, end)),
    view,
  };
}
