// --live-retention longer than a day: "all" then reaches further back than "24 h".
import { describe, expect, it } from 'vitest';
import { line } from '../../helpers/events';
import { steadyHours } from '../../helpers/long-stream';

const HOUR = 3_600_000;

describe('a live retention of 30 hours', () => {
  it('makes "all" the whole 30 hours, exactly, and "24 h" the last day', () => {
    const { view, events, to } = steadyHours({ start: Date.UTC(2026, 10, 23, 0, 30), hours: 32, retentionMs: 30 * HOUR, lines: (m) => [line(100), line(1 + (m % 5))] });
    const all = view.range('all').kpis.orders;
    const day = view.range('24h').kpis.orders;
    // Whole hours from the top of the hour the retention reaches back into (as for the default day).
    const horizon = Math.floor((to - 30 * HOUR) / HOUR) * HOUR;
    expect(all).toBe(events.filter((e) => e.event_time >= horizon).length);
    expect(all).toBeGreaterThan(day + 5 * 120 - 1); // at least 5 more hours of 120 orders
  });
});
