// One subject's detection state: its CUSUMs each way, whether its windows are held back from
// learning, and its open episode, if any. The step is the same for products and departments;
// the detector decides what x and mu are.
import type { EffectiveRules } from './settings';
import { bankLength, isQuiet, recoveryStep, resetCusums, stepCusums, STRIDE, type RatioSet } from './poisson';
import { createBankSlab } from './bank-slab';
import { createEpisodeLevel, type EpisodeLevel } from './episode-level';
import type { Polarity, TrendDirection, TrendLevel, TrendSeverity } from './types';

/** Evidence of recovery needed, as a fraction of the onset threshold. */
export const RECOVERY_FRACTION = 0.5;
/**
 * Evidence, as a fraction of the threshold, from which a subject's windows are held back
 * from learning: a change on its way to an alarm must not become the baseline it is tested against.
 */
export const HOLD_FRACTION = 1 / 3;
/** An onset's run must be at least this fraction of the minimum change away from 1 (an indifference zone). */
export const GATE_FRACTION = 0.85;
/**
 * The most evidence a quarter of a minute may add, as a fraction of the threshold: an alarm
 * needs at least half a minute of evidence, so one clump of identical baskets is not a change.
 */
export const WINDOW_CAP_FRACTION = 0.5;
const capFor = (threshold: number, minutes: number): number => threshold * WINDOW_CAP_FRACTION * Math.max(1, minutes / 0.25);
/** Orders (or lines) an onset's run must involve: fewer is chance, whatever the ratio. */
export const MIN_RUN_COUNT = 5;
/** Standard errors by which a run's ratio must fall short of the gate to be dropped as a small drift. */
const DRIFT_Z = 2;
/** Evidence that takes longer than this to reach the threshold is a drift, not a change worth an alert. */
export const MAX_RUN_MS = 45 * 60_000;

export interface Banks {
  up: RatioSet;
  down: RatioSet;
}

export interface Episode {
  polarity: Polarity;
  direction: TrendDirection;
  severity: TrendSeverity;
  /** Event time of the onset. */
  since: number;
  /** The subject's share before the change: what "back to normal" means, however long it lasts. */
  preShare: number;
  /** Count and expected count (at the pre-change share) since the run that led to the onset began. */
  count: number;
  expected: number;
  /** The level now, against the pre-change share. */
  recent: EpisodeLevel;
  recovery: number;
  /** When the change had lasted adaptAfterMs and became the new level the baseline learns; null before. */
  adaptedAt: number | null;
  rank: number | null;
  baselineRank: number | null;
  isNew: boolean;
}

/** Where a track's numbers lie in its region, before its banks (see Track). */
const OBSERVED = 0;
const EXPECTED = 1;
const MINUTES = 2;
const HOLD_SINCE = 3;
const DEFERRED = 4;
const DEFERRED_AT = 5;
const FIRST_SEEN = 6;
const STEPPED_ORDERS = 7;
const STEPPED_MINUTES = 8;
const BASE = 9;
const VISITED_AT = 10;
const NORMAL = 11;
/** Numbers a track keeps before its banks. */
export const TRACK_NUMBERS = 12;

const regions = createBankSlab();

/**
 * One subject's detection state. Its numbers and its two CUSUM banks lie in one region of a
 * shared block (bank-slab.ts): `data` from `off`, then the rises' bank from `upAt` and the
 * drops' bank from `downAt` up to `end`. The properties below read and write that region; a
 * time that may be unset (holdSince, firstSeen) is NaN there and null here.
 */
export class Track {
  episode: Episode | null = null;
  readonly data: Float64Array;
  readonly off: number;
  readonly downAt: number;
  readonly end: number;

  constructor(readonly level: TrendLevel, readonly id: number, readonly name: string, readonly departmentId: number | null, banks: Banks) {
    const up = bankLength(banks.up);
    const { data, off } = regions.take(TRACK_NUMBERS + up + bankLength(banks.down));
    this.data = data;
    this.off = off;
    this.downAt = off + TRACK_NUMBERS + up;
    this.end = this.downAt + bankLength(banks.down);
    data[off + MINUTES] = 1;
    data[off + HOLD_SINCE] = Number.NaN;
    data[off + FIRST_SEEN] = Number.NaN;
    data[off + VISITED_AT] = -1;
  }

  get upAt(): number { return this.off + TRACK_NUMBERS; }

