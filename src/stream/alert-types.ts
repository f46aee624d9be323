// The alert the dashboard shows and the trend detector raises: one shape for both sides.
// The alert desk (alerts.ts, owned by alerts-stage.ts) is the only place that keeps them and
// their acknowledgements; the live view and the API read them from there. Direction and
// severity are the detector's own types, ordered by its SEVERITY_RANK (gravest highest).
import { SEVERITY_RANK, type TrendDirection, type TrendSeverity } from '../domain/trend/index';

export type AlertLevel = 'product' | 'department';
/** What an alert's baseline and observed values count. */
export type AlertUnit = 'orders/min' | 'lines/min' | 'revenue' | 'rank';

export interface Alert {
  /** Stable across updates of the same episode, so an update replaces the earlier copy. */
  id: string;
  level: AlertLevel;
  /** Product id or department id, by level. */
  subjectId: number;
  subjectName: string;
  direction: TrendDirection;
  severity: TrendSeverity;
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
 * Who raises the alerts on the desk: the trend detector (`--alerts on`), the labelled stop-gap
 * rule instead of it (`--alerts simple`), or nobody (`--alerts off`).
 */
export type AlertSource = 'simple-rule' | 'trend-detector' | 'off';

/** True when `a` is graver than `b`. */
export const graver = (a: TrendSeverity, b: TrendSeverity): boolean => SEVERITY_RANK[a] > SEVERITY_RANK[b];

/** The order every list of alerts is shown in: ongoing first, then gravest, then newest. */
export const alertOrder = (a: Alert, b: Alert): number =>
  Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null)
  || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
  || b.lastSeenAt - a.lastSeenAt;
