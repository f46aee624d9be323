import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/core/index';
import {
  createStage1, createSyntheticSource, DEFAULT_ALERT_SETTINGS, DEFAULT_STREAM_SETTINGS, encodeCheckout, tumbling, type AlertEvent,
} from '../../../src/index';
import { createStage2, type StreamSettings } from '../../../src/stream/index';
import { partitionForKey } from '../../../src/transport/index';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 0, 20);

/** Stage 1 and stage 2 as the runtime wires them, with a manual clock, and alerts on after 5 minutes. */
function pipeline(alerts = { ...DEFAULT_ALERT_SETTINGS, warmupMs: 5 * MINUTE }) {
  const settings: StreamSettings = { ...DEFAULT_STREAM_SETTINGS, window: tumbling(MINUTE), allowedLatenessMs: 2_000 };
  const clock = createManualClock(T0);
  const stage1 = createStage1(settings);
  const stage2 = createStage2(settings, alerts);
  const offsets = [0, 0];
  const events: AlertEvent[] = [];
  stage2.alerts.desk.subscribe((batch) => events.push(...batch));
  return {
    stage2, clock, events,
    feed(source: ReturnType<typeof createSyntheticSource>) {
      let n = 0;
      for (const e of source.generate()) {
        const p = partitionForKey(String(e.order_id), 2, 0);
        stage1.accept('t', p, offsets[p]!++, encodeCheckout(e));
        if (++n % 300 === 0) {
          clock.advance(100);
          stage2.ingest(stage1.drainAll(), clock.now());
        }
      }
      stage2.ingest(stage1.drainAll(), clock.now());
      stage2.finish();
    },
  };
}

describe('the trend detector in stage 2', () => {
  it('turns a surge in the stream into one alert on the desk and in the live view, and takes an acknowledgement', () => {
    const probe = createSyntheticSource({ seed: 21, startTime: T0, ordersPerSecond: 20, maxOrders: 3_000, seasonality: false });
    const sold = new Map<number, number>();
    for (const e of probe.generate()) for (const l of e.lines) sold.set(l.product_id, (sold.get(l.product_id) ?? 0) + 1);
    // A product in about 1% of orders: ~12 a minute at 20 orders a second.
    const [productId] = [...sold].sort((a, b) => Math.abs(a[1] / 3_000 - 0.01) - Math.abs(b[1] / 3_000 - 0.01))[0]!;
    const from = T0 + 9 * MINUTE;
    const source = createSyntheticSource({
      seed: 21, startTime: T0, ordersPerSecond: 20, endTime: T0 + 14 * MINUTE, seasonality: false,
      scenarios: [{ kind: 'surge', productId, factor: 5, from, to: T0 + 20 * MINUTE }],
    });
    const p = pipeline();
    p.feed(source);

    const alerts = p.stage2.alerts.desk.list();
    expect(alerts.map((a) => [a.level, a.subjectId, a.resolvedAt])).toEqual([['product', productId, null]]);
    expect(alerts[0]!.startedAt - from).toBeLessThanOrEqual(2 * MINUTE);
    expect(p.events.map((e) => e.type)).toEqual(['raised']);
    expect(p.stage2.view.alertSource).toBe('trend-detector');
    expect(p.stage2.view.alerts().map((a) => a.id)).toEqual([alerts[0]!.id]);

    p.clock.advance(5_000);
    const acked = p.stage2.alerts.acknowledge(alerts[0]!.id, p.clock.now());
    expect(acked?.acknowledged).toBe(true);
    expect(p.events.at(-1)).toMatchObject({ type: 'acknowledged', at: p.clock.now() });
    expect(p.stage2.view.alerts()[0]!.acknowledged).toBe(true);
  });

  it('can be switched off: no detector, and no stop-gap rule either', () => {
    const p = pipeline({ ...DEFAULT_ALERT_SETTINGS, enabled: false });
    p.feed(createSyntheticSource({ seed: 2, startTime: T0, ordersPerSecond: 5, maxOrders: 500, seasonality: false }));
    expect(p.stage2.alerts.detector).toBeUndefined();
    expect(p.stage2.view.alertSource).toBe('off');
    expect(p.stage2.view.alerts()).toEqual([]);
  });
});
