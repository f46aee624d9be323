// The windows of a flush in one file per dataset and hour partition: readers see the same rows
// as with one file per window, verify reconciles them with raw, and a replay after a crash
// with other flush boundaries neither doubles nor loses a window.
import { describe, expect, it } from 'vitest';
import {
  compactClosedHours, createFsStore, createHistoryWriter, createSyntheticSource, createTopologyDriver, tumbling, verifyStore, type Store,
} from '../../../src/index';
import type { ClosedWindow } from '../../../src/stream/index';
import { partitionFiles, spanOf } from '../../../src/store/compaction-names';
import { planWindowFiles } from '../../../src/store/window-files';
import { readerView } from '../../helpers/history-fixture';
import { tempDir } from '../../helpers/tmp';

const MIN = 60_000;
const START = Date.UTC(2026, 10, 24, 9, 48, 10);
const AGGREGATES = ['by_product', 'by_department', 'by_hour', 'by_department_hour', 'by_pair'] as const;

/** Raw lines and the closed one-minute windows of 09:48 to 10:11, in two stores' worth of inputs. */
function history() {
  const events = [...createSyntheticSource({ seed: 11, startTime: START, ordersPerSecond: 0.5, maxOrders: 700, seasonality: false }).generate()];
  const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(MIN), allowedLatenessMs: 0 } });
  events.forEach((e) => driver.pipe(e));
  driver.finish();
  const raw = events.map((event, offset) => ({ partition: 0, offset, event, late: false }));
  return { raw, closed: driver.closed };
}

async function storeWithRaw(label: string, raw: ReturnType<typeof history>['raw']): Promise<Store> {
  const store = createFsStore({ root: await tempDir(label) });
  await createHistoryWriter(store).writeRaw(0, raw);
  return store;
}

const aggregateFiles = async (store: Store): Promise<string[]> =>
  (await store.list('purchase-analytics/aggregated')).map((f) => f.path.slice('purchase-analytics/aggregated/'.length)).sort();

/** No two visible window files of a folder share a window. */
async function expectNoOverlap(store: Store): Promise<void> {
  for (const dataset of AGGREGATES) {
    const byDir = new Map<string, string[]>();
    for (const f of await store.list(`purchase-analytics/aggregated/${dataset}`)) byDir.set(f.path.slice(0, f.path.lastIndexOf('/')), [...(byDir.get(f.path.slice(0, f.path.lastIndexOf('/'))) ?? []), f.path]);
    for (const paths of byDir.values()) {
      const spans = partitionFiles(paths.map((path) => ({ path }))).visible.map((f) => spanOf(f.path)!).sort((a, b) => a.lo - b.lo);
      spans.forEach((s, i) => i > 0 && expect(s.lo).toBeGreaterThan(spans[i - 1]!.hi));
    }
  }
}

