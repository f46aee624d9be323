// Hours of a steady stream through stage 1 and stage 2 (trend detector off), two orders a
// minute, each minute handed over as it ends: for tests of the retention and the long ranges.
import {
  createStage1, DEFAULT_ALERT_SETTINGS, DEFAULT_STREAM_SETTINGS, encodeCheckout, type CheckoutEvent,
} from '../../src/index';
import { createStage2 } from '../../src/stream/index';
import type { OrderLine } from '../../src/domain/index';
import { order } from './events';

const MINUTE = 60_000;

export function steadyHours(options: { start: number; hours: number; retentionMs?: number; lines: (minute: number) => [OrderLine, OrderLine] }) {
  const settings = { ...DEFAULT_STREAM_SETTINGS, allowedLatenessMs: 0, ...(options.retentionMs ? { retentionMs: options.retentionMs } : {}) };
  const stage1 = createStage1(settings);
  const stage2 = createStage2(settings, { ...DEFAULT_ALERT_SETTINGS, enabled: false });
  const events: CheckoutEvent[] = [];
  let offset = 0;
  for (let m = 0; m < options.hours * 60; m++) {
    const t = options.start + m * MINUTE;
    const [first, second] = options.lines(m);
    const batch = [order(t + 1_000, [first]), order(t + 2_000, [second])];
    batch.forEach((e) => stage1.accept('t', 0, offset++, encodeCheckout(e)));
    events.push(...batch);
    stage2.ingest(stage1.drainAll(), t + 3_000);
  }
  return { view: stage2.view, events, to: events[events.length - 1]!.event_time };
}
