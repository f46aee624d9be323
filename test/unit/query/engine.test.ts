// The query engine on a local store: the views read what a reader should see (late corrections
// in, superseded compaction inputs out), checked against DuckDB reading the files directly.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg } from '../../../src/domain/index';
import {
  compactClosedHours, createFsStore, createHistoryWriter, createQueryEngine, silentLog, type Alert, type QueryEngine, type Store,
} from '../../../src/index';
import { createAlertSink } from '../../../src/pipeline/alert-sink';
import { createManualClock } from '../../../src/core/index';
import { QUERY_VIEWS } from '../../../src/query/views';
import { queryParquet } from '../../helpers/duckdb';
import { line, order } from '../../helpers/events';
import { FIXTURE_HOUR, writeSmallFiles } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';

let dir: string;
let store: Store;
let engine: QueryEngine;
const glob = (dataset: string): string => `read_parquet('${join(dir, 'purchase-analytics', dataset, '**', '*.parquet')}')`;

/** Two orders that reached the 09:59 window after it was written: raw rows marked late, and a correction file. */
async function writeLateOrders(): Promise<void> {
  const at = FIXTURE_HOUR + 59 * 60_000 + 10_000;
  const late = [order(at, [line(1, { unit_price: 7 })], { event_id: 'late-1' }), order(at + 5, [line(2), line(3)], { event_id: 'late-2' })];
  const writer = createHistoryWriter(store);
  await writer.writeRaw(0, late.map((event, i) => ({ partition: 0, offset: 1_000 + i, event, late: true })));
  const window = createWindowAgg(FIXTURE_HOUR + 59 * 60_000, FIXTURE_HOUR + 60 * 60_000);
  late.forEach((e) => addOrder(window, e));
  await writer.writeCorrection({ window, partition: 0, firstOffset: 1_000, lastOffset: 1_001 });
}

beforeAll(async () => {
  dir = await tempDir('query-engine');
  store = createFsStore({ root: dir });
  await writeSmallFiles(store);
  await writeLateOrders();
  engine = await createQueryEngine({ store });
});
afterAll(() => engine?.close());

const one = async (sql: string): Promise<Record<string, unknown>> => {
  const result = await engine.query(sql);
  return Object.fromEntries(result.columns.map((c, i) => [c.name, result.rows[0]![i]]));
};

describe('the query views over a local store', () => {
  it('raw holds every order line, late ones included', async () => {
    const [expected] = await queryParquet<{ lines: number; orders: number; late: number }>(
      `SELECT count(*)::INT AS lines, count(DISTINCT event_id)::INT AS orders, count(*) FILTER (late)::INT AS late FROM ${glob('raw')}`);
    expect(await one('SELECT count(*) AS lines, count(DISTINCT event_id) AS orders, count(*) FILTER (late) AS late FROM raw')).toEqual(expected);
    expect(expected!.late).toBe(3);
  });

  it('the aggregated views include the late-*.parquet corrections: summed, they equal raw', async () => {
    const files = (await store.list('purchase-analytics/aggregated/by_hour')).map((f) => f.path);
    expect(files.filter((p) => p.includes('/late-'))).toHaveLength(1);
    const [raw] = await queryParquet<{ orders: number; lines: number }>(`SELECT count(DISTINCT event_id)::INT AS orders, count(*)::INT AS lines FROM ${glob('raw')}`);
    expect(await one('SELECT sum(transaction_count) AS orders, sum(line_count) AS lines FROM by_hour')).toEqual(raw);
    expect(await one('SELECT sum(line_count) AS lines FROM by_department')).toEqual({ lines: raw!.lines });
    expect(await one('SELECT sum(transaction_count) AS lines FROM by_product')).toEqual({ lines: raw!.lines });
  });

  it('hides the inputs of a compacted file even when they are still on disk', async () => {
    const totals = 'SELECT count(*) AS n, sum(round(line_revenue * 100))::INT AS cents FROM raw';
    const before = await one(totals);
    const hourDir = join(dir, 'purchase-analytics', 'raw', 'dt=2026-11-24', 'hour=09');
    const saved = await tempDir('query-engine-inputs');
    const inputs = (await readdir(hourDir)).filter((n) => n.startsWith('part-0-'));
    await Promise.all(inputs.map((n) => copyFile(join(hourDir, n), join(saved, n))));
    await compactClosedHours({ store, closedBefore: FIXTURE_HOUR + 3 * 3_600_000 });
    // An interrupted compaction: the merged file is in place and an input was not deleted yet.
    await mkdir(hourDir, { recursive: true });
    await copyFile(join(saved, inputs[0]!), join(hourDir, inputs[0]!));
    expect((await readdir(hourDir)).some((n) => n.startsWith('parts-0-'))).toBe(true);
    const [naive] = await queryParquet<{ n: number }>(`SELECT count(*)::INT AS n FROM ${glob('raw')}`);
    expect(naive!.n).toBeGreaterThan(before.n as number);
    expect(await one(totals)).toEqual(before);
  });

  it('limits rows and says so', async () => {
    const result = await engine.query('SELECT product_id FROM raw ORDER BY source_offset, product_id', { maxRows: 5 });
    expect(result.rows).toHaveLength(5);
    expect(result.truncated).toBe(true);
    expect((await engine.query('SELECT 1 AS x', { maxRows: 5 })).truncated).toBe(false);
  });

  it('shows timestamps as ISO times in UTC and whole numbers as numbers', async () => {
    const result = await engine.query(`SELECT min(window_start) AS first, count(*) AS n FROM by_hour`);
    expect(result.columns.map((c) => c.type)).toEqual(['TIMESTAMP', 'BIGINT']);
    expect(result.rows[0]).toEqual(['2026-11-24T09:58:00.000Z', expect.any(Number)]);
  });
});

