import { describe, expect, it } from 'vitest';
import { countsFromWindow } from '../../../../src/domain/trend/index';
import {
  createSyntheticSource, createTopologyDriver, createWindowCounter, tumbling, type WindowCounts,
} from '../../../../src/index';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10);

const plain = (w: WindowCounts) => ({
  start: w.start, end: w.end, orders: w.orders,
  products: [...w.products].map(([id, p]) => [id, p.orders, p.departmentId, p.name]).sort((a, b) => (a[0] as number) - (b[0] as number)),
  departments: [...w.departments].map(([id, d]) => [id, d.lines, d.name]).sort((a, b) => (a[0] as number) - (b[0] as number)),
});

describe('counts for the trend detector', () => {
  it('counting events straight into windows gives what stage 2 closes (the benchmark relies on it)', () => {
    const source = createSyntheticSource({ seed: 9, startTime: T0 + 17_000, ordersPerSecond: 30, maxOrders: 8_000, seasonality: false });
    const driver = createTopologyDriver({ partitions: 3, settings: { window: tumbling(MINUTE), allowedLatenessMs: 0 } });
    const counted: WindowCounts[] = [];
    const counter = createWindowCounter({ sizeMs: MINUTE, onClosed: (w) => counted.push(w) });
    let n = 0;
    for (const event of source.generate()) {
      driver.pipe(event);
      counter.add(event);
      if (++n % 500 === 0) driver.advance(250);
    }
    driver.finish();
    counter.finish();
    expect(counted.length).toBeGreaterThan(3);
    expect(counted.map(plain)).toEqual(driver.closed.map((c) => plain(countsFromWindow(c.window))));
  });

  it('hands a window over only once the stream is past its end by the lateness', () => {
    const closed: number[] = [];
    const counter = createWindowCounter({ sizeMs: MINUTE, closeAfterMs: 10_000, onClosed: (w) => closed.push(w.start) });
    const at = (t: number) => counter.add({ event_id: String(t), event_time: t, order_id: t, user_id: 1, order_number: 1, order_dow: 1, order_hour_of_day: 10, days_since_prior_order: null, lines: [] });
    at(T0 + 5_000);
    at(T0 + MINUTE + 9_999);
    expect(closed).toEqual([]);
    at(T0 + MINUTE + 10_000);
    expect(closed).toEqual([T0]);
    counter.finish();
    expect(closed).toEqual([T0, T0 + MINUTE]);
  });
});
