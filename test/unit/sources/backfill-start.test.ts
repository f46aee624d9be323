// A synthetic backfill of N orders at --rate R covers the N / R seconds up to now at any hour of
// the week, and its orders fill that period: the rate within it is scaled by its mean demand.
import { describe, expect, it } from 'vitest';
import { createSyntheticSource } from '../../../src/index';
import { backfillPeriod, DOW_FACTOR, HOUR_FACTOR, meanDemand } from '../../../src/sources/index';

const MINUTE = 60_000;
// Independent of the function under test: the factor tables averaged second by second.
const averagedBySecond = (from: number, to: number): number => {
  let sum = 0;
  let n = 0;
  for (let t = from; t < to; t += 1000, n++) {
    const d = new Date(t);
    sum += HOUR_FACTOR[d.getUTCHours()]! * DOW_FACTOR[d.getUTCDay()]!;
  }
  return sum / n;
};

const NOW = [Date.UTC(2026, 11, 1, 0, 16), Date.UTC(2026, 11, 3, 4, 0), Date.UTC(2026, 10, 29, 10, 30), Date.UTC(2026, 10, 28, 23, 59, 59)];

describe('backfill period', () => {
  it.each(NOW)('the mean demand over a period agrees with a second-by-second average (now %d)', (now) => {
    for (const hours of [0.5, 4.2, 26, 24 * 9]) {
      const from = now - hours * 3_600_000;
      expect(meanDemand(from, now)).toBeCloseTo(averagedBySecond(from, now), 6);
    }
  });

  it('keeps the period of orders / rate up to now, and without seasonality the rate too', () => {
    const now = NOW[0]!;
    expect(backfillPeriod(now, 3_000, 0.2)).toEqual({ startTime: now - 15_000_000, ordersPerSecond: 0.2 / meanDemand(now - 15_000_000, now) });
    expect(backfillPeriod(now, 3_000, 0.2, false)).toEqual({ startTime: now - 15_000_000, ordersPerSecond: 0.2 });
    // A week is the mean: the rate stays what was asked for.
    expect(backfillPeriod(now, 0.2 * 7 * 86_400, 0.2).ordersPerSecond).toBeCloseTo(0.2, 10);
  });

  it.each(NOW)('3,000 orders at 0.2/s end within minutes of now, not hours after (now %d)', (now) => {
    const period = backfillPeriod(now, 3_000, 0.2);
    const events = [...createSyntheticSource({ seed: 42, ...period, maxOrders: 3_000 }).generate()];
    expect(events).toHaveLength(3_000);
    expect(events[0]!.event_time).toBeGreaterThanOrEqual(now - 15_000_000);
    // Poisson spread: about sqrt(3,000) = 55 orders either way, 2% of the 250 minutes.
    expect(Math.abs(events.at(-1)!.event_time - now)).toBeLessThan(20 * MINUTE);
  });

  it('the mean rate alone ran hours into the future after midnight: the case this fixes', () => {
    const now = NOW[0]!;
    const naive = [...createSyntheticSource({ seed: 42, startTime: now - 15_000_000, ordersPerSecond: 0.2, maxOrders: 3_000 }).generate()];
    expect(naive.at(-1)!.event_time - now).toBeGreaterThan(4 * 60 * MINUTE);
  });
});
