// Alerts on a timeline: one row per product or department, a bar from when the episode
// began to when it was last seen (or ended), coloured by severity, marked by direction.
import type { Alert } from '../stream/index';
import { frame, SEVERITY_SCALE, type ChartOptions, type ChartSpec } from './base';

export interface AlertChartRow {
  id: string;
  subject: string;
  level: Alert['level'];
  direction: Alert['direction'];
  severity: Alert['severity'];
  start: number;
  end: number;
  ongoing: boolean;
  acknowledged: boolean;
  changePct: number;
  message: string;
}

/** Rows of the most recently active subjects, so the chart stays short. */
export function alertsData(alerts: readonly Alert[], subjects = 8): AlertChartRow[] {
  const recent = [...alerts].sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  const kept = new Set<string>();
  for (const a of recent) if (kept.size < subjects) kept.add(a.subjectName);
  return recent.filter((a) => kept.has(a.subjectName)).map((a) => ({
    id: a.id, subject: a.subjectName, level: a.level, direction: a.direction, severity: a.severity,
    start: a.startedAt, end: a.resolvedAt ?? a.lastSeenAt, ongoing: a.resolvedAt === null, acknowledged: a.acknowledged,
    changePct: a.changePct, message: a.message,
  }));
}

const SHAPES = { domain: ['surge', 'drop', 'new-entrant', 'rank-mover'], range: ['triangle-up', 'triangle-down', 'diamond', 'circle'] };

export function alertsSpec(alerts: readonly Alert[], options: ChartOptions = {}): ChartSpec {
  return {
    ...frame(options, { width: 520, height: 130, title: 'Alerts' }),
    data: { name: 'alerts', values: alertsData(alerts) },
    encoding: {
      y: { field: 'subject', type: 'nominal', title: null, axis: { labelLimit: 150, ticks: false, domain: false } },
      color: { field: 'severity', type: 'nominal', scale: SEVERITY_SCALE, legend: null },
      tooltip: [
        { field: 'message' },
        { field: 'severity' },
        { field: 'start', type: 'temporal', format: '%H:%M:%S', title: 'since' },
        { field: 'changePct', type: 'quantitative', format: '+.0f', title: '% change' },
      ],
    },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 5, strokeCap: 'round', opacity: 0.55 },
        encoding: {
          x: { field: 'start', type: 'temporal', title: null, axis: { format: '%H:%M:%S', labelOverlap: true, tickCount: 4 } },
          x2: { field: 'end' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 90, opacity: 1 },
        encoding: {
          x: { field: 'end', type: 'temporal' },
          shape: { field: 'direction', type: 'nominal', scale: SHAPES, legend: null },
        },
      },
    ],
  };
}