describe('the windows of a flush, one file per dataset and hour partition', () => {
  it('writes a flush spanning two hours as one file per dataset and hour, with the rows of one file per window', async () => {
    const { raw, closed } = history();
    expect(closed.length).toBeGreaterThan(20);
    const grouped = await storeWithRaw('grouped', raw);
    const single = await storeWithRaw('single', raw);
    await createHistoryWriter(grouped).writeWindows(closed);
    for (const c of closed) await createHistoryWriter(single).writeWindow(c);

    const first = closed[0]!.window.start;
    const last = closed[closed.length - 1]!.window.start;
    expect(new Date(first).toISOString()).toBe('2026-11-24T09:48:00.000Z');
    expect(new Date(last).getUTCHours()).toBe(10);
    const lastStamp = new Date(last).toISOString().replace(/[-:]/g, '').slice(0, 15);
    expect(await aggregateFiles(grouped)).toEqual(AGGREGATES.flatMap((d) => [
      `${d}/dt=2026-11-24/hour=09/windows-20261124T094800-20261124T095900-60s.parquet`,
      `${d}/dt=2026-11-24/hour=10/windows-20261124T100000-${lastStamp}-60s.parquet`,
    ]).sort());
    expect((await aggregateFiles(single)).length).toBe(AGGREGATES.length * closed.length);

    expect(await readerView(grouped)).toEqual(await readerView(single));
    // Independently of the writer: every measure of every window against raw.
    const report = await verifyStore(grouped, MIN);
    expect(report.mismatches).toEqual([]);
    expect(report.windows).toBe(closed.length);
    expect(report.aggregatedFiles).toBe(8);
  });

  it('replays a flush after a crash, with other boundaries, without doubling or losing a window', async () => {
    const { raw, closed } = history();
    const reference = await storeWithRaw('reference', raw);
    for (const c of closed) await createHistoryWriter(reference).writeWindow(c);

    const store = await storeWithRaw('crashed', raw);
    // The first process writes windows 0-5, then crashes during the flush of 6-13, after by_product.
    await createHistoryWriter(store).writeWindows(closed.slice(0, 6));
    const crashing: Store = {
      ...store,
      write: async (path, bytes) => {
        if (path.includes('/by_department/')) throw new Error(`simulated crash before writing ${path}`);
        await store.write(path, bytes);
      },
    };
    await expect(createHistoryWriter(crashing).writeWindows(closed.slice(6, 14))).rejects.toThrow(/simulated crash/);

    // The replay restarts at window 3 and flushes 3-9, then the rest.
    const replay = createHistoryWriter(store);
    await replay.writeWindows(closed.slice(3, 10));
    await replay.writeWindows(closed.slice(10));
    await expectNoOverlap(store);
    expect(await readerView(store)).toEqual(await readerView(reference));
    expect((await verifyStore(store, MIN)).mismatches).toEqual([]);

    // Flushing the same windows once more changes no file.
    const files = await store.list('purchase-analytics/aggregated');
    await replay.writeWindows(closed.slice(3, 10));
    await replay.writeWindows(closed);
    expect(await store.list('purchase-analytics/aggregated')).toEqual(files);

    // Compaction finds no overlap to refuse and keeps what readers see.
    const results = await compactClosedHours({ store, closedBefore: Date.UTC(2026, 10, 24, 12) });
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    expect(await readerView(store)).toEqual(await readerView(reference));
  });
});

describe('planWindowFiles', () => {
  const closed = (minute: number): ClosedWindow => {
    const start = Date.UTC(2026, 10, 24, 9, minute);
    return { window: { start, end: start + MIN }, topByRevenue: [], topByUnits: [] } as unknown as ClosedWindow;
  };
  const dir = 'purchase-analytics/aggregated/by_hour/dt=2026-11-24/hour=09';
  const plan = (minutes: number[], existing: string[]) =>
    planWindowFiles('by_hour', minutes.map(closed), existing.map((name) => ({ path: `${dir}/${name}`, size: 1, modified: 0 })))
      .map((f) => [f.path.slice(dir.length + 1), f.windows.map((w) => new Date(w.window.start).getUTCMinutes())]);

  it('names one window as before and several after their first and last', () => {
    expect(plan([5], [])).toEqual([['window-20261124T090500-60s.parquet', [5]]]);
    expect(plan([5, 6, 8], [])).toEqual([['windows-20261124T090500-20261124T090800-60s.parquet', [5, 6, 8]]]);
  });

  it('leaves out windows a file already spans, and never straddles one', () => {
    const existing = ['windows-20261124T090000-20261124T090600-60s.parquet', 'window-20261124T091000-60s.parquet', 'window-20261124T090700-300s.parquet'];
    expect(plan([4, 5, 6, 7, 8, 9, 10, 11, 12], existing)).toEqual([
      ['windows-20261124T090700-20261124T090900-60s.parquet', [7, 8, 9]],
      ['windows-20261124T091100-20261124T091200-60s.parquet', [11, 12]],
    ]);
    expect(plan([1, 2, 3], existing)).toEqual([]);
  });
});
