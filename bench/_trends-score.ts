// Scores alerts against the scenarios' ground truth. An alert detects a scenario when it
// names the scenario's subject (product or department), points the same way, and starts
// while the scenario lasts or within a grace period after. An alert that detects an optional
// scenario (a change smaller than the minimum change) is neither a hit nor a false alarm.
// Every other alert is a false alarm; those raised during a global volume shock are also
// counted apart. An alert on a product that really still sells differently after a scenario
// of it or of its department ended is its aftermath, neither (_trends-aftermath.ts). Delay
// is event time from the scenario's start to the alert, plus the allowed lateness the slice
// waited before it closed.
import { rampFactor, type Alert, type ScenarioLabel } from '../src/index';
import { aftermathOf, type AftermathOptions } from './_trends-aftermath';
import type { VolumeShock } from './_trends-suite';

export const GRACE_MS = 10 * 60_000;

const UP = new Set(['surge', 'new-entrant', 'rank-mover']);

export interface Labelled {
  label: ScenarioLabel;
  kind: string;
  shape: string;
  optional: boolean;
  /** The product's orders per minute in the half hour before the scenario; null for departments. */
  preRate: number | null;
}

export interface LabelOutcome {
  kind: string;
  shape: string;
  optional: boolean;
  preRate: number | null;
  /** The scenario's factor (its final factor for a ramp). */
  factor: number | null;
  /** Event time the scenario starts. */
  from: number;
  detected: boolean;
  delayMs: number | null;
  /** A ramp's factor when the alert was raised. */
  factorAtAlert: number | null;
  /** Alerts matched to this label (more than one is a duplicate). */
  alerts: number;
  directions: string[];
}

export interface StreamScore {
  alerts: number;
  truePositives: number;
  falseAlarms: number;
  /** Alerts on optional scenarios: neither hits nor false alarms. */
  optionalHits: number;
  /** False alarms raised while a global volume shock lasted (or within the grace after it). */
  shockAlerts: number;
  /** False alarms that name a product of a department under a same-way shift: redundant rather than wrong. */
  redundant: number;
  /** Alerts on the real aftermath of a scenario (_trends-aftermath.ts): neither hits nor false alarms. */
  aftermath?: number;
  labels: LabelOutcome[];
  falseAlarmSamples: string[];
  aftermathSamples?: string[];
}

const factorOf = (l: ScenarioLabel): number | null => ('factor' in l.scenario ? l.scenario.factor : null);

export function scoreAlerts(alerts: readonly Alert[], labelled: readonly Labelled[], options: { latenessMs: number; shocks: readonly VolumeShock[] } & AftermathOptions): StreamScore {
  const outcomes = new Map<string, LabelOutcome>(labelled.map(({ label, kind, shape, optional, preRate }) => [label.id, {
    kind, shape, optional, preRate, factor: factorOf(label), from: label.scenario.from, detected: false, delayMs: null, factorAtAlert: null, alerts: 0, directions: [],
  }]));
  const score: StreamScore = { alerts: alerts.length, truePositives: 0, falseAlarms: 0, optionalHits: 0, shockAlerts: 0, redundant: 0, aftermath: 0, labels: [], falseAlarmSamples: [], aftermathSamples: [] };
  const line = (a: Alert): string => `${new Date(a.startedAt).toISOString().slice(0, 16)} ${a.level} ${a.subjectId} ${a.direction} ${a.severity}: ${a.message}`;
  const during = (l: ScenarioLabel, a: Alert): boolean => a.startedAt >= l.scenario.from && a.startedAt <= l.scenario.to + GRACE_MS;
  for (const a of [...alerts].sort((x, y) => x.startedAt - y.startedAt)) {
    const polarity = UP.has(a.direction) ? 'up' : 'down';
    const match = labelled.find(({ label }) => label.subject.level === a.level && label.subject.id === a.subjectId && label.direction === polarity && during(label, a));
    if (match) {
      const o = outcomes.get(match.label.id)!;
      o.alerts++;
      o.directions.push(a.direction);
      if (match.optional) score.optionalHits++;
      else score.truePositives++;
      if (!o.detected) {
        o.detected = true;
        o.delayMs = a.startedAt + options.latenessMs - match.label.scenario.from;
        const s = match.label.scenario;
        if (s.kind === 'ramp') o.factorAtAlert = Number(rampFactor(s, a.startedAt).toFixed(2));
      }
      continue;
    }
    const after = aftermathOf(a, polarity, labelled.filter((l) => !l.optional).map((l) => l.label), options);
    if (after) {
      score.aftermath!++;
      if (score.aftermathSamples!.length < 20) score.aftermathSamples!.push(`${line(a)} [after ${after.label.id}, measured ×${after.ratio.toFixed(2)}]`);
      continue;
    }
    score.falseAlarms++;
    if (options.shocks.some((s) => a.startedAt >= s.from && a.startedAt <= s.to + GRACE_MS)) score.shockAlerts++;
    const shifted = a.level === 'product' && labelled.some(({ label }) => label.subject.level === 'department'
      && label.subject.id === options.productDepartment(a.subjectId) && label.direction === polarity && during(label, a));
    if (shifted) score.redundant++;
    if (score.falseAlarmSamples.length < 20) score.falseAlarmSamples.push(line(a));
  }
  score.labels = [...outcomes.values()];
  return score;
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
  medianDelayMinutes: number | null;
  p90DelayMinutes: number | null;
  /** Ramps: the median factor reached when the alert was raised. */
  medianFactorAtAlert: number | null;
}

const round = (n: number | null, digits = 2): number | null => (n === null ? null : Number(n.toFixed(digits)));

/** Figures of a set of label outcomes. */
export function figuresOf(labels: readonly LabelOutcome[]): Figures {
  const delays = labels.filter((l) => l.delayMs !== null).map((l) => (l.delayMs as number) / 60_000);
  const factors = labels.filter((l) => l.factorAtAlert !== null).map((l) => l.factorAtAlert as number);
  const detected = labels.filter((l) => l.detected).length;
  return {
    labels: labels.length, detected, recall: labels.length ? round(detected / labels.length, 3) : null,
    medianDelayMinutes: round(quantile(delays, 0.5)), p90DelayMinutes: round(quantile(delays, 0.9)), medianFactorAtAlert: round(quantile(factors, 0.5)),
  };
}
