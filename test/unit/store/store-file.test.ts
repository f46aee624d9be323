// A file in the store read by range (store-file.ts): slice() copies its bytes out, view() lends
// them from the block they lie in. Both must give the same bytes as the file, wherever the range
// falls (inside a block, across two, larger than one), with reads by block, not by request.
import { describe, expect, it } from 'vitest';
import { createFsStore, type Store } from '../../../src/index';
import { storeFile } from '../../../src/store/store-file';
import { tempDir } from '../../helpers/tmp';

const BLOCK = 1_000;

/** A file of 4,500 bytes whose every byte differs from its neighbours, and a store that counts its range reads. */
async function counted(): Promise<{ store: Store; bytes: Uint8Array; reads: Array<[number, number]> }> {
  const store = createFsStore({ root: await tempDir('store-file') });
  const bytes = Uint8Array.from({ length: 4_500 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
  await store.write('f.bin', bytes);
  const reads: Array<[number, number]> = [];
  const readRange = store.readRange.bind(store);
  return { store: { ...store, readRange: (path, offset, length) => (reads.push([offset, length]), readRange(path, offset, length)) }, bytes, reads };
}

describe('storeFile', () => {
  const ranges: Array<[string, number, number]> = [['inside a block', 10, 200], ['across two blocks', 900, 1_100], ['a block or more', 1_200, 2_400], ['up to the end', 4_000, 4_500]];

  it.each(ranges)('view and slice give the file\'s bytes: %s', async (_, start, end) => {
    const { store, bytes } = await counted();
    const file = storeFile(store, 'f.bin', bytes.byteLength, BLOCK);
    expect([...(await file.view(start, end))]).toEqual([...bytes.subarray(start, end)]);
    expect([...new Uint8Array(await file.slice(start, end))]).toEqual([...bytes.subarray(start, end)]);
  });

  it('lends bytes of the block read last without reading again, and copies them for slice', async () => {
    const { store, bytes, reads } = await counted();
    const file = storeFile(store, 'f.bin', bytes.byteLength, BLOCK);
    const first = await file.view(100, 300);
    const second = await file.view(300, 900);
    expect(reads).toEqual([[100, BLOCK]]);
    expect(first.buffer).toBe(second.buffer); // one block, lent twice
    const copy = await file.slice(300, 900);
    expect(copy).not.toBe(second.buffer);
    expect(copy.byteLength).toBe(600);
    await file.view(2_000, 3_500); // a block's worth or more: read on its own
    expect(reads).toEqual([[100, BLOCK], [2_000, 1_500]]);
    await file.view(1_050, 1_100); // a read on its own leaves the block kept as it was
    expect(reads).toEqual([[100, BLOCK], [2_000, 1_500]]);
    await file.view(1_150, 1_200); // outside the block kept: a block from there is read
    expect(reads).toEqual([[100, BLOCK], [2_000, 1_500], [1_150, BLOCK]]);
  });

  it('says where a file ends that is shorter than what was written to it', async () => {
    const { store } = await counted();
    await expect(storeFile(store, 'f.bin', 6_000, BLOCK).view(4_400, 4_600)).rejects.toThrow(/f\.bin .* ends at byte 4500, before the 6000 bytes written to it/);
  });
});
