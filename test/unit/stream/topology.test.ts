import { describe, expect, it } from 'vitest';
import { createSyntheticSource, createTopologyDriver, tumbling } from '../../../src/index';
import type { ClosedWindow } from '../../../src/stream/index';
import type { WindowAgg } from '../../../src/domain/index';
import { line, order } from '../../helpers/events';

const MIN = 60_000;
const T0 = 1_700_000_040_000; // aligned to the minute

const comparable = (w: WindowAgg) => ({
  start: w.start, end: w.end, orders: w.orders, lines: w.lines, quantity: w.quantity, revenue: w.revenue,
  products: [...w.products].map(([id, p]) => [id, p.orders, p.quantity, Math.round(p.revenue * 100), p.reorders, p.customers.estimate(), p.latest]).sort((a, b) => (a[0] as number) - (b[0] as number)),
  departments: [...w.departments].map(([id, d]) => [id, d.orders, d.lines, d.quantity, Math.round(d.revenue * 100), d.users.estimate(), d.products.estimate()]).sort((a, b) => (a[0] as number) - (b[0] as number)),
  hours: [...w.hours].map(([h, a]) => [h, a.orders, a.lines, Math.round(a.revenue * 100), a.users.estimate(), a.products.estimate()]).sort((a, b) => (a[0] as number) - (b[0] as number)),
});

