// The labelled scenarios of `npm run bench -- trends`: a few simulated days of the synthetic
// stream, each with scenarios injected at known times on products picked by their volume.
// Several scenarios run at once on different products, which is how a few hours of event
// time give dozens of labelled changes.
import { createSyntheticSource, type Scenario } from '../src/index';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export type Volume = 'low' | 'medium' | 'high';

/** Shares of orders containing the product: about 10, 100 and 500 orders a minute at a weekday late morning. */
export const VOLUME_SHARE: Record<Volume, number> = { low: 0.004, medium: 0.035, high: 0.15 };

export interface LabelledScenario {
  scenario: Scenario;
  /** The row of the report this scenario counts in, e.g. "surge ×3 medium". */
  kind: string;
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
}

/** Products of the synthetic catalogue by measured share, for picking scenario subjects. */
export interface ProductPool {
  pick(share: number, avoidDepartments: Set<number>): { id: number; departmentId: number };
}

export function createProductPool(seed: number, sampleOrders = 40_000): ProductPool {
  const source = createSyntheticSource({ seed, startTime: Date.UTC(2026, 0, 5), ordersPerSecond: 50, maxOrders: sampleOrders, seasonality: false });
  const counts = new Map<number, { n: number; departmentId: number }>();
  for (const e of source.generate()) {
    for (const l of e.lines) {
      const c = counts.get(l.product_id);
      if (c) c.n++;
      else counts.set(l.product_id, { n: 1, departmentId: l.department_id });
    }
  }
  const used = new Set<number>();
  const all = [...counts].map(([id, c]) => ({ id, departmentId: c.departmentId, share: c.n / sampleOrders }));
  return {
    pick(share, avoid) {
      const best = all
        .filter((p) => !used.has(p.id) && !avoid.has(p.departmentId))
        .sort((a, b) => Math.abs(Math.log(a.share / share)) - Math.abs(Math.log(b.share / share)))[0];
      if (!best) throw new Error(`no product left near share ${share}`);
      used.add(best.id);
      avoid.add(best.departmentId);
      return best;
    },
  };
}

/** Scenarios start part-way into a minute, as real changes do, not on a window boundary. */
const at = (start: number, hour: number, minute = 0): number => start + hour * HOUR + minute * MINUTE + (((hour * 7 + minute) * 13) % 60) * 1_000;

/** One round of product scenarios at the same time, each on a product of its own department. */
function round(pool: ProductPool, from: number, minutes: number, specs: Array<{ kind: 'surge' | 'drop'; factor: number; volume: Volume }>): LabelledScenario[] {
  const avoid = new Set<number>();
  return specs.map(({ kind, factor, volume }) => {
    const { id } = pool.pick(VOLUME_SHARE[volume], avoid);
    const label = kind === 'surge' ? `surge ×${factor} ${volume}` : `drop to ${Math.round(factor * 100)}% ${volume}`;
    return { kind: label, scenario: { kind, productId: id, factor, from, to: from + minutes * MINUTE } };
  });
}

const VOLUMES: Volume[] = ['low', 'medium', 'high'];
const SURGES = [2, 3, 5].flatMap((factor) => VOLUMES.map((volume) => ({ kind: 'surge' as const, factor, volume })));
const DROPS = [0, 0.3].flatMap((factor) => VOLUMES.map((volume) => ({ kind: 'drop' as const, factor, volume })));

/** The suite; quick shortens every day and keeps fewer scenarios, for a first look. */
export function benchStreams(options: { seed?: number; ordersPerSecond?: number; quick?: boolean } = {}): BenchStream[] {
  const { seed = 11, ordersPerSecond = 25, quick = false } = options;
  // The seed draws the catalogue and its popularity, so each stream picks from its own.
  const pool = createProductPool(seed);
  const entrants = createProductPool(seed + 1);
  const bursty = createProductPool(seed + 3);
  const monday = Date.UTC(2026, 10, 23); // a Monday
  const tuesday = monday + 24 * HOUR;
  const wednesday = tuesday + 24 * HOUR;
  const sunday = monday - 24 * HOUR;
  const surgeRounds = quick ? [8] : [8, 9, 10];
  const dropRounds = quick ? [8.5] : [8.5, 9.5, 10.5];
  const streams: BenchStream[] = [
    {
      name: 'surges-and-drops', title: 'single-product surges and drops', seed, startTime: at(monday, 5), hours: quick ? 4 : 6.5,
      ordersPerSecond, burstiness: 0,
      scenarios: [
        ...surgeRounds.flatMap((h) => round(pool, at(monday, h), 20, SURGES)),
        ...dropRounds.flatMap((h) => round(pool, at(monday, h), 20, DROPS)),
      ],
    },
    {
      name: 'departments-and-entrants', title: 'department-wide shifts and new entrants', seed: seed + 1, startTime: at(tuesday, 6),
      hours: quick ? 3.5 : 6, ordersPerSecond, burstiness: 0,
      scenarios: [
        { kind: 'department shift ×2', scenario: { kind: 'department-shift', departmentId: 1, factor: 2, from: at(tuesday, 8), to: at(tuesday, 8, 30) } },
        { kind: 'department shift ×0.5', scenario: { kind: 'department-shift', departmentId: 19, factor: 0.5, from: at(tuesday, 9), to: at(tuesday, 9, 30) } },
        { kind: 'new entrant', scenario: { kind: 'new-entrant', productId: entrants.pick(0.01, new Set()).id, share: 0.01, from: at(tuesday, 8, 45), to: at(tuesday, 24) } },
        ...(quick ? [] : [
          { kind: 'department shift ×1.5', scenario: { kind: 'department-shift', departmentId: 7, factor: 1.5, from: at(tuesday, 10), to: at(tuesday, 10, 30) } } as LabelledScenario,
          { kind: 'department shift ×0.5', scenario: { kind: 'department-shift', departmentId: 3, factor: 0.5, from: at(tuesday, 11), to: at(tuesday, 11, 30) } } as LabelledScenario,
          { kind: 'new entrant', scenario: { kind: 'new-entrant', productId: entrants.pick(0.04, new Set()).id, share: 0.04, from: at(tuesday, 10, 45), to: at(tuesday, 24) } } as LabelledScenario,
        ]),
      ],
    },
    {
      name: 'seasonality-only', title: 'a whole day of seasonality and no change', seed: seed + 2, startTime: sunday,
      hours: quick ? 8 : 24, ordersPerSecond: ordersPerSecond / 2, burstiness: 0, scenarios: [],
    },
    {
      name: 'bursty', title: 'a noisy, bursty morning (burstiness 1)', seed: seed + 3, startTime: at(wednesday, 6), hours: quick ? 4 : 6,
      ordersPerSecond, burstiness: 1,
      scenarios: [
        ...round(bursty, at(wednesday, 9), 20, [
          { kind: 'surge', factor: 3, volume: 'medium' }, { kind: 'surge', factor: 5, volume: 'low' },
          { kind: 'surge', factor: 2, volume: 'high' }, { kind: 'drop', factor: 0, volume: 'medium' },
        ]),
        ...(quick ? [] : round(bursty, at(wednesday, 10, 30), 20, [
          { kind: 'surge', factor: 3, volume: 'low' }, { kind: 'surge', factor: 2, volume: 'medium' },
          { kind: 'drop', factor: 0.3, volume: 'high' }, { kind: 'drop', factor: 0, volume: 'low' },
        ])),
      ].map((s) => ({ ...s, kind: `bursty ${s.kind}` })),
    },
  ];
  return streams;
}
