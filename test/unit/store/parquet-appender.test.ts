// Compaction's output file is built in chunks (store/tables.ts, ChunkedWriter), written out part
// after part as they fill (Store.writeParts), and checked by reading it back by range
// (store-file.ts): the file must not depend on where the chunks were cut or when they were taken,
// and DuckDB must read every row back from what the store wrote.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { createFsStore, createSyntheticSource } from '../../../src/index';
import { createParquetAppender, encodeRaw, readParquetColumns, type ParquetColumns, type ParquetSchema } from '../../../src/store/tables';
import { storeFile } from '../../../src/store/store-file';
import { queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';

async function rawFiles(): Promise<Uint8Array[]> {
  const events = [...createSyntheticSource({ seed: 3, startTime: Date.UTC(2026, 10, 24, 6), ordersPerSecond: 20, maxOrders: 3_000, seasonality: false }).generate()];
  return Promise.all([0, 1, 2].map((part) =>
    encodeRaw(events.slice(part * 1_000, (part + 1) * 1_000).map((event, i) => ({ partition: 0, offset: part * 1_000 + i, event, late: false })))));
}

/** The merged file's chunks; `drained` also counts those taken before finish(), as compaction takes them. */
async function merged(files: Uint8Array[], chunkBytes?: number): Promise<{ chunks: Uint8Array[]; drained: number }> {
  const groups: Array<[ParquetColumns, ParquetSchema]> = [];
  for (const [i, file] of files.entries()) await readParquetColumns(file, `file ${i}`, (group, schema) => void groups.push([group, schema]));
  const appender = createParquetAppender(groups[0]![1], 1_000, chunkBytes);
  const chunks: Uint8Array[] = [];
  for (const [group] of groups) {
    appender.append(group);
    chunks.push(...appender.drain());
  }
  const drained = chunks.length;
  chunks.push(...appender.finish());
  return { chunks, drained };
}

describe('a merged file', () => {
  it('is the same bytes whether it was built in 64 KiB chunks or in one, and holds every line', async () => {
    const files = await rawFiles();
    const { chunks: chunked, drained } = await merged(files, 64 << 10);
    const { chunks: whole } = await merged(files, 1 << 30);
    expect(chunked.length).toBeGreaterThan(4);
    // Most of the file left before it was finished: it is never held whole.
    expect(drained).toBeGreaterThanOrEqual(chunked.length - 2);
    expect(whole).toHaveLength(1);
    expect(Buffer.concat(chunked).equals(Buffer.from(whole[0]!))).toBe(true);
    // Written part after part, then read back from the store by range in small blocks, as compaction checks it.
    const dir = await tempDir('appender');
    const store = createFsStore({ root: dir });
    const parts = await store.writeParts('merged.parquet');
    for (const chunk of chunked) await parts.append(chunk);
    await parts.close();
    const size = chunked.reduce((n, c) => n + c.byteLength, 0);
    let lines = 0;
    await readParquetColumns(storeFile(store, 'merged.parquet', size, 16 << 10), 'merged', (group) => void (lines += group.rows));
    const path = join(dir, 'merged.parquet');
    const inputs = await Promise.all(files.map(async (f, i) => {
      const p = join(dir, `in-${i}.parquet`);
      await writeFile(p, f);
      return p;
    }));
    const sums = (where: string) => queryParquet<{ lines: number; revenue: number; orders: number }>(
      `SELECT count(*)::INTEGER AS lines, round(sum(line_revenue), 2) AS revenue, count(DISTINCT order_id)::INTEGER AS orders FROM read_parquet(${where})`);
    const [out] = await sums(`'${path}'`);
    expect(out).toEqual((await sums(`[${inputs.map((p) => `'${p}'`).join(', ')}]`))[0]);
    expect(out!.orders).toBe(3_000);
    expect(lines).toBe(out!.lines);
  });

  it('keeps statistics on the columns whose inputs had them, and cuts row groups at the size asked', async () => {
    const files = await rawFiles();
    const hasStats = (bytes: Uint8Array) => parquetMetadata(bytes.slice().buffer as ArrayBuffer).row_groups.map((g) => g.columns.map((c) => c.meta_data?.statistics !== undefined));
    const input = hasStats(files[0]!)[0]!;
    // Raw keeps statistics on times and ids only (raw-table.ts): some columns have them, some not.
    expect(input).toContain(true);
    expect(input).toContain(false);
    const groups: Array<[ParquetColumns, ParquetSchema]> = [];
    for (const [i, file] of files.entries()) await readParquetColumns(file, `file ${i}`, (group, schema) => void groups.push([group, schema]));
    const appender = createParquetAppender(groups[0]![1], 700);
    for (const [group] of groups) appender.append(group);
    const out = Buffer.concat(appender.finish());
    const total = groups.reduce((n, [g]) => n + g.rows, 0);
    const full = Math.floor(total / 700);
    expect(total % 700).toBeGreaterThan(0);
    expect(hasStats(out)).toEqual(Array.from({ length: full + 1 }, () => input));
    const rows = parquetMetadata(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer).row_groups.map((g) => Number(g.num_rows));
    expect(rows).toEqual([...Array.from({ length: full }, () => 700), total % 700]);
  });

  it('read back from the store says where it ends when it is shorter than what was written', async () => {
    const dir = await tempDir('appender-short');
    const store = createFsStore({ root: dir });
    await store.write('short.parquet', new Uint8Array(100));
    await expect(readParquetColumns(storeFile(store, 'short.parquet', 1_000), 'short.parquet', () => undefined))
      .rejects.toThrow(/short\.parquet .* ends at byte 100, before the 1000 bytes written to it/);
  });
});
