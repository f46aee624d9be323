// How well the trend detector finds real changes and stays quiet otherwise, against the
// static threshold of the original design: `npm run bench -- trends [--quick] [--workers <n>]
// [--sensitivity low|normal|high|<n>] [--min-support <n>] [--rate <orders/s>] [--seed <n>]`.
// It simulates labelled days (bench/_trends-suite.ts), scores both rules' alerts against
// the labels (bench/_trends-score.ts), prints the figures and writes them as JSON.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { DEFAULT_ALERT_SETTINGS, parseSensitivity, type AlertSettings } from '../src/index';
import type { Benchmark } from './_runner';
import { runAndScore, staticThresholdFor, type StreamOutcome } from './_trends-run';
import { figuresOf, type Figures, type LabelOutcome, type StreamScore } from './_trends-score';
import { benchStreams, type BenchStream } from './_trends-suite';

const TARGETS = { precision: 0.95, recall: 0.95, medianDelayMinutes: 2, falseAlarmReduction: 4 };

export const run: Benchmark = async (args) => {
  const { values } = parseArgs({
    args, strict: true,
    options: {
      quick: { type: 'boolean' }, workers: { type: 'string' }, sensitivity: { type: 'string' }, 'min-support': { type: 'string' },
      rate: { type: 'string' }, seed: { type: 'string' },
    },
  });
  const settings: AlertSettings = { ...DEFAULT_ALERT_SETTINGS };
  if (values.sensitivity) {
    const threshold = parseSensitivity(values.sensitivity);
    if (typeof threshold === 'string') throw new Error(`--sensitivity: ${threshold}`);
    settings.threshold = threshold;
  }
  if (values['min-support']) settings.minSupport = Number(values['min-support']);
  const streams = benchStreams({ quick: values.quick, ordersPerSecond: values.rate ? Number(values.rate) : undefined, seed: values.seed ? Number(values.seed) : undefined });
  const workers = Math.max(1, Math.min(streams.length, Number(values.workers ?? Math.min(2, availableParallelism()))));
  const started = performance.now();
  const outcomes = await runAll(streams, settings, workers);
  const wallSeconds = (performance.now() - started) / 1000;

  const lines: string[] = [
    `trend detector: sensitivity threshold ${settings.threshold}, min support ${settings.minSupport}/min, min change ${settings.minChange * 100}%, warm-up ${settings.warmupMs / 60_000} min`,
    'delays in minutes of event time (including the 10 s the window waits for late orders)', '',
  ];
  const perStream: Record<string, unknown> = {};
  const all = { detector: [] as LabelOutcome[], baseline: [] as LabelOutcome[] };
  const totals = { detector: { alerts: 0, tp: 0, fa: 0 }, baseline: { alerts: 0, tp: 0, fa: 0 }, days: 0, orders: 0, seconds: 0 };
  for (const [i, stream] of streams.entries()) {
    const o = outcomes[i]!;
    totals.days += o.days;
    totals.orders += o.orders;
    totals.seconds += o.seconds;
    const figures = (s: StreamScore) => figuresOf(s.labels, s.alerts, s.truePositives, s.falseAlarms, o.days);
    lines.push(`== ${stream.title} (${stream.name}): ${o.orders.toLocaleString('en')} orders, ${stream.hours} h from ${new Date(stream.startTime).toISOString().slice(0, 16)}Z, ` +
      `${stream.ordersPerSecond} orders/s weekly mean, static threshold ${staticThresholdFor(stream.ordersPerSecond)}/min, ${o.seconds.toFixed(1)} s`, HEADER);
    for (const which of ['detector', 'baseline'] as const) {
      const s = o[which];
      all[which].push(...s.labels);
      totals[which].alerts += s.alerts;
      totals[which].tp += s.truePositives;
      totals[which].fa += s.falseAlarms;
      lines.push(row(which === 'detector' ? 'trend detector' : 'static threshold (original)', figures(s)));
    }
    for (const kind of [...new Set(o.kinds)]) {
      const of = (s: StreamScore) => s.labels.filter((l) => l.kind === kind);
      const tp = (labels: LabelOutcome[]) => labels.reduce((n, l) => n + l.alerts, 0);
      const d = of(o.detector);
      const b = of(o.baseline);
      lines.push(`${row(`  ${kind}`, figuresOf(d, tp(d), tp(d), 0, null))}   static: recall ${fmt(figuresOf(b, tp(b), tp(b), 0, null).recall)}`);
    }
    if (o.detector.falseAlarmSamples.length) lines.push('  detector false alarms, first few:', ...o.detector.falseAlarmSamples.map((s) => `    ${s}`));
    lines.push('');
    perStream[stream.name] = {
      title: stream.title, hours: stream.hours, orders: o.orders, seconds: Number(o.seconds.toFixed(1)),
      ordersPerSecond: stream.ordersPerSecond, burstiness: stream.burstiness, staticThreshold: staticThresholdFor(stream.ordersPerSecond),
      dispersion: o.dispersion,
      detector: { ...figures(o.detector), redundant: o.detector.redundant, labels: o.detector.labels, falseAlarmSamples: o.detector.falseAlarmSamples },
      baseline: { ...figures(o.baseline), labels: o.baseline.labels },
    };
  }

  const overall = {
    detector: figuresOf(all.detector, totals.detector.alerts, totals.detector.tp, totals.detector.fa, totals.days),
    baseline: figuresOf(all.baseline, totals.baseline.alerts, totals.baseline.tp, totals.baseline.fa, totals.days),
  };
  const reduction = overall.detector.falseAlarms === 0 ? null : overall.baseline.falseAlarms / overall.detector.falseAlarms;
  lines.push(`== overall: ${totals.days.toFixed(2)} simulated days scored, ${totals.orders.toLocaleString('en')} orders, ` +
    `${totals.seconds.toFixed(0)} s of work in ${wallSeconds.toFixed(0)} s on ${workers} worker${workers > 1 ? 's' : ''}`);
  lines.push(HEADER, row('trend detector', overall.detector), row('static threshold (original)', overall.baseline));
  lines.push('', `${'by kind (detector)'.padEnd(34)} ${'recall'.padStart(7)} ${'found'.padStart(6)} ${'median'.padStart(8)} ${'p95'.padStart(8)}  directions`);
  const byKind: Record<string, Figures & { directions: Record<string, number> }> = {};
  for (const kind of [...new Set(all.detector.map((l) => l.kind))].sort()) {
    const labels = all.detector.filter((l) => l.kind === kind);
    const directions: Record<string, number> = {};
    labels.flatMap((l) => l.directions).forEach((d) => (directions[d] = (directions[d] ?? 0) + 1));
    const f = figuresOf(labels, 0, 0, 0, null);
    byKind[kind] = { ...f, directions };
    lines.push(`  ${kind.padEnd(32)} ${fmt(f.recall).padStart(7)} ${`${f.detected}/${f.labels}`.padStart(6)} ${fmt(f.medianDelayMinutes).padStart(8)} ${fmt(f.p95DelayMinutes).padStart(8)}  ${Object.entries(directions).map(([d, n]) => `${d} ${n}`).join(', ')}`);
  }
  const met = {
    precision: (overall.detector.precision ?? 0) >= TARGETS.precision,
    recall: (overall.detector.recall ?? 0) >= TARGETS.recall,
    medianDelay: (overall.detector.medianDelayMinutes ?? Infinity) <= TARGETS.medianDelayMinutes,
    falseAlarms: reduction === null ? true : reduction >= TARGETS.falseAlarmReduction,
  };
  lines.push('', `targets: precision ≥ ${TARGETS.precision} ${ok(met.precision)}, recall ≥ ${TARGETS.recall} ${ok(met.recall)}, ` +
    `median delay ≤ ${TARGETS.medianDelayMinutes} min ${ok(met.medianDelay)}, false alarms ≥ ${TARGETS.falseAlarmReduction}× fewer than static ` +
    `(${reduction === null ? `detector 0, static ${overall.baseline.falseAlarms}` : `${reduction.toFixed(1)}×`}) ${ok(met.falseAlarms)}`);
  return {
    figures: { settings, targets: TARGETS, met, overall, falseAlarmReduction: reduction, byKind, streams: perStream, workers, wallSeconds: Number(wallSeconds.toFixed(1)) },
    lines,
  };
};

