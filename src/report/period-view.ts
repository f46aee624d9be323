// A free period of event time as the dashboard draws it: KPIs, departments, top products, hours
// of day and volume per window, from aggregated rows, the live view's windows or the Parquet
// history alike (rows.ts), through the report model, so a period reads as its report does.
// With an earlier period's figures, the deltas go into the charts' rows as for the fixed ranges.
import { departmentsData, hourlyData, topProductsData, volumeData } from '../charts/index';
import {
  compareFigures, type ComparisonDeltas, type DashboardKpis, type DepartmentShare, type HourVolume, type PeriodFigures,
  type TrendingProduct, type VolumeSeries,
} from '../stream/index';
import { rowsStartingIn } from './compare-period';
import { buildReportModel } from './model';
import type { AggregatedRows } from './rows';

export interface PeriodView {
  /** Start of the first window counted and end of the last (null: none). */
  from: number | null;
  to: number | null;
  windows: number;
  windowMs: number | null;
  kpis: DashboardKpis;
  /** Every department, the selected one marked, as the dashboard's chart shows them. */
  departments: DepartmentShare[];
  topProducts: TrendingProduct[];
  hourly: HourVolume[];
  volume: VolumeSeries;
}

const MINUTE = 60_000;

/** Windows that start in [from, to), as /api/period and the comparisons count them. */
export function periodView(all: AggregatedRows, period: { from: number; to: number }, departmentId: number | null, k = 10): PeriodView {
  const rows = rowsStartingIn(all, period);
  const to = [...rows.hours, ...rows.departments].reduce((end, r) => Math.max(end, r.windowEnd), period.to);
  const options = { from: period.from, to, generatedAt: 0, topN: k };
  const whole = buildReportModel(rows, options);
  const model = departmentId === null ? whole : buildReportModel(rows, { ...options, department: departmentId });
  const { orders, lines, items, revenue, avgBasketValue, activeProducts } = model.summary;
  const windowMs = model.coverage.windowMs;
  const perMinute = (n: number): number => (windowMs ? (n * MINUTE) / windowMs : 0);
  const hours = new Map(model.hours.map((h) => [h.hourOfDay, h]));
  return {
    from: model.coverage.first, to: model.coverage.last, windows: model.coverage.windows, windowMs,
    kpis: { orders, lines, items, revenue, avgBasketValue, activeProducts },
    departments: whole.departments.map((d) => ({
      departmentId: d.departmentId, department: d.department, revenue: d.revenue, share: d.share, orders: d.orders, items: d.items,
      selected: departmentId === null || d.departmentId === departmentId,
    })),
    topProducts: model.topProducts,
    hourly: Array.from({ length: 24 }, (_, hourOfDay) => ({ hourOfDay, orders: hours.get(hourOfDay)?.orders ?? 0, revenue: hours.get(hourOfDay)?.revenue ?? 0 })),
    volume: {
      unit: 'minute', bucketMs: windowMs ?? MINUTE, basis: 'windows',
      points: model.volume.map((v) => ({ time: v.start, orders: perMinute(v.orders), revenue: perMinute(v.revenue) })),
    },
  };
}

/** The period's figures as a comparison reads them: its top products only, as on screen. */
export const periodViewFigures = (v: PeriodView): PeriodFigures => ({
  kpis: { ...v.kpis },
  departments: new Map(v.departments.map((d) => [d.departmentId, { revenue: d.revenue }])),
  products: new Map(v.topProducts.map((p) => [p.productId, { revenue: p.revenue }])),
});

/** The rows of the dashboard's chart datasets for a period, with deltas when an earlier period was read. */
export function periodCharts(v: PeriodView, previous: PeriodFigures | null) {
  const deltas: ComparisonDeltas | null = previous ? compareFigures(periodViewFigures(v), previous) : null;
  return {
    deltas,
    charts: {
      topProducts: topProductsData(v.topProducts, deltas?.products),
      departments: departmentsData(v.departments, deltas?.departments),
      hourly: hourlyData(v.hourly),
      volume: volumeData(v.volume),
    },
  };
}