  /** The newest window, for readings: count and expected count, and the minutes it covered. */
  get observed(): number { return this.data[this.off + OBSERVED] as number; }
  set observed(v: number) { this.data[this.off + OBSERVED] = v; }
  get expected(): number { return this.data[this.off + EXPECTED] as number; }
  set expected(v: number) { this.data[this.off + EXPECTED] = v; }
  get minutes(): number { return this.data[this.off + MINUTES] as number; }
  set minutes(v: number) { this.data[this.off + MINUTES] = v; }
  /** Since when evidence is building (windows held back from learning), or null. */
  get holdSince(): number | null { return this.time(HOLD_SINCE); }
  set holdSince(v: number | null) { this.data[this.off + HOLD_SINCE] = v ?? Number.NaN; }
  /**
   * What the held windows sold beyond their expectation, decayed like the baseline: learned
   * late if the evidence fades without an alarm, so that holding back chance runs does not
   * bias the baseline; dropped when the evidence leads to an episode.
   */
  get deferred(): number { return this.data[this.off + DEFERRED] as number; }
  set deferred(v: number) { this.data[this.off + DEFERRED] = v; }
  get deferredAt(): number { return this.data[this.off + DEFERRED_AT] as number; }
  set deferredAt(v: number) { this.data[this.off + DEFERRED_AT] = v; }
  /** Event time of the first window it sold in: a product first seen lately is new. */
  get firstSeen(): number | null { return this.time(FIRST_SEEN); }
  set firstSeen(v: number | null) { this.data[this.off + FIRST_SEEN] = v ?? Number.NaN; }
  /** The detector's running totals of orders and minutes when this track was last stepped. */
  get steppedOrders(): number { return this.data[this.off + STEPPED_ORDERS] as number; }
  set steppedOrders(v: number) { this.data[this.off + STEPPED_ORDERS] = v; }
  get steppedMinutes(): number { return this.data[this.off + STEPPED_MINUTES] as number; }
  set steppedMinutes(v: number) { this.data[this.off + STEPPED_MINUTES] = v; }
  /** This window's expectation at the current share, before any department adjustment, and the window it was for. */
  get base(): number { return this.data[this.off + BASE] as number; }
  set base(v: number) { this.data[this.off + BASE] = v; }
  get visitedAt(): number { return this.data[this.off + VISITED_AT] as number; }
  set visitedAt(v: number) { this.data[this.off + VISITED_AT] = v; }
  /** Departments: this window's lines less the out-of-line products' own change. */
  get normal(): number { return this.data[this.off + NORMAL] as number; }
  set normal(v: number) { this.data[this.off + NORMAL] = v; }

  private time(field: number): number | null {
    const v = this.data[this.off + field] as number;
    return Number.isNaN(v) ? null : v;
  }
}

export const createTrack = (level: TrendLevel, id: number, name: string, departmentId: number | null, banks: Banks): Track =>
  new Track(level, id, name, departmentId, banks);

/**
 * What a window teaches the baseline: its count; or, while it is held back (evidence
 * building, an episode not yet a new level, its department moving), its expectation. A hold
 * that ends without an alarm hands its deferred excess over, so the baseline is not biased by
 * the chance runs it held back. Nothing is held during the warm-up.
 */
export function learnedCount(t: Track, x: number, frozen: boolean, warm: boolean, at: number, halfLifeMs: number): number {
  if (!warm) return x;
  if (frozen || (t.episode && t.episode.adaptedAt === null)) return t.base;
  if (t.holdSince !== null) {
    defer(t, x - t.base, at, halfLifeMs);
    return t.base;
  }
  return x + release(t, at, halfLifeMs);
}

/** Adds a held window's excess over its expectation; the baseline learns the expectation meanwhile. */
function defer(track: Track, excess: number, at: number, halfLifeMs: number): void {
  track.deferred = track.deferred * 2 ** (-(at - track.deferredAt) / halfLifeMs) + excess;
  track.deferredAt = at;
}

/** The deferred excess, decayed to `at`, handed over once (0 when there is none). */
function release(track: Track, at: number, halfLifeMs: number): number {
  if (track.deferred === 0) return 0;
  const out = track.deferred * 2 ** (-(at - track.deferredAt) / halfLifeMs);
  track.deferred = 0;
  return out;
}

export interface Onset {
  polarity: Polarity;
  count: number;
  expected: number;
  /** Statistic over threshold. */
  evidence: number;
}

export const episodeRatio = (e: { count: number; expected: number }): number =>
  e.expected > 0 ? e.count / e.expected : Number.POSITIVE_INFINITY;

