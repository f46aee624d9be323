// How well the trend detector finds real changes and stays quiet otherwise, against the
// static threshold of the original design: `npm run bench -- trends [--seeds <n>] [--quick]
// [--workers <n>] [--sensitivity low|normal|high|<n>] [--min-support <n>] [--rate <orders/s>]
// [--only <stream,...>] [--bank v2|v1|dense] [--seed-list 11,111] [--combine a.json,b.json]`.
// It simulates labelled days for each seed (bench/_trends-suite.ts), scores both rules'
// alerts against the labels (bench/_trends-score.ts), prints the figures pooled and per seed
// (bench/_trends-report.ts) and writes them as JSON.
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { DEFAULT_ALERT_SETTINGS, parseSensitivity, type AlertSettings } from '../src/index';
import type { Benchmark } from './_runner';
import { BANK_NAMES, type BankName } from './_trends-banks';
import { reportLines, seedFigures, TARGETS } from './_trends-report';
import { runAndScore, type StreamOutcome } from './_trends-run';
import { benchStreams, type BenchStream } from './_trends-suite';

/** Seeds far enough apart that no stream of one seed shares a seed with another's. */
const seedList = (n: number): number[] => Array.from({ length: n }, (_, i) => 11 + 100 * i);

export const run: Benchmark = async (args) => {
  const { values } = parseArgs({
    args, strict: true,
    options: {
      quick: { type: 'boolean' }, seeds: { type: 'string' }, workers: { type: 'string' }, sensitivity: { type: 'string' },
      'min-support': { type: 'string' }, rate: { type: 'string' }, only: { type: 'string' }, bank: { type: 'string' },
      'seed-list': { type: 'string' }, combine: { type: 'string' },
    },
  });
  const settings: AlertSettings = { ...DEFAULT_ALERT_SETTINGS };
  if (values.sensitivity) {
    const threshold = parseSensitivity(values.sensitivity);
    if (typeof threshold === 'string') throw new Error(`--sensitivity: ${threshold}`);
    settings.threshold = threshold;
  }
  if (values['min-support']) settings.minSupport = Number(values['min-support']);
  const bank = (values.bank ?? 'v2') as BankName;
  if (!BANK_NAMES.includes(bank)) throw new Error(`--bank: expected ${BANK_NAMES.join(', ')}, got "${values.bank}"`);
  const only = values.only ? new Set(values.only.split(',')) : null;
  const started = performance.now();
  // --combine: the outcomes of earlier runs (e.g. one seed each), pooled as if run at once.
  const combined = values.combine ? await readOutcomes(values.combine.split(',')) : null;
  const seeds = combined ? [...new Set(combined.map((c) => c.seed))] : values['seed-list'] ? values['seed-list'].split(',').map(Number) : seedList(Number(values.seeds ?? 5));
  if (seeds.some((x) => !Number.isInteger(x))) throw new Error(`--seed-list: expected whole numbers separated by commas, got "${values['seed-list']}"`);
  const streams = combined ?? seeds.flatMap((seed) => benchStreams({ quick: values.quick, seed, ordersPerSecond: values.rate ? Number(values.rate) : undefined })
    .filter((s) => !only || only.has(s.name)).map((s) => ({ seed, stream: s })));
  const workers = Math.max(1, Math.min(streams.length, Number(values.workers ?? Math.min(2, availableParallelism()))));
  const outcomes = combined ? combined.map((c) => c.outcome) : await runAll(streams.map((s) => s.stream!), settings, bank, workers);
  const wallSeconds = (performance.now() - started) / 1000;

  const perSeed = seeds.map((seed) => seedFigures(seed, outcomes.filter((_, i) => streams[i]!.seed === seed)));
  const { lines: table, pooled } = reportLines(outcomes, perSeed);
  const orders = outcomes.reduce((n, o) => n + o.orders, 0);
  const lines = [
    `trend detector (bank ${bank}): threshold ${settings.threshold}, floor ${settings.minSupport} orders (or lines) a minute, min change ${settings.minChange * 100}%, ` +
      `slices of ${settings.sliceMs / 1000} s, warm-up ${settings.warmupMs / 60_000} min`,
    `${seeds.length} seeds (${seeds.join(', ')}), ${outcomes.length} streams, ${orders.toLocaleString('en')} orders, ` +
      `${outcomes.reduce((n, o) => n + o.seconds, 0).toFixed(0)} s of work in ${wallSeconds.toFixed(0)} s on ${workers} worker${workers > 1 ? 's' : ''}`,
    '', ...table, '', 'per seed:',
    ...perSeed.map((s) => `  seed ${s.seed}: precision ${s.precision}, recall ${s.recall}, false alarms ${s.falseAlarms}, aftermath ${s.aftermath} ` +
      `(quiet day ${s.quietFalseAlarmsPerDay}/day, volume shock ${s.shockAlerts}), ramp factor ${s.rampMedianFactor}, ±40% recall ${s.moderate40Recall}, ` +
      `step delay ${s.stepMedianDelay} min, night recall ${s.nightRecall} (02–04 h ${s.lateNightRecall})`),
    '', 'detector false alarms, first few per stream:',
    ...outcomes.flatMap((o) => o.detector.falseAlarmSamples.slice(0, 3).map((s) => `  [${o.name} seed ${o.seed}] ${s}`)),
    '', 'aftermath (a scenario\'s product, or its department\'s, still changed as measured; neither hit nor false alarm), first few per stream:',
    ...outcomes.flatMap((o) => (o.detector.aftermathSamples ?? []).slice(0, 3).map((s) => `  [${o.name} seed ${o.seed}] ${s}`)),
  ];
  return {
    figures: {
      settings, bank, targets: TARGETS, seeds, pooled, perSeed, workers, wallSeconds: Number(wallSeconds.toFixed(1)),
      streams: outcomes.map((o) => ({ name: o.name, seed: o.seed, orders: o.orders, seconds: Number(o.seconds.toFixed(1)), dispersion: o.dispersion,
        detector: {
          alerts: o.detector.alerts, falseAlarms: o.detector.falseAlarms, shockAlerts: o.detector.shockAlerts, aftermath: o.detector.aftermath ?? 0, labels: o.detector.labels,
          falseAlarmSamples: o.detector.falseAlarmSamples, aftermathSamples: o.detector.aftermathSamples ?? [],
        },
        baseline: { alerts: o.baseline.alerts, falseAlarms: o.baseline.falseAlarms } })),
      // Everything the report is made of, per seed, for --combine.
      outcomes: outcomes.map((o, i) => ({ seed: streams[i]!.seed, outcome: o })),
    },
    lines,
  };
};

/** The outcomes written by earlier runs (their JSON's `outcomes`). */
async function readOutcomes(files: string[]): Promise<Array<{ seed: number; outcome: StreamOutcome; stream?: BenchStream }>> {
  const lists = await Promise.all(files.map(async (file) => {
    const record = JSON.parse(await readFile(file, 'utf8')) as { outcomes?: Array<{ seed: number; outcome: StreamOutcome }> };
    if (!record.outcomes) throw new Error(`--combine: ${file} has no "outcomes" (written by a run before --combine existed?); run its seeds again`);
    return record.outcomes;
  }));
  return lists.flat();
}

/**
 * Runs the streams on `workers` threads (inline for one), longest first; results come back
 * in the streams' order. A thread needs tsx registered before it can load TypeScript.
 */
async function runAll(streams: BenchStream[], settings: AlertSettings, bank: BankName, workers: number): Promise<StreamOutcome[]> {
  if (workers === 1) return streams.map((s) => runAndScore(s, settings, bank));
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
          worker.postMessage({ stream: s, settings, bank });
        });
        worker.removeAllListeners('error');
      }
    }));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
