// The windows of a flush on the real HDFS: one file per dataset and hour partition, reconciled
// with raw by verify, and a replay with other flush boundaries adds no file and doubles nothing.
import { describe, expect, it } from 'vitest';
import { createHistoryWriter, createSyntheticSource, createTopologyDriver, createWebHdfsStore, systemClock, tumbling, verifyStore } from '../../../src/index';
import { hdfsTestRoot, listHdfs, NAMENODE } from './webhdfs-direct';

const MIN = 60_000;

describe('a flush\'s windows on HDFS', () => {
  it('writes one file per dataset and hour, and a replay after a crash changes nothing', async () => {
    const root = hdfsTestRoot('window-files');
    const store = createWebHdfsStore({ namenode: NAMENODE, root, user: 'purchase-trends-test', clock: systemClock });
    const events = [...createSyntheticSource({ seed: 5, startTime: Date.UTC(2026, 10, 24, 9, 52, 10), ordersPerSecond: 0.5, maxOrders: 300, seasonality: false }).generate()];
    const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(MIN), allowedLatenessMs: 0 } });
    events.forEach((e) => driver.pipe(e));
    driver.finish();
    const writer = createHistoryWriter(store);
    await writer.writeRaw(0, events.map((event, offset) => ({ partition: 0, offset, event, late: false })));

    await writer.writeWindows(driver.closed.slice(0, 5));
    await writer.writeWindows(driver.closed.slice(5));
    const aggregated = async () => (await listHdfs(`${root}/purchase-analytics/aggregated`)).map((f) => f.path).sort();
    const files = await aggregated();
    // hour 09: windows 09:52-09:56, then 09:57-09:59; hour 10: the rest.
    expect(files.filter((p) => /(^|\/)by_hour\//.test(p)).map((p) => p.slice(p.lastIndexOf('/') + 1))).toEqual([
      'windows-20261124T095200-20261124T095600-60s.parquet', 'windows-20261124T095700-20261124T095900-60s.parquet',
      expect.stringMatching(/^windows-20261124T100000-20261124T10\d{4}-60s\.parquet$/),
    ]);
    expect(files).toHaveLength(3 * 5); // the same three files in each of the five aggregated datasets

    // A replay from window 2 with other boundaries: nothing to add.
    await writer.writeWindows(driver.closed.slice(2, 9));
    await writer.writeWindows(driver.closed.slice(9));
    expect(await aggregated()).toEqual(files);
    const report = await verifyStore(store, MIN);
    expect(report.mismatches).toEqual([]);
    expect(report.windows).toBe(driver.closed.length);
  }, 120_000);
});
