// Hour partitions full of small files, as a stream with a short flush interval leaves them:
// raw batches per source partition, and one file per window of each aggregated dataset.
import {
  createHistoryWriter, createHistoryReader, createSyntheticSource, createTopologyDriver, tumbling, type Store,
} from '../../src/index';
import { createRowChecksum } from '../../src/store/compaction-checksum';
import type { Dataset } from '../../src/store/index';

export const FIXTURE_HOUR = Date.UTC(2026, 10, 24, 9);
export const DATASETS: Dataset[] = ['raw', 'by_product', 'by_department', 'by_hour', 'by_department_hour', 'by_pair'];

export interface FixtureOptions {
  /** Orders per batch; each batch is one raw file per source partition and hour. */
  batchOrders?: number;
  orders?: number;
  partitions?: number;
  /** Event time of the first order (default 09:58:40, so the orders span 09:xx and 10:xx); 3 orders per second. */
  start?: number;
  seed?: number;
}

/** Writes the fixture; returns how many orders it holds. */
export async function writeSmallFiles(store: Store, options: FixtureOptions = {}): Promise<number> {
  const { batchOrders = 25, orders = 300, partitions = 2, start = FIXTURE_HOUR + 58 * 60_000 + 40_000, seed = 7 } = options;
  const events = [...createSyntheticSource({ seed, startTime: start, ordersPerSecond: 3, maxOrders: orders, seasonality: false }).generate()];
  const writer = createHistoryWriter(store);
  for (let p = 0; p < partitions; p++) {
    const mine = events.filter((_, i) => i % partitions === p);
    for (let first = 0; first < mine.length; first += batchOrders) {
      const batch = mine.slice(first, first + batchOrders).map((event, i) => ({ partition: p, offset: first + i, event, late: false }));
      await writer.writeRaw(p, batch);
    }
  }
  const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(60_000), allowedLatenessMs: 0 } });
  events.forEach((e) => driver.pipe(e));
  driver.finish();
  for (const closed of driver.closed) await writer.writeWindow(closed);
  return events.length;
}

/** Rows and order-independent checksum of what a reader sees, per dataset. */
export async function readerView(store: Store): Promise<Record<Dataset, { rows: number; checksum: string }>> {
  const reader = createHistoryReader(store);
  const view = {} as Record<Dataset, { rows: number; checksum: string }>;
  for (const dataset of DATASETS) {
    const rows = await reader.rows(dataset);
    const names = Object.keys(rows[0] ?? {});
    const sum = createRowChecksum(names);
    sum.add({ names, columns: names.map((n) => rows.map((r) => r[n])), rows: rows.length });
    view[dataset] = { rows: sum.rows, checksum: sum.value() };
  }
  return view;
}
