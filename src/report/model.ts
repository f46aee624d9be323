// The report model (pure): for a period and an optional department, the summary KPIs, the
// top products with their trend, departments, hours of day, the volume per window and the
// alerts. Built by one function from aggregated rows, whether they come from live closed
// windows or from the Parquet history.
import { instacartDepartments, type Department, addMoney } from '../domain/index';
import type { Alert, DashboardKpis, TrendingProduct } from '../stream/index';
import { reportBaskets, type ReportBaskets } from './baskets';
import { rankTopProducts } from './products';
import { add, changePct, sumBy, zero } from './sums';
import { describeReport } from './summary-text';
import { selectWindows, splitHalves, type Coverage } from './periods';
import type { AggregatedRows } from './rows';
import { departmentRowsOfProducts, inScope, isNarrowed, resolveScope, scopeNote, type ReportScope, type ScopeFilters } from './scope';

/**
 * A top product with its trend, in the dashboard's shape (so the same chart draws both):
 * baseline and observed are revenue per minute in the older and newer half of the period.
 */
export type ReportProduct = TrendingProduct;

export interface ReportDepartment {
  departmentId: number;
  department: string;
  orders: number;
  lines: number;
  items: number;
  revenue: number;
  /** Share of all departments' revenue. */
  share: number;
  avgOrderValue: number;
  /** Distinct products sold. */
  products: number;
}

export interface ReportHour {
  hourOfDay: number;
  orders: number;
  lines: number;
  revenue: number;
  avgTransactionValue: number;
}

/** The dashboard's KPIs of the period, and what only a report summarises. */
export interface ReportSummary extends DashboardKpis {
  departments: number;
  alerts: number;
  /** Revenue per window, second half of the period against the first, in %. */
  revenueChangePct: number | null;
}

export interface ReportModel {
  title: string;
  generatedAt: number;
  period: { from: number; to: number };
  /** How the period was chosen, in words ("the newest 24 h of event time in the store"), or null. */
  periodBasis: string | null;
  /** The windows the figures come from. */
  coverage: Coverage;
  department: { id: number; name: string } | { id: null; name: string } | null;
  /** One aisle or one product (scope.ts); names are null when unknown. */
  aisle: ReportScope['aisle'];
  product: ReportScope['product'];
  /** What the aisle or product filter means for the figures, or null without one. */
  scopeNote: string | null;
  summary: ReportSummary;
  /** Sentences for the executive summary. */
  highlights: string[];
  volume: Array<{ start: number; orders: number; revenue: number }>;
  topProducts: ReportProduct[];
  departments: ReportDepartment[];
  hours: ReportHour[];
  /** False when a department filter is set over a history written before departments kept their hours of day. */
  hoursFiltered: boolean;
  alerts: Alert[];
  /** The top products' most frequent partners (report/baskets.ts). */
  boughtTogether: ReportBaskets;
}

export interface ReportOptions extends ScopeFilters {
  from: number;
  to: number;
  /** Department id or name (case-insensitive); null or undefined for all. */
  department?: string | number | null;
  /** Departments a filter may name besides those in the rows (default: Instacart's 21). */
  knownDepartments?: readonly Department[];
  periodBasis?: string | null;
  alerts?: readonly Alert[];
  generatedAt: number;
  title?: string;
  topN?: number;
}

export const REPORT_TITLE = 'Purchase Trends Report';
/** Top products whose partners the report lists. */
const BASKET_PRODUCTS = 5;