const HEADER = `${'scenario'.padEnd(34)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'found'.padStart(6)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'alerts'.padStart(6)} ${'FA/day'.padStart(8)}`;
const row = (name: string, f: Figures): string =>
  `${name.padEnd(34)} ${fmt(f.precision).padStart(9)} ${fmt(f.recall).padStart(7)} ${`${f.detected}/${f.labels}`.padStart(6)} ${fmt(f.medianDelayMinutes).padStart(8)} ${fmt(f.p95DelayMinutes).padStart(8)} ${String(f.alerts).padStart(6)} ${fmt(f.falseAlarmsPerDay).padStart(8)}`;
const fmt = (n: number | null): string => (n === null ? '–' : String(n));
const ok = (yes: boolean): string => (yes ? 'met' : 'NOT met');

/**
 * Runs the streams on `workers` threads (inline for one), longest first; results come back
 * in the streams' order. A thread needs tsx registered before it can load TypeScript.
 */
async function runAll(streams: BenchStream[], settings: AlertSettings, workers: number): Promise<StreamOutcome[]> {
  if (workers === 1) return streams.map((s) => runAndScore(s, settings));
  const order = streams.map((s, i) => ({ s, i })).sort((a, b) => b.s.hours * b.s.ordersPerSecond - a.s.hours * a.s.ordersPerSecond);
  const results = new Array<StreamOutcome>(streams.length);
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./_trends-worker.ts', import.meta.url).href)}); })`;
  const pool = Array.from({ length: workers }, () => new Worker(boot, { eval: true }));
  try {
    await Promise.all(pool.map(async (worker) => {
      for (let job = order.shift(); job; job = order.shift()) {
        const { s, i } = job;
        results[i] = await new Promise<StreamOutcome>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ stream: s, settings });
        });
        worker.removeAllListeners('error');
      }
    }));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
