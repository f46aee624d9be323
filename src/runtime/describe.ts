// The startup line of a producing command: what the source will send. A replay says which files,
// how many orders and which period of event time it covers (after its index passes, which also
// give the progress bar its total); a synthetic stream says what --rate means and its peak.
import type { Config } from '../config/index';
import { durationText } from '../domain/trend/index';
import { formatCount, formatTime } from '../report/index';
import type { InstacartSource } from '../sources/instacart/index';
import { backfillSpanMs, DOW_FACTOR, HOUR_FACTOR, PEAK_DEMAND, type SkipTally, type EventSource } from '../sources/index';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const rounded = (n: number): string => (n >= 10 ? formatCount(n) : n.toFixed(2));

/** The busiest hour of the week and its rate, for a mean of `rate` orders per second. */
export function expectedPeak(rate: number): { rate: number; day: string; hour: number } {
  const hour = HOUR_FACTOR.indexOf(Math.max(...HOUR_FACTOR));
  const day = DOW_FACTOR.indexOf(Math.max(...DOW_FACTOR));
  return { rate: rate * PEAK_DEMAND, day: DAYS[day] as string, hour };
}

export async function describeSource(source: EventSource, config: Config, skipped?: SkipTally): Promise<string> {
  const { source: settings } = config;
  if (source.kind === 'instacart' && 'prepare' in source) {
    const s = await (source as InstacartSource).prepare();
    const period = s.firstEventTime === null || s.lastEventTime === null
      ? 'no orders to replay'
      : `event time ${formatTime(s.firstEventTime)} to ${formatTime(s.lastEventTime)}`;
    const zone = settings.timeZone === 'UTC' ? '' : ` (each order at its order_dow and order_hour_of_day in ${settings.timeZone})`;
    const skips = skipped?.describe();
    return `replay of ${s.lineFiles.join(' and ')}: ${formatCount(s.total)} orders, ${formatCount(s.lines)} lines; ${period}${zone}` +
      (skips ? `; ${skips}` : '');
  }
  if (settings.backfill) {
    if (!settings.maxOrders) return 'synthetic store: orders as fast as the transport takes them';
    // The period openSource gives a backfill (backfillPeriod), ending now.
    const span = durationText(backfillSpanMs(settings.maxOrders, settings.rate / settings.speedup));
    const shape = settings.seasonality ? ', shaped by the hour and weekday' : '';
    return `synthetic store: ${formatCount(settings.maxOrders)} orders over the ${span} of event time up to now${shape}, as fast as the transport takes them`;
  }
  const per = settings.speedup === 1 ? 'of wall clock' : `of wall clock, event time ×${settings.speedup}`;
  if (!settings.seasonality) return `synthetic store: ${rounded(settings.rate)} orders/s ${per}, flat`;
  const peak = expectedPeak(settings.rate);
  return `synthetic store: --rate ${rounded(settings.rate)} orders/s ${per} is the mean over a week; demand follows the hour and weekday ` +
    `(UTC), from about ${rounded(settings.rate * Math.min(...HOUR_FACTOR) * Math.min(...DOW_FACTOR))}/s at night to a peak of about ` +
    `${rounded(peak.rate)}/s on ${peak.day}s ${String(peak.hour).padStart(2, '0')}:00-${String(peak.hour + 1).padStart(2, '0')}:00`;
}