/** The departments a filter may name: those in the rows, then the known ones, by id. */
export function departmentChoices(rows: AggregatedRows, known: readonly Department[] = instacartDepartments()): Department[] {
  const byId = new Map<number, Department>(known.map((d) => [d.id, d]));
  for (const d of rows.departments) byId.set(d.departmentId, { id: d.departmentId, name: d.department });
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The department a filter names, by id or name (any case); id null when no department has it. */
function resolveDepartment(rows: AggregatedRows, wanted: ReportOptions['department'], known?: readonly Department[]): ReportModel['department'] {
  if (wanted === null || wanted === undefined || wanted === '') return null;
  const text = String(wanted).trim().toLowerCase();
  const hit = departmentChoices(rows, known).find((d) => String(d.id) === text || d.name.toLowerCase() === text);
  return hit ? { id: hit.id, name: hit.name } : { id: null, name: String(wanted) };
}

export function buildReportModel(all: AggregatedRows, options: ReportOptions): ReportModel {
  const { from, to, generatedAt, topN = 20 } = options;
  const department = resolveDepartment(all, options.department, options.knownDepartments);
  const selection = selectWindows(all, from, to);
  const { rows, coverage } = selection;
  const inDepartment = (id: number): boolean => department === null || department.id === id;
  const scope = resolveScope(all.products, options);
  const narrowed = isNarrowed(scope);
  const products = rows.products.filter((p) => inDepartment(p.departmentId) && inScope(scope)(p));
  // An aisle or a product has no rows of its own but its products'.
  const departmentRows = narrowed ? departmentRowsOfProducts(products) : rows.departments.filter((d) => inDepartment(d.departmentId));
  const halves = splitHalves(selection);
  const windowsIn = (half: 'first' | 'second') => (half === 'first' ? halves?.firstWindows : halves?.secondWindows) ?? 1;
  const halfOf = (start: number): 'first' | 'second' => (halves && start >= halves.mid ? 'second' : 'first');

  // Whole-store totals come from by_hour (each order has one hour); a department's from by_department.
  type VolumeRow = { windowStart: number; orders: number; lines: number; revenue: number };
  const volumeSource: VolumeRow[] = department === null && !narrowed ? rows.hours : departmentRows;
  const volume = [...sumBy(volumeSource, (r) => r.windowStart, (r) => r)].sort(([a], [b]) => a - b)
    .map(([start, s]) => ({ start, orders: s.orders, revenue: s.revenue }));
  const totals = zero();
  for (const r of volumeSource) add(totals, { orders: r.orders, lines: r.lines, revenue: r.revenue });
  totals.quantity = departmentRows.reduce((n, d) => n + d.quantity, 0);
  const byHalf = sumBy(volumeSource, (r) => halfOf(r.windowStart), (r) => r);
  const perWindow = (half: 'first' | 'second', s = byHalf.get(half)) => (s ? s.revenue / windowsIn(half) : 0);

  // Arrows are measured against the whole store's volume, even for one department (arrows.ts).
  const storeByHalf = sumBy(rows.hours, (r) => halfOf(r.windowStart), (r) => r);
  const storeHalf = (half: 'first' | 'second') => storeByHalf.get(half) ?? zero();
  const topProducts = rankTopProducts(products, {
    topN, halves, halfOf, windowMs: coverage.windowMs, totalRevenue: totals.revenue,
    hasBaseline: halves !== null && (byHalf.get('first')?.orders ?? 0) > 0,
    storeHalves: { first: storeHalf('first'), second: storeHalf('second') },
  });

  const allDepartmentsRevenue = rows.departments.reduce((n, d) => addMoney(n, d.revenue), 0);
  const productsPerDepartment = new Map<number, Set<number>>();
  for (const p of products) {
    let set = productsPerDepartment.get(p.departmentId);
    if (!set) productsPerDepartment.set(p.departmentId, (set = new Set()));
    set.add(p.productId);
  }
  const names = new Map(departmentRows.map((d) => [d.departmentId, d.department]));
  const departments = [...sumBy(departmentRows, (d) => d.departmentId, (d) => d)]
    .map(([departmentId, s]): ReportDepartment => ({
      departmentId, department: names.get(departmentId) ?? String(departmentId), orders: s.orders, lines: s.lines,
      items: s.quantity, revenue: s.revenue, share: allDepartmentsRevenue ? s.revenue / allDepartmentsRevenue : 0,
      avgOrderValue: s.orders ? s.revenue / s.orders : 0, products: productsPerDepartment.get(departmentId)?.size ?? 0,
    }))
    .sort((a, b) => b.revenue - a.revenue || a.departmentId - b.departmentId);

  // A department's hours come from by_department_hour; a history written before it has none at all.
  const departmentHours = rows.departmentHours ?? [];
  const hoursFiltered = department === null || departmentHours.length > 0 || rows.hours.length === 0;
  const hourSource = narrowed ? [] : department === null || !hoursFiltered ? rows.hours : departmentHours.filter((h) => h.departmentId === department.id);
  const hours = [...sumBy(hourSource, (h) => h.hourOfDay, (h) => h)].sort(([a], [b]) => a - b)
    .map(([hourOfDay, s]): ReportHour => ({
      hourOfDay, orders: s.orders, lines: s.lines, revenue: s.revenue, avgTransactionValue: s.orders ? s.revenue / s.orders : 0,
    }));

  const productDepartment = new Map(all.products.map((p) => [p.productId, p.departmentId]));
  const scoped = new Set(products.map((p) => p.productId));
  const alerts = (options.alerts ?? [])
    .filter((a) => a.startedAt < to && (a.resolvedAt ?? a.lastSeenAt) >= from)
    .filter((a) => department === null || (a.level === 'department' ? a.subjectId === department.id : productDepartment.get(a.subjectId) === department.id))
    .filter((a) => !narrowed || (a.level === 'product' && scoped.has(a.subjectId)))
    .sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));

  const summary: ReportSummary = {
    orders: totals.orders, lines: totals.lines, items: totals.quantity, revenue: totals.revenue,
    avgBasketValue: totals.orders ? totals.revenue / totals.orders : 0,
    activeProducts: new Set(products.map((p) => p.productId)).size, departments: departments.length, alerts: alerts.length,
    revenueChangePct: halves ? changePct(perWindow('first'), perWindow('second')) : null,
  };
  const model: ReportModel = {
    title: options.title ?? REPORT_TITLE, generatedAt, period: { from, to }, periodBasis: options.periodBasis ?? null, coverage, department,
    aisle: scope.aisle, product: scope.product, scopeNote: scopeNote(scope), summary, highlights: [],
    volume, topProducts, departments, hours, hoursFiltered: narrowed || hoursFiltered, alerts,
    boughtTogether: reportBaskets({ ...rows, pairs: rows.pairs ?? [] }, topProducts.slice(0, BASKET_PRODUCTS).map((p) => p.productId)),
  };
  model.highlights = describeReport(model);
  return model;
}
