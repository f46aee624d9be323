// The export of the "all" range holds what the dashboard's "all" shows: the whole retention.
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { liveReportModel } from '../../../server/export-routes';
import { line } from '../../helpers/events';
import { steadyHours } from '../../helpers/long-stream';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 24, 0, 30);
const RETENTION = 6 * HOUR;

/** Ten hours of two orders a minute against a 6-hour retention. */
const tenHours = () => steadyHours({ start: T0, hours: 10, retentionMs: RETENTION, lines: (m) => [line(100), line(1 + (m % 5))] });

const request = (range: string) => ({ query: { range } }) as unknown as Request;

describe('the "all" export', () => {
  const { view, events, to } = tenHours();

  it('holds every closed window the dashboard\'s "all" counts', () => {
    const all = view.range('all');
    const openFrom = Math.floor(to / MINUTE) * MINUTE; // the newest window is still open: the dashboard counts it, a report of closed windows not
    const open = events.filter((e) => e.event_time >= openFrom).length;
    const model = liveReportModel(view, request('all'), to + MINUTE);
    expect(model.summary.orders).toBe(all.kpis.orders - open);
    // Exact to the retention: whole hours from the top of the hour it reaches back into.
    const horizon = Math.floor((to - RETENTION) / HOUR) * HOUR;
    expect(all.kpis.orders).toBe(events.filter((e) => e.event_time >= horizon).length);
  });
});

describe('the export of a run younger than its range', () => {
  // Half an hour, its first order a second into its first window: the range starts there.
  const { view, events, to } = steadyHours({ start: T0, hours: 0.5, lines: (m) => [line(100), line(1 + (m % 5))] });
  const openFrom = Math.floor(to / MINUTE) * MINUTE;

  it('holds every closed window the dashboard counts, the first one included, at every range', () => {
    for (const range of ['all', '24h', '1h', '15m']) {
      const shown = view.range(range as 'all');
      const closedFrom = range === '15m' ? openFrom - 14 * MINUTE : T0;
      if (range !== '15m') expect(shown.from, range).toBe(events[0]!.event_time);
      const closed = events.filter((e) => e.event_time >= closedFrom && e.event_time < openFrom).length;
      const model = liveReportModel(view, request(range), to + MINUTE);
      // It used to start at the first order, after the first window's start: "24h" and "all" (one hour block) came out empty.
      expect(model.summary.orders, range).toBe(closed);
      expect(shown.kpis.orders - events.filter((e) => e.event_time >= openFrom).length, range).toBe(closed);
    }
  });
});
