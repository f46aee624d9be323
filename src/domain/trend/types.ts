// What the detector reports each window. An episode of one subject in one direction begins
// with an onset, is confirmed by an ongoing signal every window, and ends with a recovery;
// the alert lifecycle (stream/alerts.ts) turns these into alerts.

export type TrendLevel = 'product' | 'department';
export type Polarity = 'up' | 'down';
/** Same words as the dashboard's Alert direction. */
export type TrendDirection = 'surge' | 'drop' | 'new-entrant' | 'rank-mover';
export type TrendSeverity = 'info' | 'warning' | 'critical';
/** Units of a signal's observed and baseline: rates per minute. */
export type TrendUnit = 'orders/min' | 'lines/min';

export interface TrendSignal {
  kind: 'onset' | 'ongoing' | 'recovered';
  level: TrendLevel;
  subjectId: number;
  subjectName: string;
  /** The product's department, or the department itself; null when unknown. */
  departmentId: number | null;
  polarity: Polarity;
  /** Fixed at onset: a rise is a new entrant or rank mover when it changes the top K. */
  direction: TrendDirection;
  severity: TrendSeverity;
  windowStart: number;
  /** Event time of the evidence: the end of the window. */
  at: number;
  /**
   * Per minute now (the last few minutes, see episode-level.ts): orders with the product, or
   * lines of the department; `unit` says which.
   */
  observed: number;
  /** What it sold per minute before the change, at today's volume: pre-change share × orders. */
  baseline: number;
  /** Absent only from signals of other rules (the bench's static threshold). */
  unit?: TrendUnit;
  /** A change, a change that lasted and is now the new level, or an episode that is over. */
  phase?: 'changed' | 'new-level' | 'over';
  changePct: number;
  /** Count over expected since the episode began. */
  ratio: number;
  /** Evidence over the threshold (>= 1 at onset). */
  evidence: number;
  /** In the window's ranking by orders, and in the baseline's (products only). */
  rank: number | null;
  baselineRank: number | null;
  message: string;
}

/** A subject's state now, for trend arrows and the API. */
export interface TrendReading {
  /** Per minute: now, and expected (before the change, during an episode). */
  observed: number;
  baseline: number;
  /** observed / baseline; 1 when nothing is expected. */
  ratio: number;
  /**
   * The open episode's direction; flat when nothing unusual is seen; too-little-data when the
   * subject is expected to sell less than the detectable floor, so no drop could be seen.
   */
  trend: Polarity | 'flat' | 'too-little-data';
}
