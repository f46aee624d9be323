// Comparisons of a dashboard range with the same period the previous day or week: the
// deltas (absolute, and % of the earlier figure) of the KPIs, the departments and the top
// products, and which store can answer for the earlier period. Pure: the server reads the
// figures (live closed windows or the Parquet history) and this decides and subtracts.
import { addMoney } from '../domain/index';
import type { DashboardRangeSnapshot } from './live-query';

export type CompareWith = 'none' | 'day' | 'week';
export const COMPARE_CHOICES: readonly CompareWith[] = ['none', 'day', 'week'];
export const COMPARE_OFFSET_MS: Record<Exclude<CompareWith, 'none'>, number> = { day: 86_400_000, week: 7 * 86_400_000 };
export const COMPARE_WORDS: Record<Exclude<CompareWith, 'none'>, string> = { day: 'the previous day', week: 'the previous week' };

export type ComparisonSource = 'live' | 'history';

export interface Delta {
  current: number;
  previous: number;
  /** current − previous; exact to the cent for money. */
  abs: number;
  /** abs / previous in %, or null when the earlier figure is 0 (no percentage of nothing). */
  pct: number | null;
}

export const KPI_KEYS = ['orders', 'lines', 'items', 'revenue', 'avgBasketValue', 'activeProducts'] as const;
export type ComparedKpi = (typeof KPI_KEYS)[number];
const MONEY_KPIS: ReadonlySet<ComparedKpi> = new Set(['revenue', 'avgBasketValue']);

/** What a period holds for a comparison: KPIs, and revenue by department and by product. */
export interface PeriodFigures {
  kpis: Record<ComparedKpi, number>;
  departments: ReadonlyMap<number, { revenue: number }>;
  products: ReadonlyMap<number, { revenue: number }>;
}

export interface ComparisonDeltas {
  kpis: Record<ComparedKpi, Delta>;
  /** By department id: every department of either period. */
  departments: Map<number, Delta>;
  /** By product id: the products of the current period asked for. */
  products: Map<number, Delta>;
}

export function delta(current: number, previous: number, money = false): Delta {
  const abs = money ? addMoney(current, -previous) : current - previous;
  return { current, previous, abs, pct: previous === 0 ? null : (abs / previous) * 100 };
}

export function compareFigures(current: PeriodFigures, previous: PeriodFigures, productIds: Iterable<number> = current.products.keys()): ComparisonDeltas {
  const kpis = Object.fromEntries(KPI_KEYS.map((k) => [k, delta(current.kpis[k], previous.kpis[k], MONEY_KPIS.has(k))])) as Record<ComparedKpi, Delta>;
  const departments = new Map<number, Delta>();
  for (const id of new Set([...current.departments.keys(), ...previous.departments.keys()])) {
    departments.set(id, delta(current.departments.get(id)?.revenue ?? 0, previous.departments.get(id)?.revenue ?? 0, true));
  }
  const products = new Map<number, Delta>();
  for (const id of productIds) products.set(id, delta(current.products.get(id)?.revenue ?? 0, previous.products.get(id)?.revenue ?? 0, true));
  return { kpis, departments, products };
}

/** Where each store's data begins (and the history's ends); null when it holds none. */
export interface StoreReach {
  /** Start of the oldest closed window the live view holds at the range's grain. */
  liveFrom: number | null;
  history: { from: number; to: number } | null;
}

export type SourceChoice =
  | { source: ComparisonSource; period: { from: number; to: number } }
  | { source: 'none'; period: { from: number; to: number }; reason: string };

const iso = (t: number): string => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/**
 * The live store when it reaches back to the start of the earlier period, otherwise the
 * history when it covers the whole period, otherwise none, with why in words.
 * range: the current range [from, to); liveKeepsMs: the live view's retention, for the message.
 */
export function chooseComparisonSource(range: { from: number; to: number }, compare: Exclude<CompareWith, 'none'>, reach: StoreReach, liveKeepsMs: number): SourceChoice {
  const offset = COMPARE_OFFSET_MS[compare];
  const period = { from: range.from - offset, to: range.to - offset };
  if (reach.liveFrom !== null && reach.liveFrom <= period.from) return { source: 'live', period };
  const { history } = reach;
  if (history && history.from <= period.from && history.to >= period.to) return { source: 'history', period };
  const keeps = `the live view keeps ${Math.round(liveKeepsMs / 3_600_000)} h`;
  const stored = history
    ? `the history covers ${iso(history.from)} to ${iso(history.to)}`
    : 'there is no Parquet history to read';
  return { source: 'none', period, reason: `no data for ${COMPARE_WORDS[compare]} (${iso(period.from)} to ${iso(period.to)}): ${keeps} and ${stored}` };
}

/** The current range's figures as the dashboard shows them (its top products only). */
export function currentFigures(r: Pick<DashboardRangeSnapshot, 'kpis' | 'departments' | 'topProducts'>): PeriodFigures {
  return {
    kpis: { ...r.kpis },
    departments: new Map(r.departments.map((d) => [d.departmentId, { revenue: d.revenue }])),
    products: new Map(r.topProducts.map((p) => [p.productId, { revenue: p.revenue }])),
  };
}

/** A comparison as the server resolved it, before the current figures are set against it. */
export interface ResolvedComparison {
  compare: Exclude<CompareWith, 'none'>;
  /** loading: the earlier period is being read; none: no store covers it (message says why). */
  status: 'ready' | 'loading' | 'none';
  source: ComparisonSource | null;
  period: { from: number; to: number } | null;
  message: string;
  previous: PeriodFigures | null;
}

/** What the page and the API show of a comparison: the KPI deltas, and the rest in the charts' rows. */
export interface ComparisonSummary extends Omit<ResolvedComparison, 'previous'> {
  kpis: Record<ComparedKpi, Delta> | null;
}

export function comparisonMessage(compare: Exclude<CompareWith, 'none'>, source: ComparisonSource, period: { from: number; to: number }): string {
  const store = source === 'live' ? 'the live view\'s closed windows' : 'the Parquet history';
  return `compared with ${COMPARE_WORDS[compare]}, ${iso(period.from)} to ${iso(period.to)}, from ${store} (${source})`;
}
