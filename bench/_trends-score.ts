// Scores alerts against the scenarios' ground truth. An alert detects a scenario when it
// names the scenario's subject (product or department), points the same way, and starts
// while the scenario lasts or within a grace period after. Every other alert is a false
// alarm. Delay is event time from the scenario's start to the alert, plus the allowed
// lateness the window waited before it closed.
import type { Alert, ScenarioLabel } from '../src/index';

export const GRACE_MS = 10 * 60_000;

const UP = new Set(['surge', 'new-entrant', 'rank-mover']);

export interface Labelled {
  label: ScenarioLabel;
  kind: string;
}

export interface LabelOutcome {
  kind: string;
  id: string;
  detected: boolean;
  delayMs: number | null;
  /** Alerts matched to this label (more than one is a duplicate). */
  alerts: number;
  directions: string[];
}

export interface StreamScore {
  alerts: number;
  truePositives: number;
  falseAlarms: number;
  /** False alarms that name a product of a department under a same-way shift: redundant rather than wrong. */
  redundant: number;
  labels: LabelOutcome[];
  falseAlarmSamples: string[];
}

const scenarioWindow = (l: ScenarioLabel): { from: number; to: number } => ({ from: l.scenario.from, to: l.scenario.to });

export function scoreAlerts(alerts: readonly Alert[], labelled: readonly Labelled[], options: { latenessMs: number; productDepartment: (id: number) => number | undefined }): StreamScore {
  const outcomes = new Map<string, LabelOutcome>(labelled.map(({ label, kind }) => [label.id, { kind, id: label.id, detected: false, delayMs: null, alerts: 0, directions: [] }]));
  let truePositives = 0;
  let falseAlarms = 0;
  let redundant = 0;
  const samples: string[] = [];
  for (const a of [...alerts].sort((x, y) => x.startedAt - y.startedAt)) {
    const polarity = UP.has(a.direction) ? 'up' : 'down';
    const match = labelled.find(({ label }) => {
      const { from, to } = scenarioWindow(label);
      return label.subject.level === a.level && label.subject.id === a.subjectId && label.direction === polarity
        && a.startedAt >= from && a.startedAt <= to + GRACE_MS;
    });
    if (match) {
      truePositives++;
      const o = outcomes.get(match.label.id)!;
      o.alerts++;
      o.directions.push(a.direction);
      if (!o.detected) {
        o.detected = true;
        o.delayMs = a.startedAt + options.latenessMs - match.label.scenario.from;
      }
      continue;
    }
    falseAlarms++;
    const shifted = a.level === 'product' && labelled.some(({ label }) => {
      const { from, to } = scenarioWindow(label);
      return label.subject.level === 'department' && label.subject.id === options.productDepartment(a.subjectId)
        && label.direction === polarity && a.startedAt >= from && a.startedAt <= to + GRACE_MS;
    });
    if (shifted) redundant++;
    if (samples.length < 8) samples.push(`${new Date(a.startedAt).toISOString().slice(0, 16)} ${a.level} ${a.subjectId} ${a.direction} ${a.severity}: ${a.message}`);
  }
  return { alerts: alerts.length, truePositives, falseAlarms, redundant, labels: [...outcomes.values()], falseAlarmSamples: samples };
}

export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (i - lo);
}

export interface Figures {
  labels: number;
  detected: number;
  recall: number | null;
  precision: number | null;
  alerts: number;
  falseAlarms: number;
  falseAlarmsPerDay: number | null;
  medianDelayMinutes: number | null;
  p95DelayMinutes: number | null;
}

/** Figures of a set of label outcomes and alerts over some simulated days. */
export function figuresOf(labels: readonly LabelOutcome[], alerts: number, truePositives: number, falseAlarms: number, days: number | null): Figures {
  const delays = labels.filter((l) => l.delayMs !== null).map((l) => (l.delayMs as number) / 60_000);
  const detected = labels.filter((l) => l.detected).length;
  const round = (n: number | null, digits = 2): number | null => (n === null ? null : Number(n.toFixed(digits)));
  return {
    labels: labels.length,
    detected,
    recall: labels.length ? round(detected / labels.length, 3) : null,
    precision: alerts ? round(truePositives / alerts, 3) : null,
    alerts,
    falseAlarms,
    falseAlarmsPerDay: days ? round(falseAlarms / days) : null,
    medianDelayMinutes: round(quantile(delays, 0.5)),
    p95DelayMinutes: round(quantile(delays, 0.95)),
  };
}
