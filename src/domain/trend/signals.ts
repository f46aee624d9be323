// What the detector reports of an open episode, each window: the numbers (rates per minute
// now against the level before the change) and the message that goes with them.
import type { WindowCounts } from './counts';
import { changePct, rateUnit, trendMessage } from './messages';
import { episodeRatio, type Track } from './tracks';
import type { TrendReading, TrendSignal, TrendUnit } from './types';

export function episodeSignal(t: Track, kind: TrendSignal['kind'], w: WindowCounts, evidence: number, context: { topK: number; minChange: number }): TrendSignal {
  const e = t.episode!;
  const ratio = episodeRatio(e);
  const observed = e.recent.observedPerMinute;
  const baseline = e.recent.expectedPerMinute;
  const phase = kind === 'recovered' ? 'over' : e.adaptedAt !== null ? 'new-level' : 'changed';
  return {
    kind, level: t.level, subjectId: t.id, subjectName: t.name, departmentId: t.departmentId,
    polarity: e.polarity, direction: e.direction, severity: e.severity, windowStart: w.start, at: w.end,
    observed, baseline, unit: rateUnit(t.level) as TrendUnit, phase, changePct: changePct(observed, baseline), ratio, evidence,
    rank: e.rank, baselineRank: e.baselineRank,
    message: trendMessage({ level: t.level, name: t.name, direction: e.direction, polarity: e.polarity, phase, observed, baseline,
      sinceRatio: ratio, since: e.since, at: w.end, minChange: context.minChange,
      rank: e.rank, baselineRank: e.baselineRank, topK: context.topK, isNew: e.isNew }),
  };
}

/** Products by learned share, best first, among those with at least `least`: the baseline's ranking. */
export function rankByShare(ids: Iterable<number>, share: (id: number) => number, least: number): number[] {
  const list: Array<[number, number]> = [];
  for (const id of ids) {
    const s = share(id);
    if (s >= least) list.push([id, s]);
  }
  return list.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
}

/** A subject's state now: its episode's level, or its newest window; too little data below the floor. */
export function readingOf(t: Track, floorPerMinute: number): TrendReading {
  const e = t.episode;
  const observed = e ? e.recent.observedPerMinute : t.observed / t.minutes;
  const baseline = e ? e.recent.expectedPerMinute : t.expected / t.minutes;
  const trend = e?.polarity ?? (baseline >= floorPerMinute ? 'flat' : 'too-little-data');
  return { observed, baseline, ratio: baseline > 0 ? observed / baseline : 1, trend };
}
