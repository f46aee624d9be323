// What the detector reports each window. An episode of one subject in one direction begins
// with an onset, is confirmed by an ongoing signal every window, and ends with a recovery;
// the alert lifecycle (stream/alerts.ts) turns these into alerts.

export type TrendLevel = 'product' | 'department';
export type Polarity = 'up' | 'down';
/** Same words as the dashboard's Alert direction. */
export type TrendDirection = 'surge' | 'drop' | 'new-entrant' | 'rank-mover';
export type TrendSeverity = 'info' | 'warning' | 'critical';

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
  /** This window: orders with the product, or lines of the department. */
  observed: number;
  /** What this window was expected to hold: learned share × the window's orders. */
  baseline: number;
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

/** A subject's state now, for trend arrows. */
export interface TrendReading {
  observed: number;
  baseline: number;
  /** observed / baseline of the newest window; 1 when nothing is expected. */
  ratio: number;
  /** The open episode's direction, or flat. */
  trend: Polarity | 'flat';
}