describe('topology through the test driver', () => {
  it('closes a window only when the watermark passes its end', () => {
    const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(MIN), allowedLatenessMs: 5_000 } });
    driver.pipe(order(T0 + 1_000, [line(1)]));
    driver.pipe(order(T0 + MIN - 1, [line(1)])); // last ms of the first window
    expect(driver.punctuate()).toEqual([]);
    driver.pipe(order(T0 + MIN + 4_999, [line(2)])); // watermark = T0 + MIN - 1 < end
    expect(driver.punctuate()).toEqual([]);
    driver.pipe(order(T0 + MIN + 5_000, [line(2)])); // watermark = T0 + MIN = end
    const closed = driver.punctuate();
    expect(closed.map((c) => [c.window.start, c.window.end, c.window.orders])).toEqual([[T0, T0 + MIN, 2]]);
  });

  it('counts a late order as late, keeps it out of its closed window, and never drops it', () => {
    const driver = createTopologyDriver({ partitions: 1, settings: { window: tumbling(MIN), allowedLatenessMs: 0 } });
    driver.pipe(order(T0 + 10, [line(1)]));
    driver.pipe(order(T0 + MIN + 10, [line(1)]));
    expect(driver.pipe(order(T0 + 20, [line(1, { unit_price: 4 })])).arrival).toBe('late');
    expect(driver.pipe(order(T0 + MIN + 20, [line(1)])).arrival).toBe('on-time');
    driver.finish();
    const summary = driver.stage2.view.summary();
    expect(summary.orders).toBe(4);
    expect(summary.late.orders).toBe(1);
    expect(summary.late.revenue).toBeCloseTo(4);
    expect(driver.closed.map((c) => c.window.orders)).toEqual([1, 2]);
  });

  it('ranks top products (stage 2 each window alone, for by_product) and the view reports rank change against the previous window', () => {
    const driver = createTopologyDriver({ partitions: 2, settings: { window: tumbling(MIN), allowedLatenessMs: 0, topK: 3 } });
    const sell = (t: number, id: number, units: number) => driver.pipe(order(t, [line(id, { quantity: units, unit_price: 1 })]));
    sell(T0 + 1, 1, 10); sell(T0 + 2, 2, 5); sell(T0 + 3, 3, 1);
    sell(T0 + MIN + 1, 3, 20); sell(T0 + MIN + 2, 1, 8); sell(T0 + MIN + 3, 4, 2);
    driver.finish();
    const [first, second] = driver.closed as [ClosedWindow, ClosedWindow];
    expect(first.topByUnits.map((p) => [p.productId, p.rank, p.rankChange])).toEqual([[1, 1, null], [2, 2, null], [3, 3, null]]);
    expect(second.topByUnits.map((p) => [p.productId, p.rank, p.previousRank])).toEqual([[3, 1, null], [1, 2, null], [4, 3, null]]);
    expect(driver.stage2.view.topProducts('units').map((p) => [p.productId, p.rank, p.previousRank, p.rankChange])).toEqual([
      [3, 1, 3, 2], [1, 2, 1, -1], [4, 3, null, null],
    ]);
  });

  it('merging partials from many partitions equals a single-pass aggregation', () => {
    const source = createSyntheticSource({ seed: 7, startTime: T0, ordersPerSecond: 20, maxOrders: 3_000, seasonality: false });
    const run = (partitions: number, punctuateEvery: number) => {
      const driver = createTopologyDriver({ partitions, settings: { window: tumbling(MIN), allowedLatenessMs: 30_000 } });
      let n = 0;
      for (const event of source.generate()) {
        driver.pipe(event);
        if (++n % punctuateEvery === 0) driver.advance(100);
      }
      driver.finish();
      return driver;
    };
    const single = run(1, 1_000_000);
    const sharded = run(8, 37);
    expect(sharded.closed.length).toBeGreaterThan(2);
    expect(sharded.closed.map((c) => comparable(c.window))).toEqual(single.closed.map((c) => comparable(c.window)));
    // Money is summed exactly, so even revenue matches to the last bit.
    expect(sharded.closed.map((c) => c.topByRevenue)).toEqual(single.closed.map((c) => c.topByRevenue));
    expect(sharded.closed.map((c) => c.window.revenue)).toEqual(single.closed.map((c) => c.window.revenue));
    expect(sharded.stage2.view.summary().orders).toBe(3_000);
  });

  it('drops a repeated partial so a replay after a restart does not double count', () => {
    const driver = createTopologyDriver({ partitions: 1 });
    driver.pipe(order(T0, [line(1)]));
    const [partial] = driver.stage1.drainAll();
    expect(driver.stage2.merger.merge(partial!, 0)).toBe(true);
    expect(driver.stage2.merger.merge(partial!, 0)).toBe(false);
    expect(driver.stage2.merger.state.totals.orders).toBe(1);
    expect(driver.stage2.merger.state.duplicatesDropped).toBe(1);
  });

  it('notes a malformed message with its topic, partition and offset and goes on', () => {
    const driver = createTopologyDriver({ partitions: 1 });
    driver.pipe(order(T0, [line(1)]));
    expect(driver.pipeBytes('9', '{"order_id": "nine"}').arrival).toBe('rejected');
    driver.pipe(order(T0 + 1, [line(1)]));
    driver.finish();
    expect(driver.stage2.view.summary().rejected).toBe(1);
    expect(driver.stage2.view.summary().orders).toBe(2);
    expect(driver.stage2.merger.rejections[0]?.where).toBe('purchase-transactions[0]@1');
  });

  it('closes windows when a silent partition, caught up to its log end, has been idle for the idle timeout', () => {
    const driver = createTopologyDriver({ partitions: 2, settings: { window: tumbling(MIN), allowedLatenessMs: 0, idleTimeoutMs: 1_000 } });
    // Partition 1 never receives an order: the driver reports it caught up, idle only once silent for 1 s.
    const onPartition0 = (t: number) => order(t, [line(1)], { order_id: 1 }); // order 1 hashes to partition 0 of 2
    driver.pipe(onPartition0(T0 + 10));
    driver.pipe(onPartition0(T0 + 2 * MIN));
    expect(driver.punctuate()).toEqual([]); // partition 1 is silent for less than the idle timeout
    driver.clock.advance(2_000);
    driver.pipe(onPartition0(T0 + 2 * MIN + 1));
    expect(driver.punctuate().map((c) => c.window.start)).toEqual([T0]);
  });

  it('keeps rolling stats over the newest event time', () => {
    const driver = createTopologyDriver({ partitions: 1 });
    driver.pipe(order(T0, [line(1, { unit_price: 10 })]));
    driver.pipe(order(T0 + 200_000, [line(1, { unit_price: 1 })]));
    driver.pipe(order(T0 + 250_000, [line(1, { unit_price: 2 })]));
    driver.punctuate();
    const { rolling } = driver.stage2.view.summary();
    expect(rolling['1m'].orders).toBe(2);
    expect(rolling['1m'].revenue).toBeCloseTo(3);
    expect(rolling['5m'].orders).toBe(3);
    expect(rolling['1h'].avgBasketValue).toBeCloseTo(13 / 3);
  });
});
