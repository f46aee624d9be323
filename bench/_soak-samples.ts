// The soak's memory curve: samples of this process's memory while the pipeline runs, and the
// figures that say whether it levelled off.
export interface SoakSample {
  wallSeconds: number;
  eventHours: number;
  orders: number;
  rssMb: number;
  heapMb: number;
  /** The V8 heap as reserved from the system: what the collector has not given back counts in RSS. */
  heapTotalMb?: number;
  arrayBuffersMb: number;
  /** Payload the in-process log holds. */
  logMb: number;
  /** Orders per second of event time the stream carried at that moment. */
  eventRate: number;
  /** Whether auto-compaction was merging closed hours at that moment. */
  compacting?: boolean;
}

export interface CurveFigures {
  rssMbStart: number;
  rssMbEnd: number;
  rssMbMax: number;
  /** Highest RSS in the first and second half of the event time covered: equal-ish on a plateau. */
  rssMbMaxFirstHalf: number;
  rssMbMaxSecondHalf: number;
  /** Least-squares slope of RSS over the second half of event time, MB per event hour. */
  rssMbPerEventHourSecondHalf: number;
}

/** RSS of the samples taken while compacting and of the others: how much a merge adds. */
export interface CompactionSplit {
  compacting: RssSpread | null;
  notCompacting: RssSpread | null;
}
export interface RssSpread { samples: number; median: number; p90: number; max: number }

/** Median, p90 and max of some figures (nearest rank below), or null for none. */
export function spreadOf(values: readonly number[]): RssSpread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.floor(q * (sorted.length - 1))]!;
  return { samples: sorted.length, median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1]! };
}

const spread = (list: readonly SoakSample[]): RssSpread | null => spreadOf(list.map((s) => s.rssMb));

/** From the first sample past `fromWallSeconds` on (the start's climb left out). */
export function compactionSplit(samples: readonly SoakSample[], fromWallSeconds: number): CompactionSplit {
  const settled = samples.filter((s) => s.wallSeconds >= fromWallSeconds);
  return { compacting: spread(settled.filter((s) => s.compacting)), notCompacting: spread(settled.filter((s) => !s.compacting)) };
}

export const describeSpread = (s: RssSpread | null): string => (s ? `median ${s.median}, p90 ${s.p90}, max ${s.max} MB (${s.samples} samples)` : 'no samples');

export const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;

export function curveFigures(samples: readonly SoakSample[]): CurveFigures {
  const rss = samples.map((s) => s.rssMb);
  const lastHours = samples[samples.length - 1]?.eventHours ?? 0;
  const first = samples.filter((s) => s.eventHours < lastHours / 2);
  const second = samples.filter((s) => s.eventHours >= lastHours / 2);
  const max = (list: readonly SoakSample[]) => list.reduce((m, s) => Math.max(m, s.rssMb), 0);
  return {
    rssMbStart: rss[0] ?? 0,
    rssMbEnd: rss[rss.length - 1] ?? 0,
    rssMbMax: Math.max(0, ...rss),
    rssMbMaxFirstHalf: max(first),
    rssMbMaxSecondHalf: max(second),
    rssMbPerEventHourSecondHalf: Math.round(slope(second.map((s) => [s.eventHours, s.rssMb])) * 10) / 10,
  };
}

function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx;
}

/** About `rows` evenly spaced samples, the last included, as table lines. */
export function curveTable(samples: readonly SoakSample[], rows = 12): string[] {
  const step = Math.max(1, Math.ceil(samples.length / rows));
  const picked = samples.filter((_, i) => i % step === 0 || i === samples.length - 1);
  return [
    '  wall s  event h     orders  RSS MB  heap MB  heap total  buffers MB  log MB  orders/s (event)',
    ...picked.map((s) => `${String(s.wallSeconds).padStart(8)}${s.eventHours.toFixed(2).padStart(9)}${String(s.orders).padStart(11)}` +
      `${s.rssMb.toFixed(0).padStart(8)}${s.heapMb.toFixed(0).padStart(9)}${(s.heapTotalMb ?? 0).toFixed(0).padStart(12)}` +
      `${s.arrayBuffersMb.toFixed(0).padStart(12)}${s.logMb.toFixed(0).padStart(8)}${s.eventRate.toFixed(0).padStart(18)}`),
  ];
}

/** RSS over a span of event hours: where a plateau is read, band by band, instead of from one maximum. */
export interface RssBand extends RssSpread { fromHour: number; toHour: number }

/** The first minutes are the climb (the live view and the detector filling), then bands that widen with the day; the last ends with the run. */
const BAND_EDGES = [0.2, 1, 2, 6, 12, 18];

/**
 * RSS median, p90 and max per band of event hours ([0.2, 1), [1, 2), [2, 6), … up to the last
 * sample), only the bands with samples, and the same over everything from event hour 0.2 on.
 */
export function rssBands(samples: readonly SoakSample[]): { bands: RssBand[]; settled: RssSpread | null } {
  const last = samples[samples.length - 1]?.eventHours ?? 0;
  const edges = [...BAND_EDGES.filter((h) => h < last), last];
  const bands: RssBand[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const [fromHour, toHour] = [edges[i]!, edges[i + 1]!];
    const inBand = samples.filter((s) => s.eventHours >= fromHour && (s.eventHours < toHour || (i + 2 === edges.length && s.eventHours <= toHour)));
    const spread = spreadOf(inBand.map((s) => s.rssMb));
    if (spread) bands.push({ fromHour, toHour, ...spread });
  }
  return { bands, settled: spreadOf(samples.filter((s) => s.eventHours >= BAND_EDGES[0]!).map((s) => s.rssMb)) };
}

export function bandTable({ bands, settled }: ReturnType<typeof rssBands>): string[] {
  if (!settled) return [];
  const row = (label: string, s: RssSpread): string =>
    `${label.padEnd(16)}${String(s.samples).padStart(8)}${s.median.toFixed(0).padStart(8)}${s.p90.toFixed(0).padStart(6)}${s.max.toFixed(0).padStart(6)}`;
  return [
    '  event hours    samples  median   p90   max  (RSS MB)',
    ...bands.map((b) => row(`  ${b.fromHour}-${b.toHour}`, b)),
    row('  from 0.2 on', settled),
  ];
}
