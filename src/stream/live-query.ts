// What the dashboard shows for one time range and department filter: KPIs, top products
// with their trend against what their share of the range's older half expects, department revenue and share, hours of
// day, and the volume series. Pure; the live view computes it once per change and caches it.
import { addMoney, type WindowAgg } from '../domain/index';
import { type TrendReading, TREND_FLAT_PCT } from '../domain/trend/index';
import { rankTrending, type ProductSource, type TrendingProduct } from './live-rank';
// Re-exported: the reports read the trend types from here.
export { TREND_FLAT_PCT, type ProductTrend, type TrendingProduct } from './live-rank';
import { applyWindowSums, createWindowSums, summed, type HourSums, type WindowSums } from './live-sums';
import type { DashboardRangeBook, DashboardRange } from './live-ranges';
import type { RetainedWindow } from './live-retained';
import { volumeSeries, type VolumeSeries } from './live-volume';

export interface DepartmentShare {
  departmentId: number;
  department: string;
  revenue: number;
  share: number;
  orders: number;
  items: number;
  selected: boolean;
}

export interface HourVolume {
  hourOfDay: number;
  orders: number;
  revenue: number;
}

export interface DashboardKpis {
  orders: number;
  lines: number;
  items: number;
  revenue: number;
  avgBasketValue: number;
  activeProducts: number;
}

export interface DashboardRangeSnapshot {
  range: DashboardRange;
  departmentId: number | null;
  /** Where the range's data begins: its start, or the first order when that is later. */
  from: number | null;
  /** Windows that start from here are counted (the first window starts before its first order). */
  windowsFrom: number | null;
  mid: number | null;
  to: number | null;
  kpis: DashboardKpis;
  topProducts: TrendingProduct[];
  departments: DepartmentShare[];
  hourly: HourVolume[];
  volume: VolumeSeries;
}

export interface DashboardRangeInputs {
  book: DashboardRangeBook;
  openWindows: readonly WindowAgg[];
  /** Closed windows of the retention, oldest first; only their totals and departments are read. */
  closedWindows: readonly RetainedWindow[];
  ticks: ReadonlyMap<number, { orders: number; revenue: number }>;
  tickMs: number;
  windowSizeMs: number;
  /**
   * Event time up to which every live partition has handed its orders over (the watermark
   * plus the allowed lateness). The newest stretch past it is still arriving, so rates of the
   * newer half are taken up to here, not to the newest event.
   */
  completeTo?: number;
  /** The trend detector's floor (orders a minute), below which a product is too little data to judge. */
  floorPerMinute?: number;
}

const MINUTE = 60_000;

/** The open windows of one half of a range. */
const openHalf = () => ({ sums: createWindowSums(), products: [] as ProductSource[], start: null as number | null });

