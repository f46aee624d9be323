// A raw file is encoded one row group at a time, handing the event loop back in between, and
// encodings requested together run one after another. DuckDB (an independent reader) checks the
// files: every line, in row groups of the requested size.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSyntheticSource, lineRevenue } from '../../../src/index';
import type { RawRecord } from '../../../src/store/index';
import { encodeRaw } from '../../../src/store/tables';
import { queryParquet } from '../../helpers/duckdb';
import { tempDir } from '../../helpers/tmp';

const records = (partition: number, orders: number): RawRecord[] =>
  [...createSyntheticSource({ seed: 3 + partition, startTime: Date.UTC(2026, 10, 24, 9), ordersPerSecond: 5, maxOrders: orders, seasonality: false }).generate()]
    .map((event, offset) => ({ partition, offset, event, late: offset % 7 === 0 }));

describe('raw Parquet encoding in slices', () => {
  it('writes every line in row groups of the requested size, and lets timers run between them', async () => {
    const input = records(0, 600);
    const lines = input.reduce((n, r) => n + r.event.lines.length, 0);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const bytes = await encodeRaw(input, 500);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);

    const path = join(await tempDir('raw-slices'), 'raw.parquet');
    await writeFile(path, bytes);
    const [totals] = await queryParquet<{ lines: number; orders: number; late: number; cents: number }>(
      `SELECT count(*)::INT AS lines, count(DISTINCT order_id)::INT AS orders, count(*) FILTER (WHERE late)::INT AS late,
       sum(round(line_revenue * 100))::INT AS cents FROM read_parquet('${path}')`);
    expect(totals).toEqual({
      lines,
      orders: input.length,
      late: input.filter((r) => r.late).reduce((n, r) => n + r.event.lines.length, 0),
      cents: input.reduce((n, r) => n + r.event.lines.reduce((m, l) => m + Math.round(lineRevenue(l) * 100), 0), 0),
    });
    const groups = await queryParquet<{ rows: number }>(
      `SELECT DISTINCT row_group_id, row_group_num_rows::INT AS rows FROM parquet_metadata('${path}') ORDER BY row_group_id`);
    expect(groups.map((g) => g.rows)).toEqual([...Array(Math.floor(lines / 500)).fill(500), ...(lines % 500 ? [lines % 500] : [])]);
  });

  it('encodes files asked for together one after another, each with only its own lines', async () => {
    const inputs = [records(0, 300), records(1, 200), records(2, 1)];
    const dir = await tempDir('raw-lane');
    const finished: number[] = [];
    const encoded = await Promise.all(inputs.map((input, i) => encodeRaw(input, 250).then((bytes) => (finished.push(i), bytes))));
    // The one-record file alone would be done first; in the lane it waits its turn.
    expect(finished).toEqual([0, 1, 2]);
    const files = await Promise.all(encoded.map(async (bytes, i) => {
      const path = join(dir, `p${i}.parquet`);
      await writeFile(path, bytes);
      return path;
    }));
    for (const [i, path] of files.entries()) {
      const rows = await queryParquet<{ partition: number; first: number; last: number; lines: number }>(
        `SELECT source_partition AS partition, min(source_offset)::INT AS first, max(source_offset)::INT AS last, count(*)::INT AS lines
         FROM read_parquet('${path}') GROUP BY 1`);
      expect(rows).toEqual([{ partition: i, first: 0, last: inputs[i]!.length - 1, lines: inputs[i]!.reduce((n, r) => n + r.event.lines.length, 0) }]);
    }
  });

  it('writes a file with the schema and no rows for no records', async () => {
    const path = join(await tempDir('raw-empty'), 'raw.parquet');
    await writeFile(path, await encodeRaw([]));
    expect(await queryParquet(`SELECT count(*)::INT AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0 }]);
  });
});
