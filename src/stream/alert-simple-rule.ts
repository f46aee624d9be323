// The stop-gap rule of `--alerts simple`, for when the trend detector is off: each closed
// window's top products and departments against the previous window, by share of revenue, so
// that a half-filled first window or the time of day do not read as a surge. Labelled as such
// on the dashboard. It keeps no alerts of its own: its episodes are the open `simple-` alerts
// on the alert desk (alerts.ts), which it updates through `record`.
import type { Alert } from './alert-types';
import { graver } from './alert-types';
import type { AlertDesk } from './alerts';
import type { TrendSeverity } from '../domain/trend/index';
import { topProducts } from '../domain/index';
import type { RetainedWindow } from './live-retained';
import type { ClosedWindow } from './stage2';

/** Plain words for the panel: which rule raised what it shows. */
export const SIMPLE_RULE_LABEL =
  'simple rule (stand-in for the trend detector): share of revenue in a closed window vs the previous window; ±50% for a top-10 product, ±30% for a department';

const MIN_PRODUCT_ORDERS = 10;
const MIN_DEPARTMENT_ORDERS = 20;
const TOP = 10;

type Candidate = Omit<Alert, 'id' | 'startedAt' | 'lastSeenAt' | 'resolvedAt' | 'acknowledged'>;

const severityOf = (changePct: number): TrendSeverity | undefined => {
  if (changePct >= 200 || changePct <= -80) return 'critical';
  if (changePct >= 100 || changePct <= -60) return 'warning';
  return Math.abs(changePct) >= 50 ? 'info' : undefined;
};

/** What the simple rule sees in one window against the one before (as the live view retains it). */
export function simpleRuleCandidates(current: ClosedWindow, before: RetainedWindow): Candidate[] {
  const now = current.window;
  if (now.revenue <= 0 || before.revenue <= 0) return [];
  const scale = now.revenue / before.revenue;
  const out: Candidate[] = [];
  const compare = (level: Alert['level'], subjectId: number, subjectName: string, observed: number, previousRevenue: number, previousOrders: number, minOrders: number, dampen = 1): void => {
    if (previousOrders < minOrders) return;
    const baseline = previousRevenue * scale;
    const changePct = ((observed - baseline) / baseline) * 100;
    const severity = severityOf(changePct * dampen);
    if (!severity) return;
    out.push({ level, subjectId, subjectName, direction: changePct > 0 ? 'surge' : 'drop', severity, baseline, observed, changePct, unit: 'revenue',
      message: `${subjectName}: revenue ${changePct > 0 ? 'up' : 'down'} ${Math.abs(changePct).toFixed(0)}% on the previous window's share` });
  };
  const top = topProducts(now, TOP, 'revenue', before);
  const candidates = new Set([...top, ...topProducts(before, TOP, 'revenue')].map((p) => p.productId));
  for (const id of candidates) {
    const p = now.products.get(id);
    const q = before.products.get(id);
    if (q) compare('product', id, p?.name ?? q.name, p?.revenue ?? 0, q.revenue, q.orders, MIN_PRODUCT_ORDERS);
  }
  for (const [id, d] of now.departments) {
    const q = before.departments.get(id);
    // Departments move less than products: ±30% is already news.
    if (q) compare('department', id, d.name, d.revenue, q.revenue, q.orders, MIN_DEPARTMENT_ORDERS, 50 / 30);
  }
  for (const p of top) {
    if (before.orders > 0 && before.products.get(p.productId) === undefined) {
      out.push({ level: 'product', subjectId: p.productId, subjectName: p.name, direction: 'new-entrant', severity: 'info',
        baseline: 0, observed: p.revenue, changePct: 0, unit: 'revenue', message: `${p.name} entered the top ${TOP} at #${p.rank}, unsold in the previous window` });
    } else if (p.rankChange !== null && p.rankChange >= 5) {
      out.push({ level: 'product', subjectId: p.productId, subjectName: p.name, direction: 'rank-mover', severity: 'info',
        baseline: p.previousRank ?? 0, observed: p.rank, changePct: 0, unit: 'rank', message: `${p.name} climbed ${p.rankChange} places to #${p.rank}` });
    }
  }
  return out;
}

const keyOf = (a: Pick<Alert, 'level' | 'subjectId' | 'direction'>): string => `${a.level}:${a.subjectId}:${a.direction}`;

/**
 * Applies the rule to a newly closed window: updates the desk's open simple-rule episodes,
 * opens new ones, and resolves those the window no longer shows.
 */
export function applySimpleRule(desk: AlertDesk, current: ClosedWindow, before: RetainedWindow): void {
  const at = current.window.end;
  const open = new Map(desk.list().filter((a) => a.id.startsWith('simple-') && a.resolvedAt === null).map((a) => [keyOf(a), a]));
  const out: Alert[] = [];
  for (const c of simpleRuleCandidates(current, before)) {
    const key = keyOf(c);
    const existing = open.get(key);
    open.delete(key);
    if (existing) out.push({ ...existing, ...c, severity: graver(c.severity, existing.severity) ? c.severity : existing.severity, lastSeenAt: at });
    else out.push({ ...c, id: `simple-${key}-${at}`, startedAt: at, lastSeenAt: at, resolvedAt: null, acknowledged: false });
  }
  for (const a of open.values()) out.push({ ...a, resolvedAt: at });
  desk.record(out, at);
}
