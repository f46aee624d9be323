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

const ratioSet = (ratios: number[]): RatioSet => ({ ratios, logs: ratios.map(Math.log) });

/**
 * Two ratios each way: every CUSUM is one more chance of a false alarm, and these cover
 * doublings to quintuplings, and falls to 30% or to nothing, within a few percent of the
 * best possible speed.
 */
export const UP_RATIOS: RatioSet = ratioSet([2, 4]);
export const DOWN_RATIOS: RatioSet = ratioSet([0.4, 0.1]);

/**
 * One CUSUM per ratio, stored flat: [statistic, run count, run expected] × ratios.
 * The run sums cover the windows since the statistic last stood at zero, so run count / run
 * expected estimates the changed rate's ratio.
 */
export type CusumBank = Float64Array;

export const createCusumBank = (set: RatioSet): CusumBank => new Float64Array(set.ratios.length * 3);

export function resetCusums(bank: CusumBank): void {
  bank.fill(0);
}

/** Adds one window's evidence; returns the highest statistic after the step. */
export function stepCusums(bank: CusumBank, set: RatioSet, x: number, mu: number, phi: number, weight = 1): number {
  let best = 0;
  const { ratios, logs } = set;
  for (let i = 0; i < ratios.length; i++) {
    const j = i * 3;
    // poissonLlr(x, mu, r), with log r computed once.
    const s = (bank[j] as number) + (weight * (x * (logs[i] as number) - mu * ((ratios[i] as number) - 1))) / phi;
    if (s <= 0) {
      bank[j] = bank[j + 1] = bank[j + 2] = 0;
      continue;
    }
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

export function readCusums(bank: CusumBank): CusumReading {
  let at = 0;
  for (let j = 3; j < bank.length; j += 3) if ((bank[j] as number) > (bank[at] as number)) at = j;
  return { statistic: bank[at] as number, runCount: bank[at + 1] as number, runExpected: bank[at + 2] as number };
}

export const isQuiet = (bank: CusumBank): boolean => {
  for (let j = 0; j < bank.length; j += 3) if ((bank[j] as number) > 0) return false;
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
