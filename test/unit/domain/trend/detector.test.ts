import { describe, expect, it } from 'vitest';
import {
  createTrendDetector, DEFAULT_ALERT_SETTINGS, type AlertSettings, type TrendSignal,
} from '../../../../src/index';
import { createWindowStream, DAY0, dayShape, MINUTE, subjects, type Subject } from '../../../helpers/trend-windows';

const CATALOGUE = subjects(400, 5);
const settings = (over: Partial<AlertSettings> = {}): AlertSettings => ({ ...DEFAULT_ALERT_SETTINGS, ...over });

/** Runs `minutes` one-minute windows from `start`; `factor` changes subjects' shares. */
function run(options: { minutes: number; start?: number; perMinute?: (t: number) => number; factor?: (s: Subject, t: number) => number; settings?: AlertSettings; seed?: number; catalogue?: Subject[] }) {
  const { minutes, start = DAY0 + 9 * 3_600_000, perMinute = () => 2_000, factor = () => 1, seed = 1, catalogue = CATALOGUE } = options;
  const detector = createTrendDetector({ settings: options.settings ?? settings(), topK: 20 });
  const stream = createWindowStream(catalogue, seed);
  const signals: TrendSignal[] = [];
  for (let m = 0; m < minutes; m++) {
    const t = start + m * MINUTE;
    signals.push(...detector.evaluate(stream.window(t, perMinute(t), (s) => factor(s, t))));
  }
  return { detector, signals, onsets: signals.filter((s) => s.kind === 'onset') };
}

