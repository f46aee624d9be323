// aggregated/by_pair: each closed window's pairs as Parquet, in the by_product layout; DuckDB,
// which shares no code with the writer, counts the same pairs from raw with a self-join, and
// the query command's by_pair view reads them.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsStore, createHistoryWriter, createQueryEngine, createTopologyDriver, tumbling, type QueryEngine, type Store } from '../../../src/index';
import { queryParquet } from '../../helpers/duckdb';
import { basketOrders, countBaskets, plainLift } from '../../helpers/baskets';
import { tempDir } from '../../helpers/tmp';

const T0 = Date.UTC(2026, 10, 24, 9, 58);
let dir: string;
let store: Store;
let engine: QueryEngine;
const events = basketOrders(300, T0, 3 * 60_000, 25, 5);

beforeAll(async () => {
  dir = await tempDir('by-pair');
  store = createFsStore({ root: dir });
  const writer = createHistoryWriter(store);
  await writer.writeRaw(0, events.map((event, i) => ({ partition: 0, offset: i, event, late: false })));
  const driver = createTopologyDriver({ partitions: 2, settings: { window: tumbling(60_000), allowedLatenessMs: 0 } });
  events.forEach((e) => driver.pipe(e));
  driver.finish();
  for (const closed of driver.closed) await writer.writeWindow(closed);
  engine = await createQueryEngine({ store });
});
afterAll(() => engine?.close());

describe('by_pair', () => {
  it('is written per window next to by_product, under aggregated/by_pair/dt=/hour=', async () => {
    const files = (await store.list('purchase-analytics/aggregated/by_pair')).map((f) => f.path.slice(f.path.indexOf('by_pair')));
    expect(files).toEqual([
      'by_pair/dt=2026-11-24/hour=09/window-20261124T095800-60s.parquet',
      'by_pair/dt=2026-11-24/hour=09/window-20261124T095900-60s.parquet',
      'by_pair/dt=2026-11-24/hour=10/window-20261124T100000-60s.parquet',
    ]);
  });

  it('holds the pair counts DuckDB finds in raw, and each window\'s lift', async () => {
    const raw = `read_parquet('${join(dir, 'purchase-analytics/raw/**/*.parquet')}')`;
    const pairs = `read_parquet('${join(dir, 'purchase-analytics/aggregated/by_pair/**/*.parquet')}')`;
    const fromRaw = await queryParquet<{ w: number; a: number; b: number; n: number }>(`
      SELECT epoch_ms(time_bucket(INTERVAL 1 minute, x.event_time))::BIGINT AS w, x.product_id AS a, y.product_id AS b, count(DISTINCT x.event_id)::INT AS n
      FROM ${raw} x JOIN ${raw} y ON x.event_id = y.event_id AND x.product_id < y.product_id GROUP BY ALL ORDER BY ALL`);
    const stored = await queryParquet<{ w: number; a: number; b: number; n: number; e: number }>(`
      SELECT epoch_ms(window_start)::BIGINT AS w, product_id AS a, partner_id AS b, pair_orders AS n, error_bound AS e FROM ${pairs} ORDER BY w, a, b`);
    expect(stored.every((r) => r.e === 0)).toBe(true);
    expect(stored.map(({ w, a, b, n }) => ({ w: Number(w), a, b, n }))).toEqual(fromRaw.map(({ w, a, b, n }) => ({ w: Number(w), a, b, n })));

    const first = events.filter((e) => e.event_time < T0 + 60_000);
    const [row] = await queryParquet<{ lift: number; support: number }>(`SELECT lift, support FROM ${pairs} WHERE window_start = epoch_ms(${T0}) AND product_id = 3 AND partner_id = 7`);
    expect(row!.lift).toBeCloseTo(plainLift(countBaskets(first), 3, 7), 12);
    expect(row!.support).toBeCloseTo(countBaskets(first).pairs.get('3-7')! / first.length, 12);
  });

  it('is a view of the query command', async () => {
    const result = await engine.query('SELECT sum(pair_orders) AS n FROM by_pair WHERE product_id = 3 AND partner_id = 7');
    expect(Number(result.rows[0]![0])).toBe(countBaskets(events).pairs.get('3-7'));
  });
});
