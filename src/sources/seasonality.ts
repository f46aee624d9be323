// Instacart's shape of demand: share of orders by hour of day and by day of week
// (rounded from the public data set's marginals), normalised to a mean of 1.

const HOUR_SHARE = [
  0.7, 0.4, 0.2, 0.2, 0.2, 0.3, 0.9, 2.8, 5.3, 7.6, 8.4, 8.3,
  8.0, 8.0, 8.3, 8.4, 8.0, 6.7, 5.2, 4.1, 3.1, 2.5, 2.0, 1.3,
];
// Sunday first, as order_dow counts.
const DOW_SHARE = [19.5, 17.5, 13.0, 12.0, 11.7, 13.0, 13.8];

const normalise = (shares: number[]): number[] => {
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  return shares.map((s) => s / mean);
};

export const HOUR_FACTOR: readonly number[] = normalise(HOUR_SHARE);
export const DOW_FACTOR: readonly number[] = normalise(DOW_SHARE);

/** Relative demand at an epoch time (UTC), mean 1 over a week. */
export function demandFactor(epochMs: number): number {
  const date = new Date(epochMs);
  return (HOUR_FACTOR[date.getUTCHours()] as number) * (DOW_FACTOR[date.getUTCDay()] as number);
}

/** The highest factor of the week: the envelope for thinning a Poisson process. */
export const PEAK_DEMAND = Math.max(...HOUR_FACTOR) * Math.max(...DOW_FACTOR);

const HOUR_MS = 3_600_000;

/** The mean demand factor over [fromMs, toMs): exact, since the factor is constant within an hour. */
export function meanDemand(fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return demandFactor(fromMs);
  let sum = 0;
  for (let t = fromMs; t < toMs; ) {
    const next = Math.min((Math.floor(t / HOUR_MS) + 1) * HOUR_MS, toMs);
    sum += demandFactor(t) * (next - t);
    t = next;
  }
  return sum / (toMs - fromMs);
}

/** The event time a synthetic backfill of `orders` covers: orders / rate, the rate being the weekly mean. */
export const backfillSpanMs = (orders: number, ordersPerSecond: number): number => (Math.max(orders, 0) / ordersPerSecond) * 1000;

/**
 * A synthetic backfill of `orders` at a weekly mean of ordersPerSecond: it covers the
 * orders / ordersPerSecond seconds up to endMs, and the rate within them is scaled by the
 * period's mean demand so that the orders fill that period and end about endMs. With the mean
 * rate alone, 3,000 orders at 0.2/s started 250 minutes before a quarter past midnight ran
 * until eight in the morning, since night demand is a tenth of the mean.
 */
export function backfillPeriod(endMs: number, orders: number, ordersPerSecond: number, seasonality = true): { startTime: number; ordersPerSecond: number } {
  const startTime = endMs - backfillSpanMs(orders, ordersPerSecond);
  return { startTime, ordersPerSecond: seasonality ? ordersPerSecond / meanDemand(startTime, endMs) : ordersPerSecond };
}
