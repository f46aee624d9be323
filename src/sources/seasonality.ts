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
