// The alerts the dashboard lists. The trend detector feeds them through recordAlerts
// (stream/alerts-stage.ts); until it does, or when it is switched off, a deliberately simple
// stop-gap rule raises them, labelled as such: each closed window's top products and
// departments against the previous window, by share of revenue, so that a half-filled first
// window or the time of day do not read as a surge.
import type { AlertSeverity, Alert, AlertSource } from './alert-types';
import { SEVERITY_ORDER } from './alert-types';
import type { RankedProduct } from '../domain/top-products';
import type { RetainedWindow } from './live-retained';
import type { ClosedWindow } from './stage2';

/** The window before, as the live view keeps it (without distinct sketches). */
export interface PreviousWindow {
  window: RetainedWindow;
  topByRevenue: RankedProduct[];
}

/** Plain words for the panel: which rule raised what it shows. */
export const SIMPLE_RULE_LABEL =
  'simple rule (stand-in for the trend detector): share of revenue in a closed window vs the previous window; ±50% for a top-10 product, ±30% for a department';

const ALERT_MEMORY = 200;
const MIN_PRODUCT_ORDERS = 10;
const MIN_DEPARTMENT_ORDERS = 20;
const TOP = 10;

type Candidate = Omit<Alert, 'id' | 'startedAt' | 'lastSeenAt' | 'resolvedAt' | 'acknowledged'>;

const severityOf = (changePct: number): AlertSeverity | undefined => {
  if (changePct >= 200 || changePct <= -80) return 'critical';
  if (changePct >= 100 || changePct <= -60) return 'warning';
  return Math.abs(changePct) >= 50 ? 'info' : undefined;
};

/** What the simple rule sees in one window against the one before. */
export function simpleRuleCandidates(current: ClosedWindow, previous: PreviousWindow): Candidate[] {
  const now = current.window;
  const before = previous.window;
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
  const candidates = new Set([...current.topByRevenue.slice(0, TOP), ...previous.topByRevenue.slice(0, TOP)].map((p) => p.productId));
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
  for (const p of current.topByRevenue.slice(0, TOP)) {
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

export function createAlertBook() {
  const alerts = new Map<string, Alert>();
  /** Open simple-rule episodes by subject and direction. */
  const open = new Map<string, string>();
  let source: AlertSource = 'simple-rule';

  const trim = (): void => {
    if (alerts.size <= ALERT_MEMORY) return;
    const oldest = [...alerts.values()].sort((a, b) => Number(a.resolvedAt === null) - Number(b.resolvedAt === null) || a.lastSeenAt - b.lastSeenAt);
    for (const a of oldest.slice(0, alerts.size - ALERT_MEMORY)) alerts.delete(a.id);
  };

  return {
    get source(): AlertSource {
      return source;
    },
    /** Applies the simple rule to a newly closed window, unless the detector has taken over. */
    applySimpleRule(current: ClosedWindow, previous: PreviousWindow | undefined): void {
      if (source !== 'simple-rule' || !previous) return;
      const at = current.window.end;
      const seen = new Set<string>();
      for (const c of simpleRuleCandidates(current, previous)) {
        const key = `${c.level}:${c.subjectId}:${c.direction}`;
        seen.add(key);
        const existing = alerts.get(open.get(key) ?? '');
        if (existing) {
          const severity = SEVERITY_ORDER[c.severity] < SEVERITY_ORDER[existing.severity] ? c.severity : existing.severity;
          alerts.set(existing.id, { ...existing, ...c, severity, lastSeenAt: at });
        } else {
          const id = `simple-${key}-${at}`;
          alerts.set(id, { ...c, id, startedAt: at, lastSeenAt: at, resolvedAt: null, acknowledged: false });
          open.set(key, id);
        }
      }
      for (const [key, id] of open) {
        if (seen.has(key)) continue;
        const a = alerts.get(id);
        if (a) alerts.set(id, { ...a, resolvedAt: at });
        open.delete(key);
      }
      trim();
    },
    /** `--alerts off`: no rule raises anything, and the list stays empty. */
    switchOff(): void {
      alerts.clear();
      open.clear();
      source = 'off';
    },
    /** The detector's alerts replace the simple rule's; an acknowledgement made here is kept. */
    record(incoming: readonly Alert[]): void {
      if (source === 'off') return;
      if (source === 'simple-rule') {
        alerts.clear();
        open.clear();
        source = 'trend-detector';
      }
      for (const a of incoming) alerts.set(a.id, { ...a, acknowledged: a.acknowledged || (alerts.get(a.id)?.acknowledged ?? false) });
      trim();
    },
    acknowledge(id: string): Alert | undefined {
      const a = alerts.get(id);
      if (!a) return undefined;
      const acknowledged = { ...a, acknowledged: true };
      alerts.set(id, acknowledged);
      return acknowledged;
    },
    /** Ongoing first, then by severity, then newest. */
    list(): Alert[] {
      return [...alerts.values()].sort((a, b) =>
        Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null)
        || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
        || b.lastSeenAt - a.lastSeenAt);
    },
  };
}