const runRatio = (bank: Float64Array, j: number): number => episodeRatio({ count: bank[j + 1] as number, expected: bank[j + 2] as number });

/** The run of CUSUM j clears the gate: a change of at least GATE_FRACTION × minChange, the way of the bank. */
const clearsGate = (bank: Float64Array, j: number, polarity: Polarity, minChange: number, fraction = GATE_FRACTION): boolean =>
  polarity === 'up' ? runRatio(bank, j) >= 1 + fraction * minChange : runRatio(bank, j) <= 1 - fraction * minChange;

/**
 * Drops runs that are drifts, not changes, so that they are learned instead of held back, and
 * never alarm: those conclusively smaller than the gate (a few percent at high volume), and
 * those that took longer than MAX_RUN_MS to build (a slow shift in a small product's share,
 * such as customers reordering what they tried during a promotion).
 */
function dropDrifts(bank: Float64Array, from: number, to: number, polarity: Polarity, minChange: number, phi: number, at: number): void {
  for (let j = from; j < to; j += STRIDE) {
    const count = bank[j + 1] as number;
    const expected = bank[j + 2] as number;
    if ((bank[j] as number) <= 0 || expected <= 0) continue;
    const se = Math.sqrt(phi * Math.max(count, 1)) / expected;
    const r = count / expected;
    const small = polarity === 'up' ? r + DRIFT_Z * se < 1 + GATE_FRACTION * minChange : r - DRIFT_Z * se > 1 - GATE_FRACTION * minChange;
    if (small || at - (bank[j + 3] as number) > MAX_RUN_MS) bank[j] = bank[j + 1] = bank[j + 2] = bank[j + 3] = 0;
  }
}

/** Evidence from a third of the threshold on, of at least half the minimum change, is building. */
function building(bank: Float64Array, from: number, to: number, polarity: Polarity, rules: EffectiveRules): boolean {
  for (let j = from; j < to; j += STRIDE) {
    if ((bank[j] as number) >= rules.threshold * HOLD_FRACTION && clearsGate(bank, j, polarity, rules.minChange, 0.5)) return true;
  }
  return false;
}

/**
 * Updates the CUSUMs of a track without an episode; returns an onset when the rules allow one.
 * floorMu is the expected count of the detectable floor in this window: a rise is measured
 * against at least the floor, and a subject expected to sell less is not tested for a drop,
 * so the long tail of products, each of which sells a few in a row now and then by chance,
 * cannot raise alarms.
 */
export function stepQuiet(track: Track, x: number, mu: number, floorMu: number, phi: number, weight: number, rules: EffectiveRules, banks: Banks, at: number, minutes: number, mayAlert: boolean): Onset | undefined {
  const cap = capFor(rules.threshold, minutes);
  const { data, upAt, downAt, end } = track;
  let best = stepCusums(data, banks.up, x, Math.max(mu, floorMu), phi, weight, cap, at, upAt);
  if (mu >= floorMu && mu > 0) best = Math.max(best, stepCusums(data, banks.down, x, mu, phi, weight, cap, at, downAt));
  else if (!isQuiet(data, downAt, end)) resetCusums(data, downAt, end);
  // Most steps end here: nothing near holding, let alone alarming (the hot path of the long tail).
  if (best < rules.threshold * HOLD_FRACTION) {
    track.holdSince = null;
    return undefined;
  }
  dropDrifts(data, upAt, downAt, 'up', rules.minChange, phi, at);
  dropDrifts(data, downAt, end, 'down', rules.minChange, phi, at);
  const hold = building(data, upAt, downAt, 'up', rules) || building(data, downAt, end, 'down', rules);
  track.holdSince = hold ? track.holdSince ?? at : null;
  if (!mayAlert || rules.muted || best < rules.threshold) return undefined;
  const rise = onsetOf(data, upAt, downAt, 'up', rules);
  const fall = onsetOf(data, downAt, end, 'down', rules);
  return rise && fall ? (rise.evidence >= fall.evidence ? rise : fall) : rise ?? fall;
}

