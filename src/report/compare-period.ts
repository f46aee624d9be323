// The figures of an earlier period for a dashboard comparison (stream/live-compare.ts), from
// aggregated rows: live closed windows and the Parquet history both become these rows
// (rows.ts), and the report model sums them, so a comparison counts what a report counts.
import type { PeriodFigures } from '../stream/index';
import { buildReportModel } from './model';
import type { AggregatedRows } from './rows';
import { sumBy } from './sums';

type Windowed = { windowStart: number };

/** The rows of the windows that start in [from, to). */
export function rowsStartingIn(all: AggregatedRows, period: { from: number; to: number }): AggregatedRows {
  const inside = <R extends Windowed>(rows: readonly R[]): R[] => rows.filter((r) => r.windowStart >= period.from && r.windowStart < period.to);
  return { products: inside(all.products), departments: inside(all.departments), hours: inside(all.hours), departmentHours: inside(all.departmentHours ?? []) };
}

/**
 * Windows that start in [from, to), as the dashboard's ranges count them (the newest window
 * of a range may still be open; its counterpart in the earlier period is whole).
 */
export function periodFigures(all: AggregatedRows, period: { from: number; to: number }, departmentId: number | null): PeriodFigures {
  const rows = rowsStartingIn(all, period);
  const to = [...rows.hours, ...rows.departments].reduce((end, r) => Math.max(end, r.windowEnd), period.to);
  const model = buildReportModel(rows, { from: period.from, to, department: departmentId, generatedAt: 0, topN: 1 });
  const { orders, lines, items, revenue, avgBasketValue, activeProducts } = model.summary;
  const products = departmentId === null ? rows.products : rows.products.filter((p) => p.departmentId === departmentId);
  return {
    kpis: { orders, lines, items, revenue, avgBasketValue, activeProducts },
    // Every department, as the dashboard's chart shows them under a filter too.
    departments: sumBy(rows.departments, (d) => d.departmentId, (d) => ({ revenue: d.revenue })),
    products: sumBy(products, (p) => p.productId, (p) => ({ revenue: p.revenue })),
  };
}
