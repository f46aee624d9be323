// What the trend detector holds once it knows the catalogue, and what a window costs it:
// `npm run bench -- detector-memory [--windows N] [--rate R] [--seed S]`. It counts the
// synthetic stream (the soak's, seed 42 by default) into 15 s windows as stage 2 closes them,
// feeds each to one detector, and measures the heap plus array buffers that survive two full
// collections before and after: the detector is the only thing kept between the two (the
// product names it holds are the catalogue's, which is counted in both).
import { parseArgs } from 'node:util';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { createSyntheticSource, createTrendDetector, createWindowCounter, DEFAULT_ALERT_SETTINGS, type WindowCounts } from '../src/index';
import type { TrendDetector } from '../src/domain/trend/index';
import { createSyntheticCatalogue, type Catalogue } from '../src/domain/index';
import type { Benchmark } from './_runner';

const WINDOW_MS = 15_000;

/** A full collection on demand; `--expose-gc` set at run time, as node's documentation for `v8.setFlagsFromString` shows. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const positive = (flag: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag}: expected a positive number, got "${text}"`);
  return n;
};

export const run: Benchmark = async (args) => {
  const { values } = parseArgs({ args, strict: true, options: { windows: { type: 'string' }, rate: { type: 'string' }, seed: { type: 'string' } } });
  const windows = Math.round(positive('windows', values.windows, 240));
  const rate = positive('rate', values.rate, 500);
  const seed = Math.round(positive('seed', values.seed, 42));
  const gc = collector();
  const used = (): number => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };

  // The catalogue is made first and kept: the tracks share its product names, as the pipeline's
  // share theirs with the decoded windows; what is counted is the detector's own.
  const catalogue = createSyntheticCatalogue({ seed });
  const before = used();
  const detector = createTrendDetector({ settings: DEFAULT_ALERT_SETTINGS, topK: 10 });
  const fed = feed(detector, { seed, rate, windows, catalogue });
  process.stderr.write('\n');
  const after = used();
  const products = detector.tracked().products;
  const retained = after - before;
  const figures = {
    seed, rate, windows: fed.windows, productsKnown: products, signals: fed.signals,
    retainedMb: Math.round((retained / 1e6) * 10) / 10,
    bytesPerProduct: products > 0 ? Math.round(retained / products) : null,
    evaluateMsPerWindow: Math.round((fed.evaluateMs / Math.max(fed.windows, 1)) * 10) / 10,
    // CPU time moves less than wall time with the load of a shared machine.
    evaluateCpuMsPerWindow: Math.round((fed.evaluateCpuMs / Math.max(fed.windows, 1)) * 10) / 10,
  };
  return {
    figures,
    lines: [
      `detector after ${fed.windows} windows of 15 s at ${rate} orders/s (seed ${seed}): ${products} products known, ${fed.signals} signals`,
      `retained ${figures.retainedMb} MB (heap used + array buffers after full collections), ${figures.bytesPerProduct} bytes a product`,
      `evaluate ${figures.evaluateMsPerWindow} ms a window (${figures.evaluateCpuMsPerWindow} ms of CPU)`,
    ],
  };
};

/**
 * Counts the synthetic stream into windows and feeds them to the detector. The source and its
 * customers' histories live only in here, so that what survives the call is the detector's.
 */
function feed(detector: TrendDetector, options: { seed: number; rate: number; windows: number; catalogue: Catalogue }): { windows: number; signals: number; evaluateMs: number; evaluateCpuMs: number } {
  const startTime = Date.UTC(2026, 0, 5, 12);
  const source = createSyntheticSource({ seed: options.seed, catalogue: options.catalogue, startTime, ordersPerSecond: options.rate, endTime: startTime + options.windows * WINDOW_MS });
  const closed: WindowCounts[] = [];
  const counter = createWindowCounter({ sizeMs: WINDOW_MS, onClosed: (w) => closed.push(w) });
  const out = { windows: 0, signals: 0, evaluateMs: 0, evaluateCpuMs: 0 };
  const evaluate = (): void => {
    for (const w of closed.splice(0)) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      out.signals += detector.evaluate(w).length;
      const cpu = process.cpuUsage(cpu0);
      out.evaluateMs += performance.now() - t0;
      out.evaluateCpuMs += (cpu.user + cpu.system) / 1000;
      out.windows++;
      if (out.windows % 20 === 0) process.stderr.write(`\rdetector-memory: ${out.windows}/${options.windows} windows`);
    }
  };
  for (const event of source.generate()) {
    counter.add(event);
    if (closed.length > 0) evaluate();
  }
  counter.finish();
  evaluate();
  return out;
}
