// A free date-and-time period (#16 item 2): GET /api/period?from=&to=&department= sums the live
// view's closed windows that start inside it (src/stream/live-period.ts). Times are ISO 8601,
// read as UTC unless they name a zone, or epoch milliseconds.
import type express from 'express';
import { periodSummary, WINDOW_DETAIL_MS, type LiveView } from '../src/index';
import { BadQuery, onlyParams, selectionParams } from './params';

const iso = (t: number): string => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

function timeParam(req: express.Request, name: string): number {
  const raw = req.query[name];
  if (raw === undefined || raw === '') throw new BadQuery(`query parameter "${name}" is required by ${req.path}: a date and time such as 2026-11-30T09:00 (UTC) or epoch milliseconds`);
  if (typeof raw !== 'string') throw new BadQuery(`query parameter "${name}" must be given once, got ${JSON.stringify(raw)}`);
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(raw);
  const t = /^\d+$/.test(raw) ? Number(raw) : /^\d{4}-\d\d-\d\d/.test(raw) ? Date.parse(zoned || raw.length <= 10 ? raw : `${raw}Z`) : Number.NaN;
  if (!Number.isFinite(t)) throw new BadQuery(`query parameter "${name}" must be a date and time (ISO 8601, UTC unless it names a zone, e.g. 2026-11-30T09:00) or epoch milliseconds, got ${JSON.stringify(raw)}`);
  return t;
}

export function mountPeriodRoute(app: express.Express, view: LiveView): void {
  app.get('/api/period', (req, res) => {
    onlyParams(req, ['from', 'to', 'department']);
    const from = timeParam(req, 'from');
    const to = timeParam(req, 'to');
    if (from >= to) throw new BadQuery(`query parameter "from" (${iso(from)}) must be before "to" (${iso(to)})`);
    const { departmentId } = selectionParams(req, view);
    // Windows of the last hour when the period starts inside it; hour blocks (with products) beyond.
    const recent = view.retainedWindows(WINDOW_DETAIL_MS);
    const detailed = recent.length > 0 && from >= (recent[0]?.start ?? Number.POSITIVE_INFINITY);
    const windows = detailed ? recent : view.retainedWindows(null);
    const summary = periodSummary(windows, from, to, departmentId);
    const held = windows.length > 0 ? `the live view holds closed windows from ${iso(windows[0]!.start)} to ${iso(windows[windows.length - 1]!.end)}` : 'the live view holds no closed window yet';
    res.json({
      requested: { from, to }, departmentId, windowsAre: detailed ? 'windows' : 'hour blocks', ...summary,
      ...(summary.windows === 0 ? { message: `no closed window starts between ${iso(from)} and ${iso(to)}: ${held}; older periods are in the Parquet history (reports, purchase-trends query)` } : {}),
    });
  });
}
