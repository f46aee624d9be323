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
