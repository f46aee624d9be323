// Compaction's output file is built, checked and written in chunks (store/tables.ts, ChunkedWriter;
// FileBytes): the file must not depend on where the chunks were cut, the check must read it in
// chunks, and DuckDB must read every row back from what the store wrote.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsStore, createSyntheticSource } from '../../../src/index';
import { createParquetAppender, encodeRaw, readParquetColumns, type ParquetColumns, type ParquetSchema } from '../../../src/store/tables';
import { queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';

async function rawFiles(): Promise<Uint8Array[]> {
  const events = [...createSyntheticSource({ seed: 3, startTime: Date.UTC(2026, 10, 24, 6), ordersPerSecond: 20, maxOrders: 3_000, seasonality: false }).generate()];
  return Promise.all([0, 1, 2].map((part) =>
    encodeRaw(events.slice(part * 1_000, (part + 1) * 1_000).map((event, i) => ({ partition: 0, offset: part * 1_000 + i, event, late: false })))));
}

async function merged(files: Uint8Array[], chunkBytes?: number): Promise<Uint8Array[]> {
  const groups: Array<[ParquetColumns, ParquetSchema]> = [];
  for (const [i, file] of files.entries()) await readParquetColumns(file, `file ${i}`, (group, schema) => void groups.push([group, schema]));
  const appender = createParquetAppender(groups[0]![1], 4_000, chunkBytes);
  for (const [group] of groups) appender.append(group);
  return appender.finish();
}

describe('a merged file', () => {
  it('is the same bytes whether it was built in 64 KiB chunks or in one, and holds every line', async () => {
    const files = await rawFiles();
    const chunked = await merged(files, 64 << 10);
    const whole = await merged(files, 1 << 30);
    expect(chunked.length).toBeGreaterThan(4);
    expect(whole).toHaveLength(1);
    expect(Buffer.concat(chunked).equals(Buffer.from(whole[0]!))).toBe(true);
    // Read back in chunks as compaction checks a merged file: every line of the inputs.
    let lines = 0;
    await readParquetColumns(chunked, 'merged', (group) => void (lines += group.rows));
    const dir = await tempDir('appender');
    await createFsStore({ root: dir }).write('merged.parquet', chunked);
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
});
