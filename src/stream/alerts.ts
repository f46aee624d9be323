// The alert lifecycle: turns the detector's signals into alerts a retailer can work with.
// One alert per subject and direction at a time (deduplicated); its severity only rises
// while it lasts; it resolves by itself when the detector says the subject is back to
// normal; a recurrence within the cooldown re-opens it instead of raising a new one; and a
// person can acknowledge it. Every change is an event, for the store, Kafka and webhooks.
// The desk is the one store of alerts and acknowledgements: the live view, the API and the
// reports read it (list, get, revision); nothing keeps a copy.
import type { TrendSignal } from '../domain/trend/index';
import { alertOrder, graver, type Alert } from './alert-types';

export type AlertEventType = 'raised' | 'escalated' | 'reopened' | 'resolved' | 'acknowledged';

export interface AlertEvent {
  type: AlertEventType;
  /** Event time for detector changes; the clock's time for an acknowledgement. */
  at: number;
  alert: Alert;
}

export interface AlertDeskOptions {
  /** Cooldown of a subject's department (overrides apply), in event-time ms. */
  cooldownFor: (departmentId: number | null) => number;
  /** Resolved alerts are forgotten this long after they resolved (event time). */
  retentionMs?: number;
  maxAlerts?: number;
}

export interface AlertDesk {
  /** Applies one window's signals; returns what changed, in order. */
  apply(signals: readonly TrendSignal[]): AlertEvent[];
  acknowledge(id: string, at: number): AlertEvent | undefined;
  /**
   * Alerts another rule made whole (the stop-gap rule of alert-simple-rule.ts): kept as given,
   * the same id replacing. No event: no sink listens to that rule.
   */
  record(alerts: readonly Alert[], at: number): void;
  get(id: string): Alert | undefined;
  /** Open first, then by severity, then newest. */
  list(): Alert[];
  /** Alerts changed by the last apply or acknowledge (also silent updates of observed counts). */
  readonly changed: Alert[];
  /** Increases whenever an alert changes: lets readers cache what they derive. */
  readonly revision: number;
  /** Told about every event batch, after it is applied. */
  subscribe(listener: (events: AlertEvent[]) => void): () => void;
  /** Runs `work` without telling subscribers: rebuilding the desk from history after a restart. */
  silently<T>(work: () => T): T;
}

const keyOf = (s: { level: string; subjectId: number; polarity: string }): string => `${s.level}:${s.subjectId}:${s.polarity}`;
/** Stable and unique: a rerun over the same input names the same alert the same way. */
export const alertIdOf = (s: TrendSignal): string => `${s.level}-${s.subjectId}-${s.polarity}-${s.at}`;

export function createAlertDesk(options: AlertDeskOptions): AlertDesk {
  const { cooldownFor, retentionMs = 24 * 3_600_000, maxAlerts = 1_000 } = options;
  const alerts = new Map<string, Alert>();
  const open = new Map<string, string>();
  /** The newest alert of each subject and direction, open or not: what a recurrence re-opens. */
  const lastOf = new Map<string, string>();
  const listeners = new Set<(events: AlertEvent[]) => void>();
  let changed: Alert[] = [];
  let quiet = false;
  let revision = 0;

  const put = (alert: Alert): Alert => {
    alerts.set(alert.id, alert);
    changed.push(alert);
    revision++;
    return alert;
  };
  const fromSignal = (a: Alert, s: TrendSignal): Alert => ({
    ...a, lastSeenAt: s.at, observed: s.observed, baseline: s.baseline, changePct: s.changePct, message: s.message, ...(s.unit ? { unit: s.unit } : {}),
  });
  const publish = (events: AlertEvent[]): void => {
    if (events.length > 0 && !quiet) listeners.forEach((listener) => listener(events));
  };
  const forget = (now: number): void => {
    const before = alerts.size;
    for (const [id, a] of alerts) {
      if (a.resolvedAt !== null && now - a.resolvedAt > retentionMs) alerts.delete(id);
    }
    if (alerts.size > maxAlerts) {
      const resolved = [...alerts.values()].filter((a) => a.resolvedAt !== null).sort((a, b) => (a.resolvedAt as number) - (b.resolvedAt as number));
      for (const a of resolved.slice(0, alerts.size - maxAlerts)) alerts.delete(a.id);
    }
    if (alerts.size !== before) revision++;
  };

  const onset = (s: TrendSignal, events: AlertEvent[]): void => {
    const key = keyOf(s);
    const current = alerts.get(open.get(key) ?? '');
    if (current) {
      // The detector already had this episode open: one alert, updated.
      put(fromSignal(current, s));
      return;
    }
    const previous = alerts.get(lastOf.get(key) ?? '');
    if (previous && previous.resolvedAt !== null && s.at - previous.resolvedAt < cooldownFor(s.departmentId)) {
      open.set(key, previous.id);
      events.push({ type: 'reopened', at: s.at, alert: put({ ...fromSignal(previous, s), resolvedAt: null }) });
      return;
    }
    const alert: Alert = {
      id: alertIdOf(s), level: s.level, subjectId: s.subjectId, subjectName: s.subjectName, direction: s.direction,
      severity: s.severity, startedAt: s.at, lastSeenAt: s.at, resolvedAt: null, acknowledged: false,
      baseline: s.baseline, observed: s.observed, changePct: s.changePct, message: s.message, ...(s.unit ? { unit: s.unit } : {}),
    };
    open.set(key, alert.id);
    lastOf.set(key, alert.id);
    events.push({ type: 'raised', at: s.at, alert: put(alert) });
  };

  const ongoing = (s: TrendSignal, events: AlertEvent[]): void => {
    const current = alerts.get(open.get(keyOf(s)) ?? '');
    if (!current) return onset(s, events);
    const next = fromSignal(current, s);
    if (graver(s.severity, current.severity)) {
      // A graver situation than the one acknowledged: it needs a person again.
      events.push({ type: 'escalated', at: s.at, alert: put({ ...next, severity: s.severity, acknowledged: false }) });
    } else put(next);
  };

  const recovered = (s: TrendSignal, events: AlertEvent[]): void => {
    const key = keyOf(s);
    const current = alerts.get(open.get(key) ?? '');
    if (!current) return;
    open.delete(key);
    events.push({ type: 'resolved', at: s.at, alert: put({ ...fromSignal(current, s), resolvedAt: s.at }) });
  };

  return {
    get changed() {
      return changed;
    },
    get revision() {
      return revision;
    },
    apply(signals) {
      changed = [];
      const events: AlertEvent[] = [];
      for (const s of signals) {
        if (s.kind === 'onset') onset(s, events);
        else if (s.kind === 'ongoing') ongoing(s, events);
        else recovered(s, events);
      }
      const newest = signals.reduce((t, s) => Math.max(t, s.at), Number.NEGATIVE_INFINITY);
      if (Number.isFinite(newest)) forget(newest);
      publish(events);
      return events;
    },
    acknowledge(id, at) {
      changed = [];
      const a = alerts.get(id);
      if (!a) return undefined;
      if (a.acknowledged) return { type: 'acknowledged', at, alert: a };
      const event: AlertEvent = { type: 'acknowledged', at, alert: put({ ...a, acknowledged: true }) };
      publish([event]);
      return event;
    },
    record(incoming, at) {
      changed = [];
      incoming.forEach(put);
      forget(at);
    },
    get: (id) => alerts.get(id),
    list: () => [...alerts.values()].sort(alertOrder),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    silently(work) {
      quiet = true;
      try {
        return work();
      } finally {
        quiet = false;
      }
    },
  };
}
