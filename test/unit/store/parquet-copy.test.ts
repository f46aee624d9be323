// Row groups copied as they are into a merged file (store/parquet-copy.ts, the appender's copy):
// DuckDB, which shares no code with us, must read the same rows from the merged file as from the
// inputs; page offset indexes must move with their pages; compaction must copy the big row groups
// and re-encode the small ones, and must refuse a merged file whose copied bytes changed.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects, readOffsetIndex, type FileMetaData } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { compactClosedHours, createFsStore, createHistoryReader, type Store } from '../../../src/index';
import { copyable, COPY_MIN_GROUP_ROWS, groupRange } from '../../../src/store/parquet-copy';
import { createParquetAppender, RAW_ROW_GROUP_LINES, readParquetColumns } from '../../../src/store/tables';
import { queryParquet } from '../../helpers/duckdb';
import { FIXTURE_HOUR, readerView, writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';

const metadataOf = (bytes: Uint8Array): FileMetaData => parquetMetadata(bytes.slice().buffer as ArrayBuffer);
const joined = (chunks: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(chunks));

/** A file whose column chunks hold many small pages, so that each has an offset index. */
function pagedFile(first: number, rows: number): Uint8Array {
  const ids = Array.from({ length: rows }, (_, i) => BigInt(first + i));
  const names = ids.map((id) => `product ${id % 97n}`);
  return new Uint8Array(parquetWriteBuffer({
    columnData: [{ name: 'id', data: ids, type: 'INT64' }, { name: 'name', data: names, type: 'STRING' }],
    rowGroupSize: 2_000,
    pageSize: 1_024,
  }));
}

describe('row groups copied as they are', () => {
  it('give a file DuckDB reads row for row as the inputs, with page offset indexes that point at the moved pages', async () => {
    const inputs = [pagedFile(0, 5_000), pagedFile(5_000, 3_000)];
    const metas = inputs.map(metadataOf);
    expect(metas[0]!.row_groups[0]!.columns.every((c) => c.offset_index_offset !== undefined)).toBe(true);
    const appender = createParquetAppender(metas[0]!.schema);
    inputs.forEach((file, i) => metas[i]!.row_groups.forEach((group) => appender.copy(file, group)));
    const out = joined(appender.finish());

    const meta = metadataOf(out);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([2_000, 2_000, 1_000, 2_000, 1_000]);
    const buffer = out.slice().buffer as ArrayBuffer;
    for (const group of meta.row_groups) {
      for (const chunk of group.columns) {
        const index = readOffsetIndex({ view: new DataView(buffer, Number(chunk.offset_index_offset), chunk.offset_index_length), offset: 0 });
        expect(index.page_locations.length).toBeGreaterThan(1);
        expect(index.page_locations[0]!.offset).toBe(chunk.meta_data!.data_page_offset);
        const { start, end } = groupRange(group);
        for (const page of index.page_locations) {
          expect(Number(page.offset)).toBeGreaterThanOrEqual(start);
          expect(Number(page.offset) + page.compressed_page_size).toBeLessThanOrEqual(end);
        }
      }
    }
    const rows = await parquetReadObjects({ file: buffer });
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 8_000 }, (_, i) => BigInt(i)));

    const dir = await tempDir('copy-duckdb');
    await Promise.all([writeFile(join(dir, 'a.parquet'), inputs[0]!), writeFile(join(dir, 'b.parquet'), inputs[1]!), writeFile(join(dir, 'merged.parquet'), out)]);
    const [diff] = await queryParquet<{ missing: number; extra: number; rows: number }>(`SELECT
      (SELECT count(*) FROM (SELECT * FROM read_parquet(['${join(dir, 'a.parquet')}', '${join(dir, 'b.parquet')}']) EXCEPT ALL SELECT * FROM '${join(dir, 'merged.parquet')}'))::INT AS missing,
      (SELECT count(*) FROM (SELECT * FROM '${join(dir, 'merged.parquet')}' EXCEPT ALL SELECT * FROM read_parquet(['${join(dir, 'a.parquet')}', '${join(dir, 'b.parquet')}'])))::INT AS extra,
      (SELECT count(*) FROM '${join(dir, 'merged.parquet')}')::INT AS rows`);
    expect(diff).toEqual({ missing: 0, extra: 0, rows: 8_000 });
  });

  it('are only whole groups of enough rows in this file, with no column index or bloom filter', () => {
    const [group] = metadataOf(pagedFile(0, 2_000)).row_groups;
    expect(copyable(group!)).toBe(true);
    expect(copyable(group!, 2_001)).toBe(false);
    expect(copyable({ ...group!, columns: group!.columns.map((c) => ({ ...c, column_index_offset: 10n, column_index_length: 5 })) })).toBe(false);
    expect(copyable({ ...group!, columns: group!.columns.map((c) => ({ ...c, file_path: 'elsewhere.parquet' })) })).toBe(false);
  });
});

