import { describe, expect, it } from 'vitest';
import { alertOrder, graver } from '../../../src/stream/alert-types';
import { createAlertDesk, type Alert, type AlertEvent, type TrendSignal } from '../../../src/index';
import { createManualClock } from '../../../src/core/index';
import { SEVERITY_RANK, type TrendSeverity } from '../../../src/domain/trend/index';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10);

const signal = (kind: TrendSignal['kind'], at: number, over: Partial<TrendSignal> = {}): TrendSignal => ({
  kind, level: 'product', subjectId: 7, subjectName: 'Bananas', departmentId: 4, polarity: 'up', direction: 'surge',
  severity: 'warning', windowStart: at - MINUTE, at, observed: 40, baseline: 20, changePct: 100, ratio: 2, evidence: 1,
  rank: null, baselineRank: null, message: 'Bananas surged', ...over,
});

function desk(cooldownMs = 15 * MINUTE) {
  const d = createAlertDesk({ cooldownFor: (departmentId) => (departmentId === 9 ? 0 : cooldownMs) });
  const events: AlertEvent[] = [];
  d.subscribe((batch) => events.push(...batch));
  return { d, events };
}

describe('alert lifecycle', () => {
  it('raises one alert per subject and direction, updates it while it lasts, and resolves it', () => {
    const { d, events } = desk();
    d.apply([signal('onset', T0)]);
    d.apply([signal('onset', T0 + MINUTE, { observed: 44 })]); // a repeated onset is deduplicated
    d.apply([signal('ongoing', T0 + 2 * MINUTE, { observed: 50, baseline: 21, changePct: 138 })]);
    expect(d.list()).toHaveLength(1);
    expect(d.list()[0]).toMatchObject({
      id: `product-7-up-${T0}`, startedAt: T0, lastSeenAt: T0 + 2 * MINUTE, resolvedAt: null, observed: 50, baseline: 21, changePct: 138,
    });
    d.apply([signal('recovered', T0 + 5 * MINUTE, { observed: 21 })]);
    expect(d.list()[0]).toMatchObject({ resolvedAt: T0 + 5 * MINUTE, lastSeenAt: T0 + 5 * MINUTE });
    expect(events.map((e) => e.type)).toEqual(['raised', 'resolved']);
  });

  it('keeps an up and a down alert of the same subject apart', () => {
    const { d } = desk();
    d.apply([signal('onset', T0), signal('onset', T0, { subjectId: 8 }), signal('onset', T0, { polarity: 'down', direction: 'drop' })]);
    expect(d.list().map((a) => a.id).sort()).toEqual([`product-7-down-${T0}`, `product-7-up-${T0}`, `product-8-up-${T0}`]);
  });

  it('re-opens a resolved alert that recurs within the cooldown, and raises a new one after it', () => {
    const { d, events } = desk(15 * MINUTE);
    d.apply([signal('onset', T0)]);
    d.apply([signal('recovered', T0 + 5 * MINUTE)]);
    d.apply([signal('onset', T0 + 10 * MINUTE)]);
    expect(d.list()).toHaveLength(1);
    expect(d.list()[0]).toMatchObject({ id: `product-7-up-${T0}`, resolvedAt: null, lastSeenAt: T0 + 10 * MINUTE });
    d.apply([signal('recovered', T0 + 12 * MINUTE)]);
    d.apply([signal('onset', T0 + 12 * MINUTE + 15 * MINUTE)]);
    expect(d.list().map((a) => a.id)).toEqual([`product-7-up-${T0 + 27 * MINUTE}`, `product-7-up-${T0}`]);
    expect(events.map((e) => e.type)).toEqual(['raised', 'resolved', 'reopened', 'resolved', 'raised']);
  });

  it('takes the cooldown of the subject\'s department', () => {
    const { d } = desk(15 * MINUTE);
    d.apply([signal('onset', T0, { departmentId: 9 })]);
    d.apply([signal('recovered', T0 + MINUTE, { departmentId: 9 })]);
    d.apply([signal('onset', T0 + 2 * MINUTE, { departmentId: 9 })]);
    expect(d.list()).toHaveLength(2);
  });

  it('is acknowledged by a person, at their clock\'s time, until it escalates', () => {
    const clock = createManualClock(T0 + 90 * MINUTE);
    const { d, events } = desk();
    d.apply([signal('onset', T0)]);
    const id = d.list()[0]!.id;
    clock.advance(30_000);
    const ack = d.acknowledge(id, clock.now());
    expect(ack).toMatchObject({ type: 'acknowledged', at: T0 + 90 * MINUTE + 30_000, alert: { acknowledged: true } });
    expect(d.acknowledge(id, clock.now())?.type).toBe('acknowledged'); // again: no second event
    expect(d.acknowledge('no-such-alert', clock.now())).toBeUndefined();
    d.apply([signal('ongoing', T0 + MINUTE, { severity: 'warning' })]);
    expect(d.get(id)).toMatchObject({ acknowledged: true, severity: 'warning' });
    d.apply([signal('ongoing', T0 + 2 * MINUTE, { severity: 'critical' })]);
    expect(d.get(id)).toMatchObject({ acknowledged: false, severity: 'critical' });
    d.apply([signal('ongoing', T0 + 3 * MINUTE, { severity: 'warning' })]);
    expect(d.get(id)!.severity).toBe('critical'); // never downgraded within an episode
    expect(events.map((e) => e.type)).toEqual(['raised', 'acknowledged', 'escalated']);
  });

  it('lists open alerts first, then by severity, and forgets resolved ones after the retention', () => {
    const d = createAlertDesk({ cooldownFor: () => 0, retentionMs: 60 * MINUTE });
    d.apply([signal('onset', T0, { subjectId: 1, severity: 'info' }), signal('onset', T0, { subjectId: 2, severity: 'critical' }), signal('onset', T0, { subjectId: 3 })]);
    d.apply([signal('recovered', T0 + MINUTE, { subjectId: 2 })]);
    expect(d.list().map((a) => a.subjectId)).toEqual([3, 1, 2]);
    d.apply([signal('ongoing', T0 + 62 * MINUTE, { subjectId: 1, severity: 'info' })]);
    expect(d.list().map((a) => a.subjectId)).toEqual([3, 1]);
    expect(d.changed.map((a) => a.subjectId)).toEqual([1]);
  });

  it('orders severities one way everywhere: the detector\'s rank, gravest first in every list', () => {
    const severities: TrendSeverity[] = ['warning', 'info', 'critical'];
    // The detector's escalation (SEVERITY_RANK, higher is graver) and the lists agree.
    expect([...severities].sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a])).toEqual(['critical', 'warning', 'info']);
    expect(graver('critical', 'warning')).toBe(true);
    expect(graver('info', 'warning')).toBe(false);
    expect(graver('warning', 'warning')).toBe(false);
    const alert = (id: string, severity: TrendSeverity, lastSeenAt: number, resolvedAt: number | null = null): Alert => ({
      id, level: 'product', subjectId: 1, subjectName: 'x', direction: 'surge', severity, startedAt: T0, lastSeenAt, resolvedAt,
      acknowledged: false, baseline: 1, observed: 2, changePct: 100, message: id,
    });
    const given = [alert('old-info', 'info', T0), alert('resolved-critical', 'critical', T0 + 9, T0 + 9), alert('warning', 'warning', T0),
      alert('critical', 'critical', T0), alert('new-info', 'info', T0 + 5)];
    const order = ['critical', 'warning', 'new-info', 'old-info', 'resolved-critical'];
    expect([...given].sort(alertOrder).map((a) => a.id)).toEqual(order);
    const d = createAlertDesk({ cooldownFor: () => 0 });
    d.record(given, T0 + 9);
    expect(d.list().map((a) => a.id)).toEqual(order);
  });
});
