// One contract for every store: the local filesystem and WebHDFS must behave the same.
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/index';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

export function storeContract(name: string, open: () => Promise<Store>, cleanup: (store: Store, base: string) => Promise<void> = async () => undefined): void {
  describe(`store contract: ${name}`, () => {
    const base = `contract-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    let store: Store | undefined;
    const get = async () => (store ??= await open());
    afterAll(async () => {
      if (store) await cleanup(store, base);
    });

    it('writes, reads back and overwrites a file by the same name', async () => {
      const s = await get();
      await s.write(`${base}/a/b/one.parquet`, bytes('first'));
      expect(text(await s.read(`${base}/a/b/one.parquet`))).toBe('first');
      await s.write(`${base}/a/b/one.parquet`, bytes('second, longer'));
      expect(text(await s.read(`${base}/a/b/one.parquet`))).toBe('second, longer');
    });

    it('lists files recursively with sizes, leaving no temporary files behind', async () => {
      const s = await get();
      await s.write(`${base}/list/x/1.parquet`, bytes('12345'));
      await s.write(`${base}/list/y/z/2.parquet`, bytes('1'));
      const listed = await s.list(`${base}/list`);
      expect(listed.map((f) => [f.path, f.size])).toEqual([[`${base}/list/x/1.parquet`, 5], [`${base}/list/y/z/2.parquet`, 1]]);
      expect(await s.list(`${base}/does-not-exist`)).toEqual([]);
    });

    it('tells whether a file exists, renames it over another, and deletes it', async () => {
      const s = await get();
      await s.write(`${base}/mv/from.parquet`, bytes('moved'));
      await s.write(`${base}/mv/to.parquet`, bytes('old'));
      await s.rename(`${base}/mv/from.parquet`, `${base}/mv/to.parquet`);
      expect(await s.exists(`${base}/mv/from.parquet`)).toBe(false);
      expect(text(await s.read(`${base}/mv/to.parquet`))).toBe('moved');
      await s.delete(`${base}/mv/to.parquet`);
      expect(await s.exists(`${base}/mv/to.parquet`)).toBe(false);
      await s.delete(`${base}/mv/never-was.parquet`);
    });

    it('names the path when a file cannot be read', async () => {
      const s = await get();
      await expect(s.read(`${base}/missing.parquet`)).rejects.toMatchObject({ code: 'STORE_FAILED', message: expect.stringContaining(`${base}/missing.parquet`) });
    });

    it('keeps binary content byte for byte', async () => {
      const s = await get();
      const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256);
      await s.write(`${base}/bin/data.parquet`, data);
      expect(await s.read(`${base}/bin/data.parquet`)).toEqual(data);
    });

    it('writes a file given in chunks as the chunks one after the other', async () => {
      const s = await get();
      const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 17) % 251);
      const chunks = [data.subarray(0, 65_536), data.subarray(65_536, 65_537), data.subarray(65_537, 150_000), data.subarray(150_000)];
      await s.write(`${base}/chunks/data.parquet`, chunks);
      expect(await s.read(`${base}/chunks/data.parquet`)).toEqual(data);
      expect((await s.list(`${base}/chunks`)).map((f) => f.size)).toEqual([200_000]);
    });
  });
}
