// The figures of `npm run bench -- trends` from the scored streams of every seed: per shape
// and overall, pooled over the seeds and as the spread (min–max) over them, with the
// targets of issue 12 checked on the pooled figures and on the worst seed.
import { figuresOf, type Figures, type LabelOutcome } from './_trends-score';
import type { StreamOutcome } from './_trends-run';

export const TARGETS = {
  precision: 0.95, recall: 0.95, rampFactor: 2, moderateRecall: 0.9, moderateRate: 50, stepDelayMinutes: 2, quietFalseAlarmsPerDay: 1, shockAlerts: 0,
};

export interface SeedFigures {
  seed: number;
  precision: number | null;
  recall: number | null;
  falseAlarms: number;
  /** Alerts on the measured aftermath of a scenario: neither hits nor false alarms (_trends-aftermath.ts). */
  aftermath: number;
  quietFalseAlarmsPerDay: number | null;
  shockAlerts: number;
  rampMedianFactor: number | null;
  moderate40Recall: number | null;
  stepMedianDelay: number | null;
  nightRecall: number | null;
  /** The night scenarios that start from 02:00 to 04:00 UTC, the night surges. */
  lateNightRecall: number | null;
  staticPrecision: number | null;
  staticRecall: number | null;
  byShape: Record<string, Figures & { staticRecall: number | null }>;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? Number((a / b).toFixed(3)) : null);
const required = (labels: LabelOutcome[]) => labels.filter((l) => !l.optional);
/** Steps of ×2 and more either way: up by ×2 or more, down to half or less. */
const bigStep = (l: LabelOutcome): boolean => l.shape === 'step' && l.factor !== null && (l.factor >= 2 || l.factor <= 0.5);
const moderate40 = (l: LabelOutcome): boolean => l.shape === 'moderate' && l.factor !== null && Math.abs(Math.abs(l.factor - 1) - 0.4) < 1e-9 && (l.preRate ?? 0) >= TARGETS.moderateRate;

export function seedFigures(seed: number, outcomes: readonly StreamOutcome[]): SeedFigures {
  const labels = { detector: outcomes.flatMap((o) => o.detector.labels), baseline: outcomes.flatMap((o) => o.baseline.labels) };
  const sum = (f: (o: StreamOutcome) => number) => outcomes.reduce((n, o) => n + f(o), 0);
  const tp = sum((o) => o.detector.truePositives);
  const fa = sum((o) => o.detector.falseAlarms);
  const quiet = outcomes.filter((o) => o.quiet);
  const quietDays = quiet.reduce((n, o) => n + o.days, 0);
  const shapes = [...new Set(labels.detector.map((l) => l.shape))].sort();
  const byShape = Object.fromEntries(shapes.map((shape) => {
    const of = (ls: LabelOutcome[]) => ls.filter((l) => l.shape === shape);
    return [shape, { ...figuresOf(of(labels.detector)), staticRecall: figuresOf(of(labels.baseline)).recall }];
  }));
  const staticTp = sum((o) => o.baseline.truePositives);
  return {
    seed,
    precision: ratio(tp, tp + fa),
    recall: figuresOf(required(labels.detector)).recall,
    falseAlarms: fa,
    aftermath: sum((o) => o.detector.aftermath ?? 0),
    quietFalseAlarmsPerDay: quietDays > 0 ? Number((quiet.reduce((n, o) => n + o.detector.falseAlarms, 0) / quietDays).toFixed(2)) : null,
    shockAlerts: sum((o) => o.detector.shockAlerts),
    rampMedianFactor: figuresOf(labels.detector.filter((l) => l.shape === 'ramp')).medianFactorAtAlert,
    moderate40Recall: figuresOf(labels.detector.filter(moderate40)).recall,
    stepMedianDelay: figuresOf(labels.detector.filter(bigStep)).medianDelayMinutes,
    nightRecall: figuresOf(labels.detector.filter((l) => l.shape === 'night')).recall,
    lateNightRecall: figuresOf(labels.detector.filter((l) => l.shape === 'night' && new Date(l.from).getUTCHours() >= 2 && new Date(l.from).getUTCHours() < 4)).recall,
    staticPrecision: ratio(staticTp, staticTp + sum((o) => o.baseline.falseAlarms)),
    staticRecall: figuresOf(required(labels.baseline)).recall,
    byShape,
  };
}

