// The alert the dashboard shows and the trend detector raises: one shape for both sides.
// The live view keeps them (recordAlerts / alerts / acknowledgeAlert); whoever detects
// trends only produces them.

export type AlertLevel = 'product' | 'department';
export type AlertDirection = 'surge' | 'drop' | 'new-entrant' | 'rank-mover';
export type AlertSeverity = 'info' | 'warning' | 'critical';
/** What an alert's baseline and observed values count. */
export type AlertUnit = 'orders/min' | 'lines/min' | 'revenue' | 'rank';

export interface Alert {
  /** Stable across updates of the same episode, so an update replaces the earlier copy. */
  id: string;
  level: AlertLevel;
  /** Product id or department id, by level. */
  subjectId: number;
  subjectName: string;
  direction: AlertDirection;
  severity: AlertSeverity;
  /** Event time (epoch ms) the episode began. */
  startedAt: number;
  /** Event time it was last confirmed. */
  lastSeenAt: number;
  /** Event time it ended, or null while it lasts. */
  resolvedAt: number | null;
  acknowledged: boolean;
  /**
   * What was expected and what is seen, in `unit`: the trend detector's are rates per minute
   * now against the level before the change; the stop-gap rule's are revenue per window, or
   * ranks for a rank mover. Never money unless the unit says revenue.
   */
  baseline: number;
  observed: number;
  /** Absent from alerts stored before units were recorded: those are counts, not money. */
  unit?: AlertUnit;
  /** (observed - baseline) / baseline × 100; 0 when there is no baseline. */
  changePct: number;
  message: string;
}

/**
 * Who produced the alerts the view holds: a labelled stop-gap rule until the trend detector
 * first reports (and, with `--alerts simple`, instead of it), or nobody (`--alerts off`).
 */
export type AlertSource = 'simple-rule' | 'trend-detector' | 'off';

export const SEVERITY_ORDER: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