describe('compaction with row groups copied', () => {
  const closedBefore = FIXTURE_HOUR + 65 * 60_000;
  const rawDir = 'purchase-analytics/raw/dt=2026-11-24/hour=09';

  // 600 orders a batch: ~6,000 lines, a row group of 5,000 lines and a smaller one per file.
  const fixture = async (label: string): Promise<{ root: string; store: Store }> => {
    const root = await tempDir(label);
    const store = createFsStore({ root });
    await writeSmallFiles(store, { orders: 2_400, batchOrders: 600, partitions: 1, start: FIXTURE_HOUR + 5 * 60_000 });
    return { root, store };
  };

  it('copies the big row groups, re-encodes the small ones, and leaves what DuckDB reads unchanged', async () => {
    const { root, store } = await fixture('copy-compact');
    const before = await readerView(store);
    const inputs = await store.list(rawDir);
    const groups = (await Promise.all(inputs.map(async (f) => metadataOf(await store.read(f.path)).row_groups))).flat();
    const big = groups.filter((g) => Number(g.num_rows) >= COPY_MIN_GROUP_ROWS);
    expect(big.length).toBeGreaterThan(2);
    expect(big.length).toBeLessThan(groups.length);
    await queryParquet(`COPY (SELECT * FROM read_parquet('${join(root, rawDir, '*.parquet')}')) TO '${join(root, 'before.parquet')}' (FORMAT parquet)`);

    const [result] = await compactClosedHours({ store, closedBefore, datasets: ['raw'] });
    const [file] = result!.merged;
    expect(result!.merged).toHaveLength(1);
    expect(file!.copiedRows).toBe(big.reduce((n, g) => n + Number(g.num_rows), 0));
    expect(file!.rows).toBe(groups.reduce((n, g) => n + Number(g.num_rows), 0));
    const out = metadataOf(await store.read(file!.path));
    expect(out.row_groups.filter((g) => Number(g.num_rows) === RAW_ROW_GROUP_LINES).length).toBe(big.filter((g) => Number(g.num_rows) === RAW_ROW_GROUP_LINES).length);

    expect(await readerView(store)).toEqual(before);
    const merged = join(root, rawDir, '*.parquet');
    const [diff] = await queryParquet<{ missing: number; extra: number }>(`SELECT
      (SELECT count(*) FROM (SELECT * FROM '${join(root, 'before.parquet')}' EXCEPT ALL SELECT * FROM read_parquet('${merged}')))::INT AS missing,
      (SELECT count(*) FROM (SELECT * FROM read_parquet('${merged}') EXCEPT ALL SELECT * FROM '${join(root, 'before.parquet')}'))::INT AS extra`);
    expect(diff).toEqual({ missing: 0, extra: 0 });
    let lines = 0;
    await readParquetColumns(await store.read(file!.path), file!.path, (group) => void (lines += group.rows));
    expect(lines).toBe(file!.rows);
  });

  it('refuses a merged file whose copied bytes changed on the way to the store, and leaves the inputs', async () => {
    const { store } = await fixture('copy-corrupt');
    const before = await readerView(store);
    const files = await store.list(rawDir);
    // One byte flipped inside the first copied row group: its metadata still reads, its pages differ.
    const flipping: Store = {
      ...store,
      writeParts: async (path) => {
        const real = await store.writeParts(path);
        let at = 0;
        return {
          ...real,
          append: (bytes) => {
            const copy = new Uint8Array(bytes);
            if (at === 0) copy[200] = copy[200]! ^ 0xff;
            at += bytes.byteLength;
            return real.append(copy);
          },
        };
      },
    };
    const [result] = await compactClosedHours({ store: flipping, closedBefore, datasets: ['raw'] });
    expect(result!.merged).toEqual([]);
    expect(result!.error).toMatch(/row group 0 of .*_tmp\..*\.parquet\.tmp is not the one copied into it; the inputs are left as they are/);
    expect(await store.list(rawDir)).toEqual(files);
    expect(await readerView(store)).toEqual(before);
    expect((await createHistoryReader(store).files('raw')).length).toBeGreaterThan(0);
  });
});
