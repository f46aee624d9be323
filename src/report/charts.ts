// The report's charts are the live views' charts: the dashboard's spec builders (src/charts)
// fed from the report model, at a width that fits an A4 page, with the data inlined so the
// page renders them without a request.
import { noDataSpec, type ChartSpec, departmentsSpec, hourlySpec, topProductsSpec, volumeSpec } from '../charts/index';
import type { DepartmentShare, HourVolume, VolumeSeries } from '../stream/index';
import type { ReportModel } from './model';

/** Printable width of A4 portrait with the report's margins, in CSS pixels, less the axes. */
export const PAGE_CHART_WIDTH = 560;
const MINUTE = 60_000;

/** Orders and revenue per minute of each window, as the dashboard plots long ranges. */
export function reportVolume(model: ReportModel): VolumeSeries {
  const windowMs = model.coverage.windowMs ?? MINUTE;
  const minutes = windowMs / MINUTE;
  return {
    unit: 'minute', bucketMs: windowMs, basis: 'windows',
    points: model.volume.map((v) => ({ time: v.start, orders: v.orders / minutes, revenue: v.revenue / minutes })),
  };
}

export const reportDepartmentShares = (model: ReportModel): DepartmentShare[] =>
  model.departments.map((d) => ({
    departmentId: d.departmentId, department: d.department, revenue: d.revenue, share: d.share, orders: d.orders, items: d.items, selected: true,
  }));

/** Every hour of the day, zeros included, as on the dashboard. */
export const reportHours = (model: ReportModel): HourVolume[] => {
  const byHour = new Map(model.hours.map((h) => [h.hourOfDay, h]));
  return Array.from({ length: 24 }, (_, hourOfDay) => ({ hourOfDay, orders: byHour.get(hourOfDay)?.orders ?? 0, revenue: byHour.get(hourOfDay)?.revenue ?? 0 }));
};

/** Every chart of the report, by the id of the element it is drawn into. */
export function reportCharts(model: ReportModel, width = PAGE_CHART_WIDTH): Record<string, ChartSpec> {
  const hoursNote = model.hoursFiltered ? undefined : 'all departments: this history was written before departments kept their hours of day';
  // An empty period draws "no data" instead of axes over an empty domain (labelled "$NaN").
  const orNoData = (empty: boolean, spec: () => ChartSpec, size: { width: number; height: number; title: string }): ChartSpec =>
    (empty ? noDataSpec({ width: size.width, height: size.height }, size) : spec());
  // The arrows' rule is the chart's subtitle (charts/top-products.ts).
  const topTitle = 'Top 10 products by revenue';
  return {
    'chart-volume': orNoData(model.volume.length === 0, () => volumeSpec(reportVolume(model), { width, height: 180 }),
      { width, height: 180, title: 'Orders and revenue per minute' }),
    'chart-top-products': orNoData(model.topProducts.length === 0, () => topProductsSpec(model.topProducts.slice(0, 10), { width: width - 80, height: 250, title: topTitle }),
      { width: width - 80, height: 250, title: topTitle }),
    'chart-departments': orNoData(model.departments.length === 0,
      () => departmentsSpec(reportDepartmentShares(model), { width: width - 60, height: Math.max(120, model.departments.length * 16) }),
      { width: width - 60, height: 120, title: 'Revenue by department' }),
    'chart-hours': orNoData(model.hours.every((h) => h.orders === 0), () => hourlySpec(reportHours(model), { width, height: 180, ...(hoursNote ? { subtitle: hoursNote } : {}) }),
      { width, height: 180, title: 'Transactions by hour of day' }),
  };
}