describe('trend detector', () => {
  it('stays quiet over a whole day of seasonality: volume swinging 7-fold is not a trend', () => {
    const { onsets, detector } = run({ minutes: 24 * 60, start: DAY0, perMinute: (t) => 3_000 * dayShape(t) });
    expect(onsets).toEqual([]);
    expect(detector.dispersion().products).toBeLessThan(1.3);
  });

  it('tracks every product and department it has seen, and only those', () => {
    const catalogue = subjects(60, 3);
    const detector = createTrendDetector({ settings: settings(), topK: 20 });
    const stream = createWindowStream(catalogue, 4);
    expect(detector.tracked()).toEqual({ products: 0, departments: 0 });
    const seen = { products: new Set<number>(), departments: new Set<number>() };
    for (let m = 0; m < 5; m++) {
      const w = stream.window(DAY0 + m * MINUTE, 30, () => 1);
      for (const id of w.products.keys()) seen.products.add(id);
      for (const id of w.departments.keys()) seen.departments.add(id);
      detector.evaluate(w);
    }
    expect(seen.products.size).toBeGreaterThan(10);
    expect(seen.products.size).toBeLessThan(60);
    expect(detector.tracked()).toEqual({ products: seen.products.size, departments: seen.departments.size });
  });

  it('raises nothing during warm-up, however big the change', () => {
    const { onsets } = run({ minutes: 29, factor: (s, t) => (s.id === 30 && t >= DAY0 + 9 * 3_600_000 + 10 * MINUTE ? 5 : 1) });
    expect(onsets).toEqual([]);
  });

  it('finds a product that triples from ~10 orders a minute within three windows, and sees it recover', () => {
    const from = DAY0 + 10 * 3_600_000 + 30_000; // part-way into a window
    const to = from + 20 * MINUTE;
    // Product 80: share 0.2/80 → about 10 orders a minute of 4,000; tripled it stays out of the top 20.
    const { signals, onsets } = run({ minutes: 120, perMinute: () => 4_000, factor: (s, t) => (s.id === 80 && t + MINUTE > from && t < to ? 3 : 1) });
    expect(onsets).toHaveLength(1);
    const [onset] = onsets as [TrendSignal];
    expect(onset).toMatchObject({ level: 'product', subjectId: 80, polarity: 'up', direction: 'surge' });
    expect(onset.at - from).toBeLessThanOrEqual(3 * MINUTE);
    expect(onset.ratio).toBeGreaterThan(2);
    expect(['warning', 'critical']).toContain(onset.severity);
    expect(onset.message).toMatch(/^Product 80 surged: \d+ orders\/min vs \d+(\.\d)? expected \(\+\d+%\)/);
    expect(onset).toMatchObject({ unit: 'orders/min', phase: 'changed' });
    expect(onset.observed / onset.baseline).toBeGreaterThan(2);
    const recovered = signals.find((s) => s.kind === 'recovered' && s.subjectId === 80);
    expect(recovered).toBeDefined();
    expect(recovered!.at).toBeGreaterThan(to);
    expect(recovered!.at - to).toBeLessThan(12 * MINUTE);
    // Every window between onset and recovery confirms the episode.
    expect(signals.filter((s) => s.kind === 'ongoing' && s.subjectId === 80).length).toBe((recovered!.at - onset.at) / MINUTE - 1);
  });

  it('finds a drop to nothing of a product selling ~20 a minute', () => {
    const from = DAY0 + 10 * 3_600_000;
    const { onsets } = run({ minutes: 80, factor: (s, t) => (s.id === 20 && t >= from ? 0 : 1) });
    expect(onsets.map((s) => [s.subjectId, s.direction, s.severity])).toEqual([[20, 'drop', 'critical']]);
    expect(onsets[0]!.at - from).toBeLessThanOrEqual(2 * MINUTE);
  });

  it('raises one department alert for a department-wide shift, not one per product', () => {
    const from = DAY0 + 10 * 3_600_000;
    const { onsets } = run({ minutes: 90, factor: (s, t) => (s.departmentId === 3 && t >= from ? 2 : 1) });
    expect(onsets.map((s) => [s.level, s.subjectId, s.direction])).toEqual([['department', 3, 'surge']]);
  });

  it('raises a product alert, not a department alert, when one big product surges', () => {
    const from = DAY0 + 10 * 3_600_000;
    // Product 2 (10% of orders) is a large part of department 2.
    const { onsets } = run({ minutes: 90, factor: (s, t) => (s.id === 2 && t >= from ? 3 : 1) });
    expect(onsets.map((s) => [s.level, s.subjectId])).toEqual([['product', 2]]);
  });

  it('does not alert on the long tail: a product below the floor is measured against the floor, and read as too little data', () => {
    const from = DAY0 + 10 * 3_600_000;
    // Product 300 sells 2000 × 0.2/300 = 1.3 a minute, above the default floor; product 2000 sells 0.2 a minute, below it.
    const catalogue = [...CATALOGUE, { id: 2000, departmentId: 2, share: 0.0001 }];
    const factor = (s: Subject, t: number) => (s.id === 2000 && t >= from && t < from + 40 * MINUTE ? 6 : 1);
    const { onsets, detector } = run({ minutes: 100, catalogue, factor });
    expect(onsets).toEqual([]);
    expect(detector.reading('product', 2000)).toMatchObject({ trend: 'too-little-data' });
    expect(detector.reading('product', 300)).toMatchObject({ trend: 'flat' });
    const lower = run({ minutes: 100, catalogue, settings: settings({ minSupport: 0.1 }), factor });
    expect(lower.onsets.map((s) => s.subjectId)).toEqual([2000]);
  });

  it('calls a product new when it had never sold, and a rank mover when it climbs the top K', () => {
    const from = DAY0 + 10 * 3_600_000;
    const catalogue = [...CATALOGUE, { id: 999, departmentId: 1, share: 0.05 }];
    const entrant = run({ minutes: 80, catalogue, factor: (s, t) => (s.id === 999 ? (t >= from ? 1 : 0) : 1) });
    expect(entrant.onsets.map((s) => [s.subjectId, s.direction])).toEqual([[999, 'new-entrant']]);
    expect(entrant.onsets[0]!.message).toMatch(/is new and selling, #\d+ in the top 20/);
    // Product 12 (baseline rank 12) tripling climbs to about #4.
    const mover = run({ minutes: 80, factor: (s, t) => (s.id === 12 && t >= from ? 3 : 1) });
    expect(mover.onsets.map((s) => [s.subjectId, s.direction])).toEqual([[12, 'rank-mover']]);
    expect(mover.onsets[0]).toMatchObject({ baselineRank: 12 });
    expect(mover.onsets[0]!.rank).toBeLessThanOrEqual(5);
  });

  it('honours per-department overrides: muted departments stay silent, a stricter threshold waits longer', () => {
    const from = DAY0 + 10 * 3_600_000;
    const factor = (s: Subject, t: number) => (s.id === 30 && t >= from ? 2 : 1); // department 5
    const normal = run({ minutes: 90, factor });
    const muted = run({ minutes: 90, factor, settings: settings({ departments: { 5: { muted: true } } }) });
    const strict = run({ minutes: 90, factor, settings: settings({ departments: { 5: { threshold: 30 } } }) });
    expect(normal.onsets.map((s) => s.subjectId)).toEqual([30]);
    expect(muted.onsets).toEqual([]);
    expect(strict.onsets.map((s) => s.subjectId)).toEqual([30]);
    expect(strict.onsets[0]!.at).toBeGreaterThan(normal.onsets[0]!.at);
  });

  it('learns a lasting change as the new level after adaptAfterMs, and keeps the alert open as a new level', () => {
    const from = DAY0 + 10 * 3_600_000;
    const { signals, detector } = run({ minutes: 300, settings: settings({ adaptAfterMs: 60 * MINUTE, halfLifeMs: 20 * MINUTE }), factor: (s, t) => (s.id === 20 && t >= from ? 2 : 1) });
    const mine = signals.filter((s) => s.subjectId === 20);
    expect(mine.filter((s) => s.kind !== 'ongoing').map((s) => s.kind)).toEqual(['onset']);
    expect(mine.at(-1)).toMatchObject({ kind: 'ongoing', phase: 'new-level' });
    expect(mine.at(-1)!.message).toMatch(/^Product 20 is at a new level, higher: now ×[12]\.\d for 3 h/);
    expect(detector.reading('product', 20)).toMatchObject({ trend: 'up' });
  });

  it('weights overlapping (hopping) windows by advance / size', () => {
    const tumbling = createTrendDetector({ settings: settings(), topK: 20 });
    const hopping = createTrendDetector({ settings: settings(), topK: 20, windowWeight: 0.5 });
    const stream = createWindowStream(CATALOGUE, 4);
    for (let m = 0; m < 40; m++) {
      const w = stream.window(DAY0 + 9 * 3_600_000 + m * MINUTE, 2_000);
      tumbling.evaluate(w);
      hopping.evaluate(w);
    }
    // Same shares learned either way; only the evidence per window differs.
    expect(hopping.reading('product', 1)!.baseline).toBeCloseTo(tumbling.reading('product', 1)!.baseline, 6);
  });
});
