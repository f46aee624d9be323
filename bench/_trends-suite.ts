// The labelled scenarios of `npm run bench -- trends`: simulated days of the synthetic stream,
// each with scenarios injected at known times on products picked by their volume. Several
// scenarios run at once on different products, which is how a few hours of event time give
// dozens of labelled changes. The shapes: steps, short spikes and stock-outs; moderate
// changes; ramps; the night; department shifts and new entrants; a bursty morning; a global
// volume shock that keeps every share (no alert is right); and a quiet day.
import type { Scenario } from '../src/index';
import { createProductPool, type ProductPool } from './_trends-pool';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export type Volume = 'tiny' | 'low' | 'fifty' | 'medium' | 'high';

/**
 * Shares of orders containing the product: about 1.2, 10, 50, 85 and 215 orders a minute on a
 * weekday late morning (~2,400 orders a minute). "high" is the top products of the catalogue
 * (4–15% of baskets: the top one is in ~15%, and a round takes up to five of them), not 15%,
 * which only one product reaches.
 */
export const VOLUME_SHARE: Record<Volume, number> = { tiny: 0.0005, low: 0.004, fifty: 0.02, medium: 0.035, high: 0.09 };

export interface LabelledScenario {
  scenario: Scenario;
  /** The row of the report this scenario counts in, e.g. "step ×3 medium". */
  kind: string;
  /** The shape family the figures are grouped by. */
  shape: string;
  /** Smaller than the minimum change: an alert is neither required nor wrong (the indifference zone). */
  optional?: boolean;
}

/** Event time in which every share stays but the volume is multiplied (a promotion day, a lull). */
export interface VolumeShock {
  from: number;
  to: number;
  factor: number;
}

export interface BenchStream {
  name: string;
  /** What the report calls this kind of day. */
  title: string;
  seed: number;
  startTime: number;
  hours: number;
  /** Mean orders per second over a week (the generator's seasonality shapes it). */
  ordersPerSecond: number;
  burstiness: number;
  scenarios: LabelledScenario[];
  shocks: VolumeShock[];
  /** A quiet stream: its false alarms are counted per quiet day. */
  quiet?: boolean;
}

/** Scenarios start part-way into a minute, as real changes do, not on a window boundary. */
const at = (start: number, hour: number, minute = 0): number => start + hour * HOUR + minute * MINUTE + (((hour * 7 + minute) * 13) % 60) * 1_000;

type Spec = { kind: 'surge' | 'drop' | 'ramp'; factor: number; volume: Volume; minutes: number; rampMinutes?: number; shape: string; label?: string; optional?: boolean };

/** One round of product scenarios at the same time, on distinct products, of distinct departments where the catalogue allows (see _trends-pool.ts). */
function round(pool: ProductPool, from: number, specs: Spec[]): LabelledScenario[] {
  const avoid = new Set<number>();
  // The biggest first: the catalogue has few products near the top shares.
  const ids = new Map<Spec, number>();
  for (const s of [...specs].sort((a, b) => VOLUME_SHARE[b.volume] - VOLUME_SHARE[a.volume])) ids.set(s, pool.pick(VOLUME_SHARE[s.volume], avoid).id);
  return specs.map((s) => {
    const id = ids.get(s)!;
    const to = from + s.minutes * MINUTE;
    const scenario: Scenario = s.kind === 'ramp'
      ? { kind: 'ramp', productId: id, factor: s.factor, rampMs: (s.rampMinutes ?? s.minutes) * MINUTE, from, to }
      : { kind: s.kind, productId: id, factor: s.factor, from, to };
    const label = s.label ?? (s.factor >= 1 ? `×${s.factor}` : `to ${Math.round(s.factor * 100)}%`);
    return { kind: `${s.shape} ${label} ${s.volume}`, shape: s.shape, scenario, ...(s.optional ? { optional: true } : {}) };
  });
}

const VOLUMES: Volume[] = ['low', 'medium', 'high'];
const each = (factors: number[], volumes: Volume[], spec: Omit<Spec, 'factor' | 'volume' | 'kind'>): Spec[] =>
  factors.flatMap((factor) => volumes.map((volume) => ({ ...spec, kind: factor >= 1 ? 'surge' as const : 'drop' as const, factor, volume })));
