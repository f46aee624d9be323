// Runs one bench stream through the trend detector and through the static threshold of the
// original design, each feeding its own alert desk, and returns every alert raised.
// Windows are counted straight from the generator (createWindowCounter), which gives the
// same counts as stage 2 (test/unit/domain/trend/counts.test.ts checks it) at a fraction of
// the cost, so a simulated day takes seconds.
import {
  createAlertDesk, createSyntheticSource, createTrendDetector, createWindowCounter, DEFAULT_STREAM_SETTINGS,
  labelScenario, rulesFor, type Alert, type AlertSettings, type TrendSignal, type WindowCounts,
} from '../src/index';
import { scoreAlerts, type StreamScore } from './_trends-score';
import type { BenchStream } from './_trends-suite';

const MINUTE = 60_000;

/**
 * The original design alerted when the top product passed 2000 transactions in a window.
 * At its default 200 orders per second and one-minute windows, that is a product in one
 * order in six; scaled to a stream's mean rate, the threshold stays one order in six.
 */
export const staticThresholdFor = (ordersPerSecond: number): number => Math.round(2000 * ((ordersPerSecond * 60) / (200 * 60)));

/** The static rule as signals: a product is "up" while its window count is above the threshold. */
export function createStaticThreshold(threshold: number) {
  const above = new Map<number, number>(); // product → onset time
  return (w: WindowCounts): TrendSignal[] => {
    const out: TrendSignal[] = [];
    const signal = (id: number, name: string, kind: TrendSignal['kind'], x: number): TrendSignal => ({
      kind, level: 'product', subjectId: id, subjectName: name, departmentId: null, polarity: 'up', direction: 'surge',
      severity: 'warning', windowStart: w.start, at: w.end, observed: x, baseline: threshold,
      changePct: ((x - threshold) / threshold) * 100, ratio: x / threshold, evidence: 1, rank: null, baselineRank: null,
      message: `${name}: ${x} transactions in the window, above the static threshold of ${threshold}`,
    });
    for (const [id, p] of w.products) {
      if (p.orders <= threshold) continue;
      out.push(signal(id, p.name, above.has(id) ? 'ongoing' : 'onset', p.orders));
      above.set(id, w.end);
    }
    for (const [id] of above) {
      const x = w.products.get(id)?.orders ?? 0;
      if (x > threshold) continue;
      out.push(signal(id, w.products.get(id)?.name ?? String(id), 'recovered', x));
      above.delete(id);
    }
    return out;
  };
}

export interface StreamRun {
  detector: Alert[];
  baseline: Alert[];
  orders: number;
  windows: number;
  /** Event time scored: the stream after the detector's warm-up, in days. */
  days: number;
  warmupEnd: number;
  labels: ReturnType<typeof labelScenario>[];
  productDepartment: (id: number) => number | undefined;
  dispersion: ReturnType<ReturnType<typeof createTrendDetector>['dispersion']>;
  seconds: number;
}

export function runStream(stream: BenchStream, settings: AlertSettings, latenessMs = DEFAULT_STREAM_SETTINGS.allowedLatenessMs): StreamRun {
  const started = performance.now();
  const scenarios = stream.scenarios.map((s) => s.scenario);
  const source = createSyntheticSource({
    seed: stream.seed, startTime: stream.startTime, ordersPerSecond: stream.ordersPerSecond,
    endTime: stream.startTime + stream.hours * 3_600_000, scenarios, burstiness: stream.burstiness,
  });
  const detector = createTrendDetector({ settings, topK: DEFAULT_STREAM_SETTINGS.topK });
  const cooldownFor = (departmentId: number | null) => rulesFor(settings, departmentId).cooldownMs;
  const desks = { detector: createAlertDesk({ cooldownFor }), baseline: createAlertDesk({ cooldownFor }) };
  const raised = { detector: [] as Alert[], baseline: [] as Alert[] };
  for (const which of ['detector', 'baseline'] as const) {
    desks[which].subscribe((events) => events.forEach((e) => e.type === 'raised' && raised[which].push(e.alert)));
  }
  const warmupEnd = stream.startTime + settings.warmupMs;
  const staticRule = createStaticThreshold(staticThresholdFor(stream.ordersPerSecond));
  let windows = 0;
  const counter = createWindowCounter({
    sizeMs: MINUTE, closeAfterMs: latenessMs,
    onClosed: (w) => {
      windows++;
      desks.detector.apply(detector.evaluate(w));
      // The static rule needs no learning, but it is scored over the same hours as the detector.
      if (w.end > warmupEnd) desks.baseline.apply(staticRule(w));
    },
  });
  let orders = 0;
  for (const event of source.generate()) {
    counter.add(event);
    orders++;
  }
  counter.finish();
  return {
    detector: raised.detector, baseline: raised.baseline, orders, windows,
    days: (stream.hours * 3_600_000 - settings.warmupMs) / 86_400_000, warmupEnd,
    labels: scenarios.map(labelScenario), productDepartment: (id) => source.catalogue.product(id)?.departmentId, dispersion: detector.dispersion(),
    seconds: (performance.now() - started) / 1000,
  };
}

/** What one stream gives the report: plain data, so that it can come back from a worker thread. */
export interface StreamOutcome {
  name: string;
  orders: number;
  windows: number;
  days: number;
  seconds: number;
  dispersion: StreamRun['dispersion'];
  kinds: string[];
  detector: StreamScore;
  baseline: StreamScore;
}

export function runAndScore(stream: BenchStream, settings: AlertSettings, latenessMs = DEFAULT_STREAM_SETTINGS.allowedLatenessMs): StreamOutcome {
  const result = runStream(stream, settings, latenessMs);
  const labelled = result.labels.map((label, i) => ({ label, kind: stream.scenarios[i]!.kind }));
  const options = { latenessMs, productDepartment: result.productDepartment };
  return {
    name: stream.name, orders: result.orders, windows: result.windows, days: result.days, seconds: result.seconds,
    dispersion: result.dispersion, kinds: labelled.map((l) => l.kind),
    detector: scoreAlerts(result.detector, labelled, options), baseline: scoreAlerts(result.baseline, labelled, options),
  };
}
