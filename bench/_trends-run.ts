// Runs one bench stream through the trend detector and through the static threshold of the
// original design, each feeding its own alert desk, and returns every alert raised.
// The detector is fed the slices stage 2 feeds it (settings.sliceMs), counted straight from
// the generator (createWindowCounter gives the same counts as stage 2, see
// test/unit/domain/trend/counts.test.ts) at a fraction of the cost; the static rule reads
// one-minute windows, as it did.
import {
  createAlertDesk, createSyntheticSource, createTrendDetector, createWindowCounter, DEFAULT_STREAM_SETTINGS,
  labelScenario, rulesFor, type Alert, type AlertSettings, type WindowCounts,
} from '../src/index';
import { banksFor, type BankName } from './_trends-banks';
import { createMinuteMerger, createStaticThreshold, staticThresholdFor } from './_trends-static';
import { scoreAlerts, type Labelled, type StreamScore } from './_trends-score';
import type { BenchStream } from './_trends-suite';
import { createShareMeter, type ShareMeter } from './_trends-shares';
import { createTimeWarp } from './_trends-warp';

const MINUTE = 60_000;
/** A scenario's subject's rate is measured over this long before it starts. */
const PRE_RATE_MS = 30 * MINUTE;

export interface StreamRun {
  detector: Alert[];
  baseline: Alert[];
  orders: number;
  /** Event time scored: the stream after the detector's warm-up, in days. */
  days: number;
  labelled: Labelled[];
  productDepartment: (id: number) => number | undefined;
  dispersion: ReturnType<ReturnType<typeof createTrendDetector>['dispersion']>;
  /** What the scenarios' products and the shifted departments' products really sold. */
  shares: ShareMeter;
  seconds: number;
}

export function runStream(stream: BenchStream, settings: AlertSettings, bank: BankName = 'v2', latenessMs = DEFAULT_STREAM_SETTINGS.allowedLatenessMs): StreamRun {
  const started = performance.now();
  const scenarios = stream.scenarios.map((s) => s.scenario);
  const warp = createTimeWarp(stream.shocks);
  const end = stream.startTime + stream.hours * 3_600_000;
  const source = createSyntheticSource({
    seed: stream.seed, startTime: stream.startTime, ordersPerSecond: stream.ordersPerSecond,
    endTime: warp.toInput(end), scenarios, burstiness: stream.burstiness,
  });
  const detector = createTrendDetector({ settings, topK: DEFAULT_STREAM_SETTINGS.topK, banks: banksFor(bank) });
  const cooldownFor = (departmentId: number | null) => rulesFor(settings, departmentId).cooldownMs;
  const desks = { detector: createAlertDesk({ cooldownFor }), baseline: createAlertDesk({ cooldownFor }) };
  const raised = { detector: [] as Alert[], baseline: [] as Alert[] };
  for (const which of ['detector', 'baseline'] as const) {
    desks[which].subscribe((events) => events.forEach((e) => e.type === 'raised' && raised[which].push(e.alert)));
  }
  const warmupEnd = stream.startTime + settings.warmupMs;
  const staticRule = createStaticThreshold(staticThresholdFor(stream.ordersPerSecond));
  const minutes = createMinuteMerger((w) => {
    // The static rule needs no learning, but it is scored over the same hours as the detector.
    if (w.end > warmupEnd) desks.baseline.apply(staticRule(w));
  });
  // Orders per minute of each scenario's product in the half hour before it starts.
  const preCounts = scenarios.map(() => 0);
  const products = new Set(scenarios.flatMap((s) => ('productId' in s ? [s.productId] : [])));
  const departments = new Set(scenarios.flatMap((s) => (s.kind === 'department-shift' ? [s.departmentId] : [])));
  const shares = createShareMeter((id, departmentId) => products.has(id) || (departmentId !== null && departments.has(departmentId)));
  const watch = (w: WindowCounts): void => scenarios.forEach((s, i) => {
    if ('productId' in s && w.start >= s.from - PRE_RATE_MS && w.end <= s.from) preCounts[i]! += w.products.get(s.productId)?.orders ?? 0;
  });
  const counter = createWindowCounter({
    sizeMs: settings.sliceMs, closeAfterMs: latenessMs,
    onClosed: (w) => {
      desks.detector.apply(detector.evaluate(w));
      watch(w);
      shares.add(w);
      minutes.add(w);
    },
  });
  let orders = 0;
  for (const generated of source.generate()) {
    // Copies of a bursty basket are made from the order yielded before them: warp a copy, not it.
    const t = Math.floor(warp.toOutput(generated.event_time));
    const event = t === generated.event_time ? generated : { ...generated, event_time: t };
    if (t >= end) break;
    counter.add(event);
    orders++;
  }
  counter.finish();
  minutes.finish();
  const labelled = stream.scenarios.map((s, i): Labelled => ({
    label: labelScenario(s.scenario, i), kind: s.kind, shape: s.shape, optional: s.optional ?? false,
    preRate: 'productId' in s.scenario ? preCounts[i]! / (PRE_RATE_MS / MINUTE) : null,
  }));
  return {
    detector: raised.detector, baseline: raised.baseline, orders, labelled,
    days: (stream.hours * 3_600_000 - settings.warmupMs) / 86_400_000,
    productDepartment: (id) => source.catalogue.product(id)?.departmentId, dispersion: detector.dispersion(), shares,
    seconds: (performance.now() - started) / 1000,
  };
}

/** What one stream gives the report: plain data, so that it can come back from a worker thread. */
export interface StreamOutcome {
  name: string;
  seed: number;
  orders: number;
  days: number;
  quiet: boolean;
  seconds: number;
  dispersion: StreamRun['dispersion'];
  detector: StreamScore;
  baseline: StreamScore;
}

export function runAndScore(stream: BenchStream, settings: AlertSettings, bank: BankName = 'v2', latenessMs = DEFAULT_STREAM_SETTINGS.allowedLatenessMs): StreamOutcome {
  const result = runStream(stream, settings, bank, latenessMs);
  const options = { latenessMs, productDepartment: result.productDepartment, shocks: stream.shocks, shares: result.shares, minChange: settings.minChange };
  return {
    name: stream.name, seed: stream.seed, orders: result.orders, days: result.days, quiet: stream.quiet ?? false,
    seconds: result.seconds, dispersion: result.dispersion,
    detector: scoreAlerts(result.detector, result.labelled, options), baseline: scoreAlerts(result.baseline, result.labelled, options),
  };
}
