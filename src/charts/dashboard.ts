// The dashboard's data for one selection (time range, department): what the server pushes
// over SSE, and the Vega-Lite spec of each view with that data inlined. Built from the live
// view, whose caches make it one computation per change, however many clients watch.
import {
  type Alert, type AlertSource, type FeedOrder, type DashboardRange, compareFigures, currentFigures, type CompareWith, type ComparisonSummary, type ResolvedComparison, SIMPLE_RULE_LABEL, type LiveView, volumeUnitFor,
} from '../stream/index';
import { alertsData, alertsSpec, type AlertChartRow } from './alerts';
import type { ChartOptions, ChartSpec } from './base';
import { departmentsData, departmentsSpec, type DepartmentChartRow } from './departments';
import { feedData, feedSpec, type FeedChartRow } from './feed';
import { hourlyData, hourlySpec, type HourChartRow } from './hourly';
import { kpisData, kpisSpec, type KpiChartRow, type KpiValues } from './kpis';
import { topProductsData, topProductsSpec, type TopProductChartRow } from './top-products';
import { volumeData, volumeSpec, type VolumeChartRow } from './volume';

export const DASHBOARD_VIEWS = ['kpis', 'volume', 'top-products', 'departments', 'hourly', 'feed', 'alerts'] as const;
export type DashboardViewName = (typeof DASHBOARD_VIEWS)[number];

export interface DashboardSelection {
  range: DashboardRange;
  /** null: every department. */
  departmentId: number | null;
  /** The same period the previous day or week (absent: none). */
  compare?: CompareWith;
}

export interface DashboardSnapshot extends DashboardSelection {
  department: string | null;
  /** 'empty' until the first order is aggregated. */
  status: 'empty' | 'live';
  /** Server wall clock when built; the page ages "data age" from it. */
  builtAt: number;
  newestEventTime: number | null;
  bounds: { from: number | null; mid: number | null; to: number | null };
  kpis: KpiValues & { lines: number; linesPerSecond: number; lateOrders: number; rejected: number };
  volume: { unit: 'second' | 'minute'; bucketMs: number };
  feed: FeedOrder[];
  alerts: Alert[];
  alertSource: AlertSource;
  /** How the alerts shown were raised, in words. */
  alertRule: string;
  hourlyNote: string | null;
  departments: Array<{ departmentId: number; department: string }>;
  /** The comparison chosen, its source and KPI deltas (the charts' rows carry the rest); null: none chosen. */
  comparison: ComparisonSummary | null;
  /** Rows of each chart's named dataset, ready for view.data(name, rows). */
  charts: {
    kpis: KpiChartRow[];
    volume: VolumeChartRow[];
    topProducts: TopProductChartRow[];
    departments: DepartmentChartRow[];
    hourly: HourChartRow[];
    feed: FeedChartRow[];
    alerts: AlertChartRow[];
  };
}

export const FEED_LENGTH = 12;
/** The hourly chart's subtitle under a department filter. */
const hourlyNote = (department: string | null): string => `${department ?? 'the department'} only: orders containing it, and its lines' revenue`;

/**
 * comparison: the earlier period as the server read it (server/comparisons.ts); the deltas are
 * taken here against this snapshot's own figures.
 */
export function dashboardSnapshot(view: LiveView, selection: DashboardSelection, wallNow: number, comparison: ResolvedComparison | null = null): DashboardSnapshot {
  const { range, departmentId } = selection;
  const r = view.range(range, departmentId);
  const deltas = comparison?.previous ? compareFigures(currentFigures(r), comparison.previous) : null;
  const summary = view.summary();
  const kpis = {
    ...r.kpis,
    ordersPerSecond: summary.ordersPerSecond,
    linesPerSecond: summary.linesPerSecond,
    // All-time: late orders reach the aggregates as corrections; rejected messages never do.
    lateOrders: summary.late.orders,
    rejected: summary.rejected,
    freshnessMs: summary.newestEventTime === null ? null : Math.max(0, wallNow - summary.newestEventTime),
  };
  const feed = view.recentOrders(FEED_LENGTH, departmentId);
  const alerts = view.alerts();
  const departments = view.knownDepartments();
  const department = departmentId === null ? null : departments.find((d) => d.departmentId === departmentId)?.department ?? null;
  return {
    range, departmentId, department, ...(selection.compare ? { compare: selection.compare } : {}),
    status: summary.orders > 0 ? 'live' : 'empty',
    builtAt: wallNow,
    newestEventTime: summary.newestEventTime,
    bounds: { from: r.from, mid: r.mid, to: r.to },
    kpis,
    volume: { unit: r.volume.unit, bucketMs: r.volume.bucketMs },
    feed,
    alerts,
    alertSource: view.alertSource,
    alertRule: { 'simple-rule': SIMPLE_RULE_LABEL, 'trend-detector': 'trend detector', off: 'no alerts: started with --alerts off' }[view.alertSource],
    hourlyNote: departmentId === null ? null : hourlyNote(department),
    departments,
    comparison: comparison && { ...withoutFigures(comparison), kpis: deltas?.kpis ?? null },
    charts: {
      kpis: kpisData(kpis),
      volume: volumeData(r.volume),
      topProducts: topProductsData(r.topProducts, deltas?.products),
      departments: departmentsData(r.departments, deltas?.departments),
      hourly: hourlyData(r.hourly),
      feed: feedData(feed),
      alerts: alertsData(alerts),
    },
  };
}

const withoutFigures = ({ previous: _previous, ...rest }: ResolvedComparison): Omit<ResolvedComparison, 'previous'> => rest;

/**
 * The Vega-Lite spec of one view for a selection, its data inlined as a named dataset.
 * withData false: the same spec with empty datasets, for a page that fills them from SSE.
 */
export function dashboardViewSpec(view: LiveView, name: DashboardViewName, selection: DashboardSelection, wallNow: number, options: ChartOptions & { withData?: boolean } = {}): ChartSpec {
  const { range, departmentId } = selection;
  const { withData = true, ...chart } = options;
  const r = withData ? view.range(range, departmentId) : undefined;
  switch (name) {
    case 'kpis':
      return kpisSpec(r ? dashboardSnapshot(view, selection, wallNow).kpis
        : { orders: 0, items: 0, revenue: 0, avgBasketValue: 0, ordersPerSecond: 0, activeProducts: 0, freshnessMs: null }, chart);
    case 'volume':
      return volumeSpec(r?.volume ?? { unit: volumeUnitFor(range), bucketMs: 1_000, basis: 'ticks', points: [] }, chart);
    case 'top-products':
      return topProductsSpec(r?.topProducts ?? [], chart);
    case 'departments':
      return departmentsSpec(r?.departments ?? [], chart);
    case 'hourly':
      return hourlySpec(r?.hourly ?? [], {
        ...chart, subtitle: departmentId === null ? undefined : hourlyNote(view.knownDepartments().find((d) => d.departmentId === departmentId)?.department ?? null),
      });
    case 'feed':
      return feedSpec(withData ? view.recentOrders(FEED_LENGTH, departmentId) : [], chart);
    case 'alerts':
      return alertsSpec(withData ? view.alerts() : [], chart);
  }
}

/** The dataset each view's spec names, for live updates. */
export const VIEW_DATASETS: Record<DashboardViewName, keyof DashboardSnapshot['charts']> = {
  kpis: 'kpis', volume: 'volume', 'top-products': 'topProducts', departments: 'departments', hourly: 'hourly', feed: 'feed', alerts: 'alerts',
};