const fmt = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : String(n));
const spread = (values: Array<number | null>): string => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? `${Math.min(...known)}–${Math.max(...known)}` : '–';
};

/** The printed table: one row per shape, pooled over seeds, with the per-seed spread. */
export function reportLines(all: readonly StreamOutcome[], seeds: readonly SeedFigures[]): { lines: string[]; pooled: SeedFigures } {
  const pooled = seedFigures(-1, all);
  const lines = [
    `${'shape'.padEnd(18)} ${'labels'.padStart(6)} ${'recall'.padStart(7)} ${'seeds'.padStart(11)} ${'median'.padStart(7)} ${'p90'.padStart(6)} ${'factor'.padStart(7)}   static recall`,
  ];
  for (const [shape, f] of Object.entries(pooled.byShape)) {
    lines.push(`${shape.padEnd(18)} ${String(f.labels).padStart(6)} ${fmt(f.recall).padStart(7)} ${spread(seeds.map((s) => s.byShape[shape]?.recall ?? null)).padStart(11)} ` +
      `${fmt(f.medianDelayMinutes).padStart(7)} ${fmt(f.p90DelayMinutes).padStart(6)} ${fmt(f.medianFactorAtAlert).padStart(7)}   ${fmt(f.staticRecall)}`);
  }
  lines.push('(delays in minutes of event time; factor: median factor a ramp had reached when its alert was raised; "small ±25%" is below the 30% minimum change: optional, not in recall or precision)');
  const row = (name: string, key: keyof SeedFigures, target: string, ok: (v: number | null) => boolean): string => {
    const values = seeds.map((s) => s[key] as number | null);
    const met = ok(pooled[key] as number | null) && values.every(ok);
    return `  ${name.padEnd(44)} ${fmt(pooled[key] as number | null).padStart(6)}  seeds ${spread(values).padEnd(11)} target ${target.padEnd(6)} ${met ? 'met' : 'NOT met'}`;
  };
  lines.push('', 'targets (pooled over seeds; met only when every seed meets it too):',
    row('precision', 'precision', `≥${TARGETS.precision}`, (v) => (v ?? 0) >= TARGETS.precision),
    row('recall', 'recall', `≥${TARGETS.recall}`, (v) => (v ?? 0) >= TARGETS.recall),
    row('ramps: median factor when caught', 'rampMedianFactor', `≤×${TARGETS.rampFactor}`, (v) => v !== null && v <= TARGETS.rampFactor),
    row(`±40% at ≥${TARGETS.moderateRate} orders/min: recall`, 'moderate40Recall', `≥${TARGETS.moderateRecall}`, (v) => (v ?? 0) >= TARGETS.moderateRecall),
    row('steps ≥×2 (either way): median delay, min', 'stepMedianDelay', `≤${TARGETS.stepDelayMinutes}`, (v) => v !== null && v <= TARGETS.stepDelayMinutes),
    row('false alarms per quiet day', 'quietFalseAlarmsPerDay', `≤${TARGETS.quietFalseAlarmsPerDay}`, (v) => (v ?? 0) <= TARGETS.quietFalseAlarmsPerDay),
    row('alerts during a global volume shock', 'shockAlerts', `${TARGETS.shockAlerts}`, (v) => (v ?? 0) <= TARGETS.shockAlerts),
    row('aftermath alerts (measured real; not counted)', 'aftermath', 'report', () => true),
    row('night (23–04 h): recall', 'nightRecall', 'report', () => true),
    row('night, starting 02–04 h: recall', 'lateNightRecall', 'report', () => true),
    row('static threshold (reference): precision', 'staticPrecision', 'report', () => true),
    row('static threshold (reference): recall', 'staticRecall', 'report', () => true));
  return { lines, pooled };
}
