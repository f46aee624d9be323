import { describe, expect, it } from 'vitest';
import { checkTimeZone, createLocalToUtc, placeTimeline } from '../../../../src/sources/instacart/calendar';

const DAY = 86_400;
const WEEK_MS = 7 * DAY * 1000;

/** Weekday (0 = Sunday) and hour of an instant in a zone, read by Intl independently of the code under test. */
const formats = new Map<string, Intl.DateTimeFormat>();
function localParts(ms: number, timeZone: string): { dow: number; hour: number } {
  if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }));
  const parts = (formats.get(timeZone) as Intl.DateTimeFormat).formatToParts(new Date(ms));
  const weekday = parts.find((p) => p.type === 'weekday')?.value as string;
  return { dow: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekday), hour: Number(parts.find((p) => p.type === 'hour')?.value) };
}

describe('placeTimeline', () => {
  it('in UTC, ends in the week before the end anchor, with day 0 a Sunday at midnight', () => {
    const end = Date.UTC(2026, 10, 30, 9, 15); // a Monday
    const at = placeTimeline({ firstSecond: 2 * DAY, lastSecond: 40 * DAY + 10 * 3600, anchor: { endMs: end }, timeZone: 'UTC' });
    const last = at(40 * DAY + 10 * 3600);
    expect(last).toBeLessThanOrEqual(end);
    expect(last).toBeGreaterThan(end - WEEK_MS);
    const dayZero = new Date(at(0));
    expect([dayZero.getUTCDay(), dayZero.getUTCHours(), dayZero.getUTCMinutes()]).toEqual([0, 0, 0]);
    expect(at(3600) - at(0)).toBe(3_600_000);
  });

  it('starts in the week after the start anchor', () => {
    const start = Date.UTC(2026, 0, 7, 13); // a Wednesday
    const at = placeTimeline({ firstSecond: 5 * DAY + 3600, lastSecond: 90 * DAY, anchor: { startMs: start }, timeZone: 'Europe/Paris' });
    const first = at(5 * DAY + 3600);
    expect(first).toBeGreaterThanOrEqual(start);
    expect(first).toBeLessThan(start + WEEK_MS);
    expect(localParts(first, 'Europe/Paris')).toEqual({ dow: 5, hour: 1 });
  });

  it('keeps weekday and hour in a zone with daylight saving, across a whole year, never going back in time', () => {
    const timeZone = 'America/New_York';
    const at = placeTimeline({ firstSecond: 0, lastSecond: 400 * DAY, anchor: { endMs: Date.UTC(2027, 5, 1) }, timeZone });
    let previous = Number.NEGATIVE_INFINITY;
    let gapHours = 0;
    for (let day = 0; day < 400; day++) {
      for (let hour = 0; hour < 24; hour++) {
        const ms = at(day * DAY + hour * 3600 + 1234);
        expect(ms).toBeGreaterThanOrEqual(previous);
        previous = ms;
        const local = localParts(ms, timeZone);
        if (local.hour === hour) {
          expect(local.dow).toBe(day % 7);
          continue;
        }
        // 02:xx on the spring-forward Sunday does not exist: it takes the moment clocks changed (03:00).
        gapHours++;
        expect([local.dow, local.hour, day % 7, hour, new Date(ms).getUTCMinutes()]).toEqual([0, 3, 0, 2, 0]);
      }
    }
    expect(gapHours).toBe(1);
  });

  it('takes the first of a time that occurs twice when clocks go back', () => {
    const toUtc = createLocalToUtc('America/New_York');
    // 2026-11-01 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    expect(toUtc(Date.UTC(2026, 10, 1, 1, 30))).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(toUtc(Date.UTC(2026, 10, 1, 2, 30))).toBe(Date.UTC(2026, 10, 1, 7, 30));
  });

  it('names an unknown time zone', () => {
    expect(checkTimeZone('Europe/Paris')).toBeUndefined();
    expect(checkTimeZone('Nowhere/Else')).toContain('unknown time zone "Nowhere/Else"');
    expect(() => placeTimeline({ firstSecond: 0, lastSecond: 0, anchor: { endMs: 1 }, timeZone: 'Nowhere/Else' })).toThrow(/unknown time zone/);
  });
});
