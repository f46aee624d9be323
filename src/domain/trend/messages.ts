// Every sentence and severity the detector shows a retailer, in one place. The rules:
// - numbers are rates per minute now (orders of a product, lines of a department), against
//   what the subject sold before the change, never one short window's count;
// - the word for the direction is chosen from the numbers printed next to it, so a message
//   never says "surged" next to −100%;
// - an episode that lasts is "at a new level" (now ×3 for 2 h), and "back to normal" is said
//   only when the level is within the minimum change of the level before the change.
import type { Polarity, TrendDirection, TrendLevel, TrendSeverity } from './types';

export const SEVERITY_RANK: Record<TrendSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Severity from the size of the change since the episode began. */
export function severityFor(polarity: Polarity, ratio: number): TrendSeverity {
  if (polarity === 'up') return ratio >= 3 ? 'critical' : ratio >= 1.5 ? 'warning' : 'info';
  return ratio <= 1 / 3 ? 'critical' : ratio <= 2 / 3 ? 'warning' : 'info';
}

export const changePct = (observed: number, baseline: number): number =>
  baseline > 0 ? ((observed - baseline) / baseline) * 100 : 0;

/** What the counts of a level are: orders containing a product, or lines of a department. */
export const rateUnit = (level: TrendLevel): string => (level === 'product' ? 'orders/min' : 'lines/min');

const round = (n: number): string => (n >= 10 ? String(Math.round(n)) : n.toFixed(1));
const signed = (pct: number): string => (Math.round(pct) === 0 ? '±0%' : `${pct > 0 ? '+' : '−'}${Math.abs(Math.round(pct))}%`);
const pad = (n: number): string => String(n).padStart(2, '0');
/** "10:05 UTC": alerts are read next to UTC charts and reports. */
export const clockText = (t: number): string => `${pad(new Date(t).getUTCHours())}:${pad(new Date(t).getUTCMinutes())} UTC`;

/** "25 min", "2 h 5 min", "3 d 4 h". */
export function durationText(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export type MessagePhase = 'changed' | 'new-level' | 'over';

export interface MessageFacts {
  level: TrendLevel;
  name: string;
  direction: TrendDirection;
  polarity: Polarity;
  phase: MessagePhase;
  /** Per minute now, and what the subject sold per minute before the change (at today's volume). */
  observed: number;
  baseline: number;
  /** Count over expected since the episode began. */
  sinceRatio: number;
  /** Event time of the onset, and now. */
  since: number;
  at: number;
  /** The smallest change worth an alert: "normal" is within it. */
  minChange: number;
  rank: number | null;
  baselineRank: number | null;
  topK: number;
  /** It had never really sold before this episode. */
  isNew: boolean;
}

/** +1 when the printed numbers say up, −1 down, 0 when they print as equal. */
export const signOf = (observed: number, baseline: number): number => Math.sign(Math.round(changePct(observed, baseline)));

export function trendMessage(f: MessageFacts): string {
  const unit = rateUnit(f.level);
  const what = f.level === 'product' ? f.name : `Department ${f.name}`;
  const pct = signed(changePct(f.observed, f.baseline));
  const sign = signOf(f.observed, f.baseline);
  const way = f.polarity === 'up' ? 1 : -1;
  const noun = f.polarity === 'up' ? 'surge' : 'drop';
  const began = clockText(f.since);
  if (f.phase === 'over') {
    const normal = Math.abs(f.observed - f.baseline) <= f.minChange * f.baseline;
    return normal
      ? `${what} is back to normal: ${round(f.observed)} ${unit} vs ${round(f.baseline)} before the ${noun} began at ${began} (${pct}), after ${durationText(f.at - f.since)}`
      : `${what}: the ${noun} that began at ${began} is over; now ${round(f.observed)} ${unit} vs ${round(f.baseline)} before it (${pct})`;
  }
  if (f.phase === 'new-level') {
    const height = sign > 0 ? 'higher' : sign < 0 ? 'lower' : 'the same';
    const factor = f.baseline > 0 ? `×${(f.observed / f.baseline).toFixed(f.observed < f.baseline ? 2 : 1)}` : 'new';
    return `${what} is at a new level${sign === 0 ? '' : `, ${height}`}: now ${factor} for ${durationText(f.at - f.since)} ` +
      `(${round(f.observed)} ${unit} vs ${round(f.baseline)} before ${began}, ${pct})`;
  }
  if (f.direction === 'new-entrant' && f.isNew) {
    // Nothing to compare with: it had not sold before.
    return `${what} is new and selling${f.rank !== null && f.rank <= f.topK ? `, #${f.rank} in the top ${f.topK}` : ''}: ${round(f.observed)} ${unit} since ${began}`;
  }
  const counts = `${round(f.observed)} ${unit} vs ${round(f.baseline)} expected (${pct})`;
  if (sign !== way) return `${what}: the ${noun} that began at ${began} is easing; now ${counts}`;
  const since = Number.isFinite(f.sinceRatio) && Math.sign(f.sinceRatio - 1) === way
    ? `, ×${f.sinceRatio.toFixed(f.polarity === 'up' ? 1 : 2)} since ${began}` : '';
  switch (f.direction) {
    case 'new-entrant':
      return `${what} entered the top ${f.topK} at #${f.rank} (baseline rank ${f.baselineRank === null ? 'unranked' : `#${f.baselineRank}`}): ${counts}${since}`;
    case 'rank-mover':
      return `${what} climbed from #${f.baselineRank} to #${f.rank} in the top ${f.topK}: ${counts}${since}`;
    case 'surge':
      return `${what} surged: ${counts}${since}`;
    case 'drop':
      return `${what} dropped: ${counts}${since}`;
  }
}
