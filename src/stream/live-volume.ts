// The live volume series: orders and revenue per second (short ranges) or per minute (long
// ones). Short unfiltered ranges come from the per-second ticks; long or department-filtered
// ones from windows, which carry departments but are as coarse as the window size.
import { addMoney, alignDown } from '../domain/index';
import { DASHBOARD_RANGE_MS, type DashboardRange } from './live-ranges';
import type { RetainedWindow } from './live-retained';

export interface VolumePoint {
  /** Start of the bucket, epoch ms. */
  time: number;
  orders: number;
  revenue: number;
}

export interface VolumeSeries {
  /** What the rates are per. */
  unit: 'second' | 'minute';
  bucketMs: number;
  /** Where the points come from: ticks (1 s) or windows. */
  basis: 'ticks' | 'windows';
  points: VolumePoint[];
}

export interface VolumeInputs {
  range: DashboardRange;
  departmentId: number | null;
  from: number;
  to: number;
  openWindows: readonly RetainedWindow[];
  closedWindows: readonly RetainedWindow[];
  ticks: ReadonlyMap<number, { orders: number; revenue: number }>;
  tickMs: number;
  windowSizeMs: number;
}

/** At most this many points, so a day at per-second ticks still draws quickly. */
export const MAX_VOLUME_POINTS = 300;
const NICE_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 21_600, 43_200, 86_400].map((s) => s * 1000);
/** Ticks are kept for about an hour (stage 2 prunes them). */
const TICK_RANGES: readonly DashboardRange[] = ['5m', '15m', '1h'];

export function bucketFor(spanMs: number, baseMs: number): number {
  const wanted = Math.max(baseMs, spanMs / MAX_VOLUME_POINTS);
  return NICE_STEPS_MS.find((s) => s >= wanted && s % baseMs === 0) ?? baseMs * Math.ceil(wanted / baseMs);
}

/** Per second up to a quarter of an hour, per minute beyond. */
export const volumeUnitFor = (range: DashboardRange): VolumeSeries['unit'] =>
  (DASHBOARD_RANGE_MS[range] ?? Number.POSITIVE_INFINITY) <= 15 * 60_000 ? 'second' : 'minute';

export function volumeSeries(inputs: VolumeInputs): VolumeSeries {
  const { range, departmentId, from, to, tickMs, windowSizeMs } = inputs;
  const fromTicks = departmentId === null && TICK_RANGES.includes(range);
  const unit = volumeUnitFor(range);
  const basis = fromTicks ? 'ticks' : 'windows';
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    return { unit, bucketMs: fromTicks ? tickMs : windowSizeMs, basis, points: [] };
  }
  const bucketMs = bucketFor(to - from, fromTicks ? tickMs : windowSizeMs);
  const buckets = new Map<number, { orders: number; revenue: number }>();
  const add = (t: number, orders: number, revenue: number): void => {
    if (t < alignDown(from, bucketMs) || t > to) return;
    const key = alignDown(t, bucketMs);
    const b = buckets.get(key);
    if (b) {
      b.orders += orders;
      b.revenue = addMoney(b.revenue, revenue);
    } else buckets.set(key, { orders, revenue });
  };
  if (fromTicks) {
    for (const [t, v] of inputs.ticks) add(t, v.orders, v.revenue);
  } else {
    for (const w of [...inputs.closedWindows, ...inputs.openWindows]) {
      if (w.start % windowSizeMs !== 0) continue; // hopping: only the tiling windows
      if (departmentId === null) add(w.start, w.orders, w.revenue);
      else {
        const d = w.departments.get(departmentId);
        if (d) add(w.start, d.orders, d.revenue);
      }
    }
  }
  const perMs = unit === 'second' ? 1000 : 60_000;
  const points: VolumePoint[] = [];
  // Every bucket from the first data on, zeros included: a gap in sales shows as a dip. The
  // newest tick bucket is left out until it is complete: partitions hand over at different
  // moments, so its count is still short and would draw as a false drop.
  const first = Math.min(...buckets.keys());
  const last = fromTicks ? alignDown(to, bucketMs) - bucketMs : to;
  for (let t = first; Number.isFinite(first) && t <= Math.max(last, first); t += bucketMs) {
    const b = buckets.get(t) ?? { orders: 0, revenue: 0 };
    // The newest bucket is still filling: its rate is over the time it has covered so far.
    const covered = Math.min(bucketMs, Math.max(to - t, fromTicks ? tickMs : 1_000));
    points.push({ time: t, orders: (b.orders / covered) * perMs, revenue: (b.revenue / covered) * perMs });
  }
  return { unit, bucketMs, basis, points };
}