const STEPS = [...each([2, 3, 5], VOLUMES, { minutes: 30, shape: 'step' }), ...each([0, 0.3], VOLUMES, { minutes: 30, shape: 'step' })];
const SPIKES_AND_STOCKOUTS: Spec[] = [
  ...(['low', 'medium', 'high'] as Volume[]).map((volume) => ({ kind: 'surge' as const, factor: 6, volume, minutes: 4, shape: 'short spike' })),
  ...(['medium', 'high'] as Volume[]).map((volume) => ({ kind: 'drop' as const, factor: 0, volume, minutes: 40, shape: 'stock-out' })),
  // The low-volume case: ×3 of a product selling about one order a minute.
  ...[1, 2].map(() => ({ kind: 'surge' as const, factor: 3, volume: 'tiny' as const, minutes: 40, shape: 'tiny ×3' })),
];
const MODERATE = (factors: number[]): Spec[] => factors.flatMap((factor) => (['fifty', 'medium', 'high'] as Volume[]).map((volume) => ({
  kind: factor >= 1 ? 'surge' as const : 'drop' as const, factor, volume, minutes: 60, shape: Math.abs(factor - 1) < 0.3 ? 'small ±25%' : 'moderate',
  label: `${factor >= 1 ? '+' : '−'}${Math.round(Math.abs(factor - 1) * 100)}%`, optional: Math.abs(factor - 1) < 0.3,
})));
const RAMPS: Spec[] = [
  { factor: 3, rampMinutes: 90 }, { factor: 4, rampMinutes: 60 }, { factor: 3, rampMinutes: 30 }, { factor: 4, rampMinutes: 90 },
].flatMap(({ factor, rampMinutes }) => (['low', 'medium', 'high'] as Volume[]).map((volume) => ({
  kind: 'ramp' as const, factor, volume, minutes: rampMinutes + 10, rampMinutes, shape: 'ramp', label: `×1→×${factor} over ${rampMinutes} min`,
})));
const NIGHT = [...each([2, 3, 5], ['medium', 'high'], { minutes: 40, shape: 'night' }), ...each([0], ['medium', 'high'], { minutes: 40, shape: 'night' })];