describe('the alerts view', () => {
  it('reads the alert sink\'s events and acknowledgements, with event times as timestamps', async () => {
    const alertStore = createFsStore({ root: await tempDir('query-alerts') });
    const at = FIXTURE_HOUR + 5 * 60_000;
    const alert: Alert = {
      id: 'product-24852-surge-1', level: 'product', subjectId: 24852, subjectName: 'Banana', direction: 'surge', severity: 'warning',
      startedAt: at, lastSeenAt: at, resolvedAt: null, acknowledged: false, baseline: 10, observed: 25, changePct: 150, message: 'Banana: revenue up 150%',
    };
    const sink = createAlertSink({ store: alertStore, topic: 'unused', clock: createManualClock(at), log: silentLog });
    sink.accept([{ type: 'raised', at, alert }]);
    sink.accept([{ type: 'resolved', at: at + 120_000, alert: { ...alert, resolvedAt: at + 120_000, lastSeenAt: at + 60_000 } }]);
    sink.accept([{ type: 'acknowledged', at: at + 200_000, alert: { ...alert, acknowledged: true, resolvedAt: at + 120_000 } }]);
    await sink.close();
    const alerts = await createQueryEngine({ store: alertStore });
    try {
      const result = await alerts.query('SELECT event, subject_id, subject_name, started_at, resolved_at, acknowledged, change_pct FROM alerts ORDER BY event_at');
      expect(result.rows).toEqual([
        ['raised', 24852, 'Banana', '2026-11-24T09:05:00.000Z', null, false, 150],
        ['resolved', 24852, 'Banana', '2026-11-24T09:05:00.000Z', '2026-11-24T09:07:00.000Z', false, 150],
        ['acknowledged', 24852, 'Banana', '2026-11-24T09:05:00.000Z', '2026-11-24T09:07:00.000Z', true, 150],
      ]);
      expect(result.columns.find((c) => c.name === 'started_at')?.type).toBe('TIMESTAMP');
    } finally {
      await alerts.close();
    }
  });
});

describe('the query views over an empty store', () => {
  it('still has every view, with its columns and no rows', async () => {
    const empty = await createQueryEngine({ store: createFsStore({ root: await tempDir('query-empty') }) });
    try {
      for (const view of QUERY_VIEWS) {
        const result = await empty.query(`SELECT * FROM ${view}`);
        expect(result.rows, view).toEqual([]);
        expect(result.columns.length, view).toBeGreaterThanOrEqual(8);
      }
      expect((await empty.query('SELECT * FROM raw')).columns.map((c) => c.name)).toContain('line_revenue');
    } finally {
      await empty.close();
    }
  });
});
