// The learned baseline: each subject's share of the orders, as an exponentially weighted
// sum of its counts over the same weighted sum of the windows' orders. The expected count of
// a window is share × that window's orders, so hour-of-day, day-of-week, holidays and bursts
// of traffic — everything that moves all subjects together — are accounted for by the
// window's own volume; what is left for the test is a change of the subject's share.

/** Exponentially weighted sums in scaled units: every step multiplies the scale, not every sum. */
export interface ShareBaseline {
  /** Starts a window: decays the past by the event time since the previous window. */
  advance(end: number): void;
  /** Learns a window after it was tested: its orders, then each subject's count. */
  learnExposure(orders: number): void;
  learn(id: number, count: number): void;
  /** Weighted count over weighted exposure; 0 for a subject never seen. */
  share(id: number): number;
  /** Sets a subject's share outright: back to its level before a change, or to the level its department moved to. */
  setShare(id: number, share: number): void;
  /** Weighted count the subject has, in orders of the current scale: < 1 means "never really sold". */
  weightedCount(id: number): number;
  /** Weighted exposure, in orders. */
  readonly exposure: number;
  /** Subjects known, by id. */
  ids(): IterableIterator<number>;
  readonly size: number;
}

const RESCALE_AT = 1e150;

/**
 * There is no prior: a subject never seen has a share of 0, and the detector's floor (the
 * minimum support) stands in for its expectation. A prior share big enough to matter for
 * new products inflated small departments by tens of percent.
 */
export function createShareBaseline(options: { halfLifeMs: number }): ShareBaseline {
  // Each subject's scaled sum sits in one growing Float64Array, found through a map of small
  // integers: a Map of doubles keeps each sum as a heap number and makes a new one every time
  // the sum is learned, about 50k a window for the catalogue (session 18: ~13% less CPU a window).
  const slots = new Map<number, number>();
  let sums = new Float64Array(1024);
  let scale = 1;
  let exposure = 0; // scaled
  let lastEnd: number | undefined;

  const slotOf = (id: number): number => {
    let slot = slots.get(id);
    if (slot === undefined) {
      slot = slots.size;
      if (slot === sums.length) {
        const grown = new Float64Array(sums.length * 2);
        grown.set(sums);
        sums = grown;
      }
      slots.set(id, slot);
    }
    return slot;
  };
  const sumOf = (id: number): number => {
    const slot = slots.get(id);
    return slot === undefined ? 0 : (sums[slot] as number);
  };

  return {
    advance(end) {
      if (lastEnd !== undefined && end > lastEnd) scale *= 2 ** ((end - lastEnd) / options.halfLifeMs);
      lastEnd = Math.max(end, lastEnd ?? end);
      if (scale > RESCALE_AT) {
        for (let i = 0; i < slots.size; i++) sums[i] = (sums[i] as number) / scale;
        exposure /= scale;
        scale = 1;
      }
    },
    learnExposure(n) {
      exposure += n * scale;
    },
    learn(id, count) {
      const slot = slotOf(id);
      // A late correction (tracks.ts, release) may be negative; a share never is.
      if (count !== 0) sums[slot] = Math.max(0, (sums[slot] as number) + count * scale);
    },
    share(id) {
      return exposure > 0 ? sumOf(id) / exposure : 0;
    },
    setShare(id, share) {
      if (exposure > 0) sums[slotOf(id)] = Math.max(0, share) * exposure;
    },
    weightedCount: (id) => sumOf(id) / scale,
    get exposure() {
      return exposure / scale;
    },
    ids: () => slots.keys(),
    get size() {
      return slots.size;
    },
  };
}

/**
 * Dispersion: how much more variable the counts are than Poisson (1 = Poisson). It is the
 * mean squared Pearson residual, (x − mu)² / mu, learned with a running mean that turns into
 * an exponential average; each residual is capped so one surge cannot inflate it.
 *
 * The cap is at least CLUMP_SQUARED / mu: where less than one order is expected, a clump of
 * k identical baskets has a residual of about k² / mu, and a flat cap cut every clump of a
 * small product short (clumps of 1 + Poisson(1) baskets read 2.0 instead of their 2.5 at a
 * quarter of an order expected), so that clumped buying passed for evidence of a change.
 */
/** The largest clump of identical baskets a residual keeps whole, squared (6 baskets). */
export const CLUMP_SQUARED = 36;

export interface Dispersion {
  observe(x: number, mu: number): void;
  /** Folds this window's residuals in; call once per window. */
  endWindow(): void;
  readonly value: number;
}

export function createDispersion(options: { rate?: number; cap?: number; minResiduals?: number; initial?: number } = {}): Dispersion {
  const { rate = 0.03, cap = 25, minResiduals = 1, initial = 1 } = options;
  let value = initial;
  let windows = 0;
  let sum = 0;
  let n = 0;
  return {
    observe(x, mu) {
      if (mu <= 0) return;
      sum += Math.min(((x - mu) * (x - mu)) / mu, Math.max(cap, CLUMP_SQUARED / mu));
      n++;
    },
    endWindow() {
      if (n >= minResiduals) {
        windows++;
        value += Math.max(rate, 1 / windows) * (sum / n - value);
      }
      sum = 0;
      n = 0;
    },
    get value() {
      return Math.max(1, value);
    },
  };
}