export function queryDashboardRange(
  inputs: DashboardRangeInputs, range: DashboardRange, departmentId: number | null, k = 10,
  readTrend?: (productId: number) => TrendReading | undefined,
): DashboardRangeSnapshot {
  const { book, openWindows } = inputs;
  const halves = book.halves(range);
  const { from, mid, to } = halves.bounds;
  // Open windows change on every partial: their products are read where they are, their
  // departments and hours (small) summed fresh, each in the half of its start.
  const open = { older: openHalf(), newer: openHalf() };
  for (const w of openWindows) {
    if (!book.tiles(w) || w.start < from) continue;
    const half = open[w.start >= mid ? 'newer' : 'older'];
    applyWindowSums(half.sums, w, 1, false);
    half.products.push(w.products);
    half.start = Math.min(half.start ?? w.start, w.start);
  }
  const all = createWindowSums();
  for (const part of [halves.whole, open.older.sums, open.newer.sums]) applyWindowSums(all, summed(part), 1, false);

  const newerStart = book.clampStart(minOf(halves.newerStart, open.newer.start));
  const olderStart = book.clampStart(minOf(halves.olderStart, open.older.start));
  const { completeTo } = inputs;
  const end = completeTo !== undefined && completeTo > (newerStart ?? mid) + 1_000 ? Math.min(to, completeTo) : to;
  const newerMinutes = newerStart === null ? 0 : Math.max(end - newerStart, 1) / MINUTE;
  const olderMinutes = olderStart === null ? 0 : Math.max((newerStart ?? to) - olderStart, 1) / MINUTE;

  const department = departmentId === null ? undefined : all.departments.get(departmentId);
  const revenue = departmentId === null ? all.totals.revenue : department?.revenue ?? 0;
  const ranked = rankTrending(
    {
      whole: [halves.whole.products, ...open.older.products, ...open.newer.products],
      older: [halves.older.products, ...open.older.products], newer: [halves.newer.products, ...open.newer.products],
    },
    {
      olderMinutes, newerMinutes, revenue, floorPerMinute: inputs.floorPerMinute,
      olderTotals: plus(halves.older.totals, open.older.sums.totals), newerTotals: plus(halves.newer.totals, open.newer.sums.totals),
    }, departmentId, k,
  );
  const kpis = kpisOf(all, departmentId, ranked.activeProducts);

  const known = book.hasData && Number.isFinite(to);
  return {
    range, departmentId,
    from: known ? book.clampStart(from) : null, windowsFrom: known ? from : null, mid: known ? mid : null, to: known ? to : null,
    kpis,
    topProducts: readTrend ? ranked.top.map((p) => withDetectorTrend(p, readTrend(p.productId))) : ranked.top,
    departments: departmentShares(all, departmentId),
    hourly: hoursOfDay(departmentId === null ? all.hours : department?.hours ?? new Map()),
    volume: volumeSeries({ ...inputs, from, to, range, departmentId }),
  };
}

/**
 * A surge or drop the trend detector has open sets the product's arrow, unless the range's
 * percentage clearly points the other way (an arrow never contradicts the number next to
 * it); the percentage stays the range's. Without an open episode (nothing unusual, still
 * learning, too few sales to test, or the detector off) the range decides.
 */
function withDetectorTrend(p: TrendingProduct, reading: TrendReading | undefined): TrendingProduct {
  if (!reading || (reading.trend !== 'up' && reading.trend !== 'down') || p.trend === 'none' || p.trend === 'new') return p;
  const against = reading.trend === 'up' ? -1 : 1;
  if (p.changePct !== null && Math.sign(p.changePct) === against && Math.abs(p.changePct) >= TREND_FLAT_PCT) return p;
  return { ...p, trend: reading.trend };
}

const plus = (a: { orders: number; revenue: number }, b: { orders: number; revenue: number }) => ({ orders: a.orders + b.orders, revenue: addMoney(a.revenue, b.revenue) });

const minOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

/** The KPIs of the sums, or of one department of them (zeros when it sold nothing). */
function kpisOf(all: WindowSums, departmentId: number | null, activeProducts: number): DashboardKpis {
  const d = departmentId === null ? { ...all.totals } : all.departments.get(departmentId);
  if (!d) return { orders: 0, lines: 0, items: 0, revenue: 0, avgBasketValue: 0, activeProducts: 0 };
  return { orders: d.orders, lines: d.lines, items: d.quantity, revenue: d.revenue, avgBasketValue: d.orders ? d.revenue / d.orders : 0, activeProducts };
}

/** Every department's revenue and share of the store's, best first (selected: the filter's, or all). */
function departmentShares(all: WindowSums, selected: number | null): DepartmentShare[] {
  const total = [...all.departments.values()].reduce((sum, d) => addMoney(sum, d.revenue), 0);
  return [...all.departments].map(([departmentId, d]) => ({
    departmentId, department: d.name, revenue: d.revenue, share: total ? d.revenue / total : 0,
    orders: d.orders, items: d.quantity, selected: selected === null || selected === departmentId,
  })).sort((a, b) => b.revenue - a.revenue || a.departmentId - b.departmentId);
}

/**
 * Every hour of the day, zeros included, so the axis does not jump as hours fill in: of every
 * department, or of the selected one (its orders are the orders containing it).
 */
const hoursOfDay = (hours: ReadonlyMap<number, HourSums>): HourVolume[] =>
  Array.from({ length: 24 }, (_, hourOfDay) => {
    const h = hours.get(hourOfDay);
    return { hourOfDay, orders: h?.orders ?? 0, revenue: h?.revenue ?? 0 };
  });
