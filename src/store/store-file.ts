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

export function storeFile(store: Store, path: string, byteLength: number, blockBytes = STORE_FILE_BLOCK_BYTES): AsyncBuffer {
  let block: { start: number; bytes: Uint8Array } | undefined;
  const read = async (start: number, length: number): Promise<Uint8Array> => {
    const bytes = await store.readRange(path, start, length);
    if (bytes.byteLength < length) {
      throw new WorkbenchError('BAD_PARQUET', `${path} in ${store.location} ends at byte ${start + bytes.byteLength}, before the ${byteLength} bytes written to it`, { where: path, retriable: false });
    }
    return bytes;
  };
  return {
    byteLength,
    async slice(start, end = byteLength) {
      if (block && start >= block.start && end <= block.start + block.bytes.byteLength) {
        return block.bytes.slice(start - block.start, end - block.start).buffer as ArrayBuffer;
      }
      if (end - start >= blockBytes) return own(await read(start, end - start));
      block = { start, bytes: await read(start, Math.min(blockBytes, byteLength - start)) };
      return block.bytes.slice(0, end - start).buffer as ArrayBuffer;
    },
  };
}
