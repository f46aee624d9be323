// The count maths of the detector. A subject's count x in a window, against an expected
// count mu, is scored with the Poisson log-likelihood ratio of "the rate changed by r" over
// "the rate is as expected". Summed over windows in a CUSUM, it detects a lasting change as
// soon as the evidence reaches a threshold, whatever the volume: a small product needs
// more windows, a big one fewer. Dividing by a dispersion phi >= 1 (quasi-Poisson) keeps the
// test honest when counts are burstier than Poisson.

/** log P(x | r·mu) − log P(x | mu) for a Poisson count. */
export function poissonLlr(x: number, mu: number, r: number): number {
  return x * Math.log(r) - mu * (r - 1);
}

/** Rate ratios a bank of CUSUMs looks for, with their logarithms computed once. */
export interface RatioSet {
  ratios: readonly number[];
  logs: readonly number[];
}

export const ratioSet = (ratios: number[]): RatioSet => ({ ratios, logs: ratios.map(Math.log) });

/** Larger changes each bank also tests, so that a big change is caught at nearly its best speed. */
const UP_STEPS = [1.7, 2.4, 4, 8];
const DOWN_STEPS = [0.45, 0.2, 0.05];
/** A step closer than this factor to the smallest ratio adds a chance of false alarm and little speed. */
const SPACING = 1.15;

/**
 * The ratios tested for a minimum change m: the smallest change worth an alert (1 + m up,
 * 1 − m down) itself, so that evidence builds for every change of at least m, and a few
 * larger ones. A CUSUM tuned to a ratio r is nearly optimal for changes near r, and the bank
 * is as fast as its best member.
 */
export function ratioBanks(minChange: number): { up: RatioSet; down: RatioSet } {
  const up = 1 + minChange;
  const down = Math.max(1 - minChange, 0.01);
  return {
    up: ratioSet([up, ...UP_STEPS.filter((r) => r > up * SPACING)]),
    down: ratioSet([down, ...DOWN_STEPS.filter((r) => r < down / SPACING)]),
  };
}

/** The banks of the default minimum change (30%). */
export const UP_RATIOS: RatioSet = ratioBanks(0.3).up;
export const DOWN_RATIOS: RatioSet = ratioBanks(0.3).down;

/**
 * One CUSUM per ratio, stored flat: [statistic, run count, run expected, run start] × ratios.
 * The run sums cover the windows since the statistic last stood at zero, so run count / run
 * expected estimates the changed rate's ratio, and the run start (event time) its age. A
 * detector's banks lie in its tracks' regions (tracks.ts, bank-slab.ts), so the functions
 * below take the array and the bank's bounds in it: from `off`, up to `end`.
 */
export type CusumBank = Float64Array;

/** Numbers per CUSUM in a bank. */
export const STRIDE = 4;

/** Numbers a bank for `set` takes. */
export const bankLength = (set: RatioSet): number => set.ratios.length * STRIDE;

/** A zeroed bank of its own for `set` (tests and benchmarks; the detector's are in its tracks' regions). */
export const createCusumBank = (set: RatioSet): CusumBank => new Float64Array(bankLength(set));

export function resetCusums(bank: CusumBank, off = 0, end = bank.length): void {
  bank.fill(0, off, end);
}

/**
 * Adds one window's evidence to the bank for `set` at `off`; returns the highest statistic
 * after the step. `cap` bounds what one window may add: a clump of identical baskets in one
 * short window is not yet a change, so an alarm needs evidence from more than one window.
 */
export function stepCusums(bank: CusumBank, set: RatioSet, x: number, mu: number, phi: number, weight = 1, cap = Number.POSITIVE_INFINITY, at = 0, off = 0): number {
  let best = 0;
  const { ratios, logs } = set;
  for (let i = 0; i < ratios.length; i++) {
    const j = off + i * STRIDE;
    // poissonLlr(x, mu, r), with log r computed once.
    const s = (bank[j] as number) + Math.min(cap, (weight * (x * (logs[i] as number) - mu * ((ratios[i] as number) - 1))) / phi);
    if (s <= 0) {
      bank[j] = bank[j + 1] = bank[j + 2] = bank[j + 3] = 0;
      continue;
    }
    if ((bank[j] as number) === 0) bank[j + 3] = at;
    bank[j] = s;
    bank[j + 1] = (bank[j + 1] as number) + weight * x;
    bank[j + 2] = (bank[j + 2] as number) + weight * mu;
    if (s > best) best = s;
  }
  return best;
}

export interface CusumReading {
  /** The highest statistic. */
  statistic: number;
  /** Its run: count and expected count since it last stood at zero. */
  runCount: number;
  runExpected: number;
}

export function readCusums(bank: CusumBank, off = 0, end = bank.length): CusumReading {
  let at = off;
  for (let j = off + STRIDE; j < end; j += STRIDE) if ((bank[j] as number) > (bank[at] as number)) at = j;
  return { statistic: bank[at] as number, runCount: bank[at + 1] as number, runExpected: bank[at + 2] as number };
}

export const isQuiet = (bank: CusumBank, off = 0, end = bank.length): boolean => {
  for (let j = off; j < end; j += STRIDE) if ((bank[j] as number) > 0) return false;
  return true;
};

/**
 * Evidence that an episode is over: log-likelihood of "back to the expected rate" over
 * "still at the episode's ratio", accumulated like a CUSUM. Ratios are clamped away from 0
 * so that a drop to nothing can still recover.
 */
export function recoveryStep(statistic: number, x: number, mu: number, episodeRatio: number, phi: number, weight = 1): number {
  const r = Math.min(Math.max(episodeRatio, 0.05), 50);
  return Math.max(0, statistic + (weight * -poissonLlr(x, mu, r)) / phi);
}
