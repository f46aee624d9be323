// The export of the "all" range holds what the dashboard's "all" shows: the whole retention.
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { liveReportModel } from '../../../server/export-routes';
import { createStage1, createStage2, DEFAULT_ALERT_SETTINGS, DEFAULT_STREAM_SETTINGS, encodeCheckout, type CheckoutEvent } from '../../../src/index';
import { line, order } from '../../helpers/events';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 24, 0, 30);
const RETENTION = 6 * HOUR;

/** Ten hours of two orders a minute against a 6-hour retention. */
function tenHours() {
  const settings = { ...DEFAULT_STREAM_SETTINGS, allowedLatenessMs: 0, retentionMs: RETENTION };
  const stage1 = createStage1(settings);
  const stage2 = createStage2(settings, { ...DEFAULT_ALERT_SETTINGS, enabled: false });
  const events: CheckoutEvent[] = [];
  let offset = 0;
  for (let m = 0; m < 10 * 60; m++) {
    const t = T0 + m * MINUTE;
    const batch = [order(t + 1_000, [line(100)]), order(t + 2_000, [line(1 + (m % 5))])];
    batch.forEach((e) => stage1.accept('t', 0, offset++, encodeCheckout(e)));
    events.push(...batch);
    stage2.ingest(stage1.drainAll(), t + 3_000);
  }
  return { view: stage2.view, events, to: events[events.length - 1]!.event_time };
}

const request = (range: string) => ({ query: { range } }) as unknown as Request;

describe('the "all" export', () => {
  const { view, events, to } = tenHours();

  it('holds every closed window the dashboard\'s "all" counts', () => {
    const all = view.range('all');
    const openFrom = Math.floor(to / MINUTE) * MINUTE; // the newest window is still open: the dashboard counts it, a report of closed windows not
    const open = events.filter((e) => e.event_time >= openFrom).length;
    const model = liveReportModel(view, request('all'), to + MINUTE);
    expect(model.summary.orders).toBe(all.kpis.orders - open);
    // Exact to the retention: whole hours from the first block boundary inside it.
    const horizon = Math.ceil((to - RETENTION) / HOUR) * HOUR;
    expect(all.kpis.orders).toBe(events.filter((e) => e.event_time >= horizon).length);
  });
});
