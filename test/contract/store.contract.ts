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

    it('lists while files are renamed and deleted under it: no error, and only files that were there', async () => {
      // A soak's compaction pass failed on the local store when a live write renamed its
      // temporary file between the folder's listing and the file's stat (session 13).
      const s = await get();
      const names = Array.from({ length: 60 }, (_, i) => `${base}/churn/hour=${i % 3}/f${i}.parquet`);
      for (const name of names) await s.write(name, bytes(name));
      const churn = (async () => {
        for (const [i, name] of names.entries()) {
          if (i % 2 === 0) await s.delete(name);
          else await s.rename(name, name.replace('.parquet', '.moved.parquet'));
        }
      })();
      const seen = new Set(names.flatMap((n) => [n, n.replace('.parquet', '.moved.parquet')]));
      const listings: string[][] = [];
      let churned = false;
      void churn.then(() => (churned = true), () => (churned = true));
      try {
        while (!churned) listings.push((await s.list(`${base}/churn`)).map((f) => f.path));
      } finally {
        await churn;
      }
      expect(listings.length).toBeGreaterThan(0);
      for (const listing of listings) for (const path of listing) expect(seen.has(path), path).toBe(true);
      const after = (await s.list(`${base}/churn`)).map((f) => f.path);
      expect(after).toEqual(names.filter((_, i) => i % 2 === 1).map((n) => n.replace('.parquet', '.moved.parquet')).sort());
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

    it('writes a file part after part at its own path, and reads any range of it', async () => {
      const s = await get();
      const data = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 17) % 251);
      const path = `${base}/parts/_tmp.x.data.parquet`;
      const parts = await s.writeParts(path);
      for (const [from, to] of [[0, 65_536], [65_536, 65_537], [65_537, 150_000], [150_000, 200_000]] as const) await parts.append(data.subarray(from, to));
      await parts.close();
      expect((await s.list(`${base}/parts`)).map((f) => [f.path, f.size])).toEqual([[path, 200_000]]);
      expect(await s.read(path)).toEqual(data);
      expect(await s.readRange(path, 0, 10)).toEqual(data.subarray(0, 10));
      expect(await s.readRange(path, 65_530, 100_000)).toEqual(data.subarray(65_530, 165_530));
      expect(await s.readRange(path, 199_990, 50)).toEqual(data.subarray(199_990));
      await expect(s.readRange(`${base}/parts/missing.parquet`, 0, 10)).rejects.toMatchObject({ message: expect.stringContaining(`${base}/parts/missing.parquet`) });
    });

    it('discards a file written in parts, and writes an empty one', async () => {
      const s = await get();
      const parts = await s.writeParts(`${base}/discard/_tmp.x.a.parquet`);
      await parts.append(new Uint8Array([1, 2, 3]));
      await parts.discard();
      const empty = await s.writeParts(`${base}/discard/_tmp.x.b.parquet`);
      await empty.close();
      expect((await s.list(`${base}/discard`)).map((f) => [f.path, f.size])).toEqual([[`${base}/discard/_tmp.x.b.parquet`, 0]]);
    });
  });
}