/** The strongest CUSUM over the threshold whose run is large enough and involves enough orders. */
function onsetOf(bank: Float64Array, from: number, to: number, polarity: Polarity, rules: EffectiveRules): Onset | undefined {
  let best: Onset | undefined;
  for (let j = from; j < to; j += STRIDE) {
    const statistic = bank[j] as number;
    if (statistic < rules.threshold || (best && statistic / rules.threshold <= best.evidence)) continue;
    const count = bank[j + 1] as number;
    const expected = bank[j + 2] as number;
    const supported = polarity === 'up' ? count >= MIN_RUN_COUNT : expected >= MIN_RUN_COUNT;
    if (supported && clearsGate(bank, j, polarity, rules.minChange)) best = { polarity, count, expected, evidence: statistic / rules.threshold };
  }
  return best;
}

/** Opens an episode from an onset; mu is this window's expected count at the pre-change share. */
export function openEpisode(onset: Onset, fields: Pick<Episode, 'direction' | 'severity' | 'since' | 'preShare' | 'rank' | 'baselineRank' | 'isNew'>, mu: number, minutes: number): Episode {
  const recent = createEpisodeLevel();
  recent.start(onset.count, onset.expected, mu > 0 ? (onset.expected / mu) * minutes : minutes, fields.since);
  return { ...fields, polarity: onset.polarity, count: onset.count, expected: onset.expected, recent, recovery: 0, adaptedAt: null };
}

/**
 * The level an episode is tested against to end it: still changed by at least the minimum
 * change, or by the square root of its own ratio when that is larger (half way to ×3 is
 * ×1.7, on a log scale). "Back to normal" then means nearer the level before the change than
 * that, which takes a few minutes to tell at ordinary volumes, not hours.
 */
function stillChanged(episode: Episode, banks: Banks): number {
  const ratio = episodeRatio(episode);
  return episode.polarity === 'up'
    ? Math.max(banks.up.ratios[0] as number, Math.sqrt(Math.min(ratio, 100)))
    : Math.min(banks.down.ratios[0] as number, Math.sqrt(Math.max(ratio, 0.0025)));
}

/**
 * Updates an open episode against the pre-change expectation muPre; true when it is over:
 * evidence that the subject is no longer changed its episode's way (stillChanged), which is
 * "back near the level before the change" (or beyond it the other way), never "the
 * baseline caught up with the change".
 */
export function stepEpisode(episode: Episode, x: number, muPre: number, minutes: number, at: number, phi: number, weight: number, rules: EffectiveRules, banks: Banks): boolean {
  episode.count += weight * x;
  episode.expected += weight * muPre;
  episode.recent.add(weight * x, weight * muPre, weight * minutes, at);
  episode.recovery = recoveryStep(episode.recovery, x, muPre, stillChanged(episode, banks), phi, weight);
  return episode.recovery >= rules.threshold * RECOVERY_FRACTION;
}

/**
 * A hot track is stepped every window, sold or not: an episode, a hold, or evidence of a drop
 * (which grows while nothing sells). Evidence of a rise only shrinks while nothing sells, so
 * a track with nothing else going on is stepped lazily: catchUp applies the windows it
 * missed in one step, which is exact, as a CUSUM that only falls is floored at zero once.
 */
export const isHot = (track: Track): boolean => track.episode !== null || track.holdSince !== null || !isQuiet(track.data, track.downAt, track.end);

/** The windows a lazy track missed, with nothing sold: mu is their expected count (at least the floor's). */
export function catchUp(track: Track, mu: number, phi: number, weight: number, banks: Banks): void {
  if (mu > 0 && !isQuiet(track.data, track.upAt, track.downAt)) stepCusums(track.data, banks.up, 0, mu, phi, weight, Number.POSITIVE_INFINITY, 0, track.upAt);
}

/**
 * The evidence behind a track's own change, as count and expected count: its open episode's
 * level now, or the strongest run of its CUSUMs. Over several windows it tells a product's
 * own change from its department's better than one short window does.
 */
export function runOf(track: Track): { count: number; expected: number } | undefined {
  if (track.episode) return { count: track.episode.recent.count, expected: track.episode.recent.expected };
  let best: { count: number; expected: number; statistic: number } | undefined;
  // Both banks, rises then drops: they lie next to each other in the track's region.
  const bank = track.data;
  for (let j = track.upAt; j < track.end; j += STRIDE) {
    const statistic = bank[j] as number;
    if (statistic > (best?.statistic ?? 0)) best = { statistic, count: bank[j + 1] as number, expected: bank[j + 2] as number };
  }
  return best && { count: best.count, expected: best.expected };
}


export function endEpisode(track: Track): void {
  track.episode = null;
  track.holdSince = null;
  track.deferred = 0;
  resetCusums(track.data, track.upAt, track.end);
}
