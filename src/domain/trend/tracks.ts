// One subject's detection state: its CUSUMs each way and its open episode, if any. The
// step is the same for products and departments; the detector decides what x and mu are.
import type { EffectiveRules } from './settings';
import {
  createCusumBank, DOWN_RATIOS, isQuiet, readCusums, recoveryStep, resetCusums, stepCusums, UP_RATIOS, type CusumBank,
} from './poisson';
import type { Polarity, TrendDirection, TrendLevel, TrendSeverity } from './types';

/** Evidence of recovery needed, as a fraction of the onset threshold. */
export const RECOVERY_FRACTION = 0.5;

export interface Episode {
  polarity: Polarity;
  direction: TrendDirection;
  severity: TrendSeverity;
  /** Event time of the onset. */
  since: number;
  /** Count and expected count since the run that led to the onset began. */
  count: number;
  expected: number;
  recovery: number;
  rank: number | null;
  baselineRank: number | null;
  isNew: boolean;
}

export interface Track {
  level: TrendLevel;
  id: number;
  name: string;
  departmentId: number | null;
  up: CusumBank;
  down: CusumBank;
  episode: Episode | null;
  /** The newest window, for trend arrows. */
  observed: number;
  expected: number;
  /** Evidence is half way to an alarm (set by each step): the window is not learned as normal. */
  suspect: boolean;
  /** This window's expectation before any department adjustment, and the window it was for. */
  base: number;
  visitedAt: number;
  /** Departments: this window's lines less the out-of-line products' own change. */
  normal: number;
}

export const createTrack = (level: TrendLevel, id: number, name: string, departmentId: number | null): Track => ({
  level, id, name, departmentId, up: createCusumBank(UP_RATIOS), down: createCusumBank(DOWN_RATIOS),
  episode: null, observed: 0, expected: 0, suspect: false, base: 0, visitedAt: -1, normal: 0,
});

export interface Onset {
  polarity: Polarity;
  count: number;
  expected: number;
  /** Statistic over threshold. */
  evidence: number;
}

export const episodeRatio = (e: { count: number; expected: number }): number =>
  e.expected > 0 ? e.count / e.expected : Number.POSITIVE_INFINITY;

/**
 * Updates the CUSUMs of a track without an episode; returns an onset when the rules allow one.
 * The floor is the minimum support of one window: a rise is measured against at least the
 * floor, and a subject expected to sell less than the floor is not tested for a drop. So the
 * long tail of products, each of which would now and then sell a few in a row by chance,
 * cannot raise alarms, and only subjects with real volume share the false-alarm budget.
 */
export function stepQuiet(track: Track, x: number, mu: number, floor: number, phi: number, weight: number, rules: EffectiveRules, mayAlert: boolean): Onset | undefined {
  const up = stepCusums(track.up, UP_RATIOS, x, Math.max(mu, floor), phi, weight);
  let down = 0;
  if (mu >= floor && mu > 0) down = stepCusums(track.down, DOWN_RATIOS, x, mu, phi, weight);
  else resetCusums(track.down);
  track.suspect = Math.max(up, down) >= rules.threshold / 2;
  if (!mayAlert || rules.muted) return undefined;
  const rise = onsetOf(track.up, 'up', rules);
  const fall = onsetOf(track.down, 'down', rules);
  return rise && fall ? (rise.evidence >= fall.evidence ? rise : fall) : rise ?? fall;
}

function onsetOf(bank: CusumBank, polarity: Polarity, rules: EffectiveRules): Onset | undefined {
  const r = readCusums(bank);
  if (r.statistic < rules.threshold) return undefined;
  const ratio = episodeRatio({ count: r.runCount, expected: r.runExpected });
  const supported = polarity === 'up' ? r.runCount >= rules.minSupport : r.runExpected >= rules.minSupport;
  const large = polarity === 'up' ? ratio >= 1 + rules.minChange : ratio <= 1 - rules.minChange;
  if (!supported || !large) return undefined;
  return { polarity, count: r.runCount, expected: r.runExpected, evidence: r.statistic / rules.threshold };
}

/** Updates an open episode; true when the evidence says the subject is back to normal. */
export function stepEpisode(episode: Episode, x: number, mu: number, phi: number, weight: number, rules: EffectiveRules): boolean {
  episode.count += weight * x;
  episode.expected += weight * mu;
  const ratio = episodeRatio(episode);
  const level = episode.polarity === 'up' ? Math.max(ratio, 1 + rules.minChange) : Math.min(ratio, 1 - rules.minChange);
  episode.recovery = recoveryStep(episode.recovery, x, mu, level, phi, weight);
  return episode.recovery >= rules.threshold * RECOVERY_FRACTION;
}

export const isHot = (track: Track): boolean => track.episode !== null || !isQuiet(track.up) || !isQuiet(track.down);

export function endEpisode(track: Track): void {
  track.episode = null;
  track.suspect = false;
  resetCusums(track.up);
  resetCusums(track.down);
}
