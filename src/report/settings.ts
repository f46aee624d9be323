// What the report and schedule commands are told: the period, the formats, where to write,
// the department filter, the cron expression and how many scheduled reports to keep.
// Times stay specs until a report runs. By default a report covers the newest 24 hours of event
// time in the store, whatever the wall clock says (a replay or a sped-up run lies elsewhere in time).
import { parseDuration } from '../core/index';

export type ReportFormat = 'pdf' | 'xlsx';
export const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'xlsx'];

/**
 * A point in time as a user gives it: an instant, now (the wall clock), the end of the newest
 * stored window (event time), or a span before the period's end.
 */
export type TimeSpec = { kind: 'at'; ms: number } | { kind: 'now' } | { kind: 'newest' } | { kind: 'before-end'; ms: number };

export interface ReportSettings {
  from: TimeSpec;
  to: TimeSpec;
  formats: ReportFormat[];
  /** Where reports go; undefined: reports/out (report) or reports/scheduled (schedule). */
  outDir: string | undefined;
  department: string | undefined;
  /** One aisle (Instacart id) or one product only; undefined: all. */
  aisle?: number | undefined;
  product?: number | undefined;
  cron: string;
  keep: number;
  chromiumPath: string;
}

export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  from: { kind: 'before-end', ms: 24 * 3_600_000 },
  to: { kind: 'newest' },
  formats: ['pdf', 'xlsx'],
  outDir: undefined,
  department: undefined,
  cron: '0 * * * *',
  keep: 24,
  chromiumPath: '/usr/bin/chromium',
};

export const TIME_SYNTAX = 'an ISO date or time in UTC (2026-11-24, 2026-11-24T06:00, 2026-11-24T06:00:00Z), "now", or a duration before --to (24h, 90m)';

/** Parses --from or --to; returns a message naming what is wrong instead of throwing. */
export function parseTimeSpec(text: string, allowSpan: boolean): TimeSpec | string {
  const value = text.trim();
  if (value === 'now') return { kind: 'now' };
  const span = parseDuration(value);
  if (span !== undefined) return allowSpan ? { kind: 'before-end', ms: span } : `a duration only fits --from; expected ${TIME_SYNTAX.replace(', or a duration before --to (24h, 90m)', '')}, got "${text}"`;
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) {
    // Without a zone, a time is read as UTC (the history is partitioned in UTC), never as local time.
    const iso = value.replace(' ', 'T');
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
    const ms = Date.parse(zoned);
    if (Number.isFinite(ms)) return { kind: 'at', ms };
  }
  return `expected ${TIME_SYNTAX}, got "${text}"`;
}

/**
 * The period [from, to) a report covers when it runs at `now`, with `newest` the end of the
 * newest stored window (null when the store has none: then the wall clock stands in).
 */
export function resolvePeriod(settings: Pick<ReportSettings, 'from' | 'to'>, now: number, newest: number | null = null): { from: number; to: number } {
  const at = (spec: TimeSpec): number => (spec.kind === 'at' ? spec.ms : spec.kind === 'newest' ? newest ?? now : now);
  const to = at(settings.to);
  const from = settings.from.kind === 'before-end' ? to - settings.from.ms : at(settings.from);
  return { from, to };
}

/** What a report's period is, in words, for the report itself and the log. */
export function describePeriodBasis(settings: Pick<ReportSettings, 'from' | 'to'>, newest: number | null): string {
  if (settings.to.kind !== 'newest') return 'the period asked for (--from, --to)';
  const span = settings.from.kind === 'before-end' ? `the newest ${formatSpan(settings.from.ms)} of event time in the store` : 'up to the newest event time in the store';
  return newest === null ? `${span}: the store has none, so the period ends now` : span;
}

const formatSpan = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`);

export function parseFormats(text: string): ReportFormat[] | string {
  const wanted = text.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const bad = wanted.filter((f) => !REPORT_FORMATS.includes(f as ReportFormat));
  if (wanted.length === 0 || bad.length > 0) return `expected a list of ${REPORT_FORMATS.join(', ')} (e.g. pdf,xlsx), got "${text}"`;
  return [...new Set(wanted as ReportFormat[])];
}
