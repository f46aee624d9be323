// Every sentence and severity the detector shows a retailer, in one place.
import type { Polarity, TrendDirection, TrendLevel, TrendSeverity } from './types';

export const SEVERITY_RANK: Record<TrendSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Severity from the size of the change since the episode began. */
export function severityFor(polarity: Polarity, ratio: number): TrendSeverity {
  if (polarity === 'up') return ratio >= 3 ? 'critical' : ratio >= 1.5 ? 'warning' : 'info';
  return ratio <= 1 / 3 ? 'critical' : ratio <= 2 / 3 ? 'warning' : 'info';
}

export const changePct = (observed: number, baseline: number): number =>
  baseline > 0 ? ((observed - baseline) / baseline) * 100 : 0;

const round = (n: number): string => (n >= 10 ? String(Math.round(n)) : n.toFixed(1));
const signed = (pct: number): string => `${pct >= 0 ? '+' : '−'}${Math.abs(Math.round(pct))}%`;

export interface MessageFacts {
  level: TrendLevel;
  name: string;
  direction: TrendDirection;
  observed: number;
  baseline: number;
  ratio: number;
  rank: number | null;
  baselineRank: number | null;
  topK: number;
  /** It had never really sold before this episode. */
  isNew: boolean;
  recovered?: boolean;
}

export function trendMessage(f: MessageFacts): string {
  const unit = f.level === 'product' ? 'orders' : 'lines';
  const counts = `${round(f.observed)} ${unit} in the window vs ${round(f.baseline)} expected (${signed(changePct(f.observed, f.baseline))})`;
  const what = f.level === 'product' ? f.name : `Department ${f.name}`;
  if (f.recovered) return `${what} is back to normal: ${counts}`;
  const since = `×${f.ratio.toFixed(1)} since it began`;
  switch (f.direction) {
    case 'new-entrant':
      return f.isNew
        ? `${what} is new and selling${f.rank !== null && f.rank <= f.topK ? `, #${f.rank} in the top ${f.topK}` : ''}: ${counts}`
        : `${what} entered the top ${f.topK} at #${f.rank} (baseline rank ${f.baselineRank === null ? 'unranked' : `#${f.baselineRank}`}): ${counts}, ${since}`;
    case 'rank-mover':
      return `${what} climbed from #${f.baselineRank} to #${f.rank} in the top ${f.topK}: ${counts}, ${since}`;
    case 'surge':
      return `${what} surged: ${counts}, ${since}`;
    case 'drop':
      return `${what} dropped: ${counts}, ×${f.ratio.toFixed(2)} since it began`;
  }
}