/** The suite for one seed; quick shortens every day and keeps fewer scenarios, for a first look. */
export function benchStreams(options: { seed?: number; ordersPerSecond?: number; quick?: boolean } = {}): BenchStream[] {
  const { seed = 11, ordersPerSecond = 25, quick = false } = options;
  // The seed draws the catalogue and its popularity, so each stream picks from its own.
  const pool = (offset: number) => createProductPool(seed + offset);
  const monday = Date.UTC(2026, 10, 23); // a Monday
  const day = (n: number) => monday + n * 24 * HOUR;
  const stream = (s: Partial<BenchStream> & Pick<BenchStream, 'name' | 'title' | 'startTime' | 'hours'>, offset: number): BenchStream =>
    ({ seed: seed + offset, ordersPerSecond, burstiness: 0, scenarios: [], shocks: [], ...s });
  const steps = pool(0);
  const moderate = pool(4);
  const ramps = pool(5);
  const night = pool(6);
  const entrants = pool(1);
  const bursty = pool(3);
  const streams: BenchStream[] = [
    stream({
      name: 'steps', title: 'steps, short spikes, stock-outs and a ~1 order/min product tripling', startTime: at(day(0), 6), hours: quick ? 3 : 5,
      scenarios: [
        ...(quick ? [7] : [7, 8, 9]).flatMap((h) => round(steps, at(day(0), h), STEPS)),
        ...(quick ? [] : round(steps, at(day(0), 10), SPIKES_AND_STOCKOUTS)),
      ],
    }, 0),
    stream({
      name: 'moderate', title: 'moderate changes (±25–50%) for an hour', startTime: at(day(0), 6, 30), hours: quick ? 3 : 5,
      scenarios: [
        ...round(moderate, at(day(0), 7, 15), MODERATE([1.4, 0.6, 1.25, 0.75])),
        ...(quick ? [] : round(moderate, at(day(0), 8, 30), MODERATE([1.5, 0.7, 1.3, 0.5]))),
        ...(quick ? [] : round(moderate, at(day(0), 10), MODERATE([1.4, 0.6]))),
      ],
    }, 4),
    stream({
      name: 'ramps', title: 'ramps from ×1 to ×3 and ×4 over 30–90 min', startTime: at(day(1), 6), hours: quick ? 3 : 5,
      scenarios: [
        ...round(ramps, at(day(1), 7), RAMPS.slice(0, quick ? 6 : 12)),
        ...(quick ? [] : round(ramps, at(day(1), 9), RAMPS.slice(3))),
      ],
    }, 5),
    stream({
      name: 'night', title: 'the night and late evening (low volume)', startTime: at(day(1), 20), hours: quick ? 8 : 10,
      scenarios: [
        ...round(night, at(day(1), 23), NIGHT),
        ...round(night, at(day(1), 26), NIGHT),
        ...(quick ? [] : round(night, at(day(1), 27, 20), NIGHT)),
      ],
    }, 6),
    stream({
      name: 'departments-and-entrants', title: 'department-wide shifts and new entrants', startTime: at(day(1), 7), hours: quick ? 2.5 : 5,
      scenarios: [
        { kind: 'department shift ×2', shape: 'department shift', scenario: { kind: 'department-shift', departmentId: 1, factor: 2, from: at(day(1), 8), to: at(day(1), 8, 30) } },
        { kind: 'department shift ×0.5', shape: 'department shift', scenario: { kind: 'department-shift', departmentId: 19, factor: 0.5, from: at(day(1), 9), to: at(day(1), 9, 30) } },
        { kind: 'new entrant', shape: 'new entrant', scenario: { kind: 'new-entrant', productId: entrants.pick(0.01, new Set()).id, share: 0.01, from: at(day(1), 8, 45), to: at(day(1), 24) } },
        ...(quick ? [] : [
          { kind: 'department shift ×1.5', shape: 'department shift', scenario: { kind: 'department-shift', departmentId: 7, factor: 1.5, from: at(day(1), 10), to: at(day(1), 10, 30) } },
          { kind: 'department shift ×0.5', shape: 'department shift', scenario: { kind: 'department-shift', departmentId: 3, factor: 0.5, from: at(day(1), 11), to: at(day(1), 11, 30) } },
          { kind: 'new entrant', shape: 'new entrant', scenario: { kind: 'new-entrant', productId: entrants.pick(0.04, new Set()).id, share: 0.04, from: at(day(1), 10, 45), to: at(day(1), 24) } },
        ] as LabelledScenario[]),
      ],
    }, 1),
    stream({
      name: 'bursty', title: 'a noisy, bursty morning (burstiness 1)', startTime: at(day(2), 8), hours: quick ? 2 : 3.5, burstiness: 1,
      scenarios: [
        ...round(bursty, at(day(2), 9), [
          { kind: 'surge', factor: 3, volume: 'medium', minutes: 20, shape: 'bursty' }, { kind: 'surge', factor: 5, volume: 'low', minutes: 20, shape: 'bursty' },
          { kind: 'surge', factor: 2, volume: 'high', minutes: 20, shape: 'bursty' }, { kind: 'drop', factor: 0, volume: 'medium', minutes: 20, shape: 'bursty' },
        ]),
        ...(quick ? [] : round(bursty, at(day(2), 10, 30), [
          { kind: 'surge', factor: 3, volume: 'low', minutes: 20, shape: 'bursty' }, { kind: 'surge', factor: 2, volume: 'medium', minutes: 20, shape: 'bursty' },
          { kind: 'drop', factor: 0.3, volume: 'high', minutes: 20, shape: 'bursty' }, { kind: 'drop', factor: 0, volume: 'low', minutes: 20, shape: 'bursty' },
        ])),
      ],
    }, 3),
    stream({
      name: 'volume-shock', title: 'a promotion: all volume ×2.5 for 90 min, then ×0.5 for an hour, shares unchanged', startTime: at(day(3), 8),
      hours: quick ? 3 : 4.5, ordersPerSecond: ordersPerSecond * 0.6, shocks: [{ from: at(day(3), 9), to: at(day(3), 10, 30), factor: 2.5 }, { from: at(day(3), 11), to: at(day(3), 12), factor: 0.5 }],
    }, 7),
    stream({
      name: 'quiet', title: 'a whole day of seasonality and no change (24 h scored after the warm-up)', startTime: day(-1) - HOUR / 2, hours: quick ? 8 : 24.5,
      ordersPerSecond: ordersPerSecond / 3, quiet: true,
    }, 2),
  ];
  return streams;
}
