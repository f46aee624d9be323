// Where the rebuilt timeline lands on the calendar. Timeline day 0 is a Sunday and a second of
// a timeline day is a local time of day in the configured time zone, so every order's event time
// has its order_dow and order_hour_of_day there. The timeline only moves by whole weeks.
import { WorkbenchError } from '../../core/index';

const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;
const HOUR_MS = 3_600_000;
/** 1970-01-04, day 3 of the epoch, was a Sunday. */
const EPOCH_SUNDAY = 3;

/** Where the replay sits: it ends at or before `endMs`, or starts at or after `startMs`. */
export type ReplayAnchor = { endMs: number } | { startMs: number };

/** The message for a time zone Intl does not know, or undefined. */
export function checkTimeZone(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    return `unknown time zone "${timeZone}"; expected an IANA name such as UTC, Europe/Paris or America/Chicago`;
  }
}

/** Local wall time minus UTC at an instant, in ms. */
function offsetFinder(timeZone: string): (utcMs: number) => number {
  if (timeZone === 'UTC') return () => 0;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  return (utcMs) => {
    const part: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(utcMs))) part[p.type] = Number(p.value);
    const local = Date.UTC(part.year as number, (part.month as number) - 1, part.day, part.hour, part.minute, part.second);
    return local - Math.floor(utcMs / 1000) * 1000;
  };
}

/**
 * Local wall time (written as if it were UTC) → the instant. A time that occurs twice (clocks
 * go back) takes its first occurrence; a time that does not exist (clocks go forward) takes the
 * moment the clocks changed. Both keep the mapping non-decreasing. The offsets half a day either
 * side are memoised per local hour, so a replay asks Intl about twice per hour of its timeline.
 */
export function createLocalToUtc(timeZone: string): (localMs: number) => number {
  const offset = offsetFinder(timeZone);
  if (timeZone === 'UTC') return (localMs) => localMs;
  const around = new Map<number, readonly [number, number]>();
  return (localMs) => {
    const hour = Math.floor(localMs / HOUR_MS);
    let pair = around.get(hour);
    if (!pair) {
      pair = [offset(hour * HOUR_MS - HALF_DAY_MS), offset(hour * HOUR_MS + HALF_DAY_MS)];
      around.set(hour, pair);
    }
    const [before, after] = pair;
    if (before === after) return localMs - before;
    const valid = [localMs - before, localMs - after].filter((u) => offset(u) === localMs - u);
    if (valid.length > 0) return Math.min(...valid);
    // In the gap: search the change between the two readings, to the second.
    let lo = localMs - after;
    let hi = localMs - before;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offset(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  };
}

/**
 * The instant of each timeline second: the timeline placed on the calendar by whole weeks so
 * that its last order is at or before anchor.endMs (the latest such week), or its first order
 * at or after anchor.startMs (the earliest such week).
 */
export function placeTimeline(options: { firstSecond: number; lastSecond: number; anchor: ReplayAnchor; timeZone: string }): (second: number) => number {
  const { firstSecond, lastSecond, anchor, timeZone } = options;
  const problem = checkTimeZone(timeZone);
  if (problem) throw new WorkbenchError('BAD_CONFIG', problem);
  const offset = offsetFinder(timeZone);
  const toUtc = createLocalToUtc(timeZone);
  const at = (sunday: number, second: number): number => toUtc(sunday * DAY_MS + second * 1000);
  const sundayOnOrBefore = (day: number): number => day - ((((day - EPOCH_SUNDAY) % 7) + 7) % 7);
  let sunday: number;
  if ('endMs' in anchor) {
    const localEnd = anchor.endMs + offset(anchor.endMs);
    sunday = sundayOnOrBefore(Math.floor((localEnd - lastSecond * 1000) / DAY_MS));
    while (at(sunday, lastSecond) > anchor.endMs) sunday -= 7;
  } else {
    const localStart = anchor.startMs + offset(anchor.startMs);
    sunday = sundayOnOrBefore(Math.floor((localStart - firstSecond * 1000) / DAY_MS));
    while (at(sunday, firstSecond) < anchor.startMs) sunday += 7;
  }
  return (second) => at(sunday, second);
}
