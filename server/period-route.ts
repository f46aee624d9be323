// A free date-and-time period (#16 item 2): GET /api/period?from=&to=&department=&compare=
// answers what the dashboard draws for it (KPIs, departments, top products, hours, volume, and
// the deltas against the same period the previous day or week), from the live view where it
// holds the period, else from the Parquet history (stream/live-period.ts picks; the answer says
// which). Times are ISO 8601, read as UTC unless they name a zone, or epoch milliseconds.
import type express from 'express';
import {
  choosePeriodSource, COMPARE_OFFSET_MS, COMPARE_WORDS, comparisonMessage, isoMinute, periodCharts, periodFigures, periodView, readReportRows, rowsFromWindows,
  WINDOW_DETAIL_MS, type CompareWith, type LiveView, type PeriodChoice, type Store,
} from '../src/index';
import type { HistoryReach } from './history-reach';
import { BadQuery, compareParam, onlyParams, selectionParams } from './params';

function timeParam(req: express.Request, name: string): number {
  const raw = req.query[name];
  if (raw === undefined || raw === '') throw new BadQuery(`query parameter "${name}" is required by ${req.path}: a date and time such as 2026-11-30T09:00 (UTC) or epoch milliseconds`);
  if (typeof raw !== 'string') throw new BadQuery(`query parameter "${name}" must be given once, got ${JSON.stringify(raw)}`);
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(raw);
  const t = /^\d+$/.test(raw) ? Number(raw) : /^\d{4}-\d\d-\d\d/.test(raw) ? Date.parse(zoned || raw.length <= 10 ? raw : `${raw}Z`) : Number.NaN;
  if (!Number.isFinite(t)) throw new BadQuery(`query parameter "${name}" must be a date and time (ISO 8601, UTC unless it names a zone, e.g. 2026-11-30T09:00) or epoch milliseconds, got ${JSON.stringify(raw)}`);
  return t;
}

export interface PeriodRouteOptions {
  view: LiveView;
  /** The Parquet history, for periods the live view no longer holds. */
  history?: Store;
  historyReach: HistoryReach;
}

/** Which store answers for a period, and its rows (null: none holds any of it). */
async function readPeriod(options: PeriodRouteOptions, period: { from: number; to: number }) {
  const { view, history, historyReach } = options;
  const windows = view.retainedWindows(WINDOW_DETAIL_MS);
  const blocks = view.retainedWindows(null);
  const newest = Math.max(windows[windows.length - 1]?.end ?? Number.NEGATIVE_INFINITY, blocks[blocks.length - 1]?.end ?? Number.NEGATIVE_INFINITY);
  const choice = choosePeriodSource(period, {
    liveWindowsFrom: windows[0]?.start ?? null, liveBlocksFrom: blocks[0]?.start ?? null,
    liveTo: Number.isFinite(newest) ? newest : null, history: await historyReach(),
  });
  if (choice.source === 'none') return { choice, rows: null };
  const rows = choice.source === 'history' ? await readReportRows(history as Store, period) : rowsFromWindows(choice.grain === 'windows' ? windows : blocks);
  return { choice, rows };
}

const storeWords = (choice: Exclude<PeriodChoice, { source: 'none' }>): string =>
  `${choice.source === 'live' ? 'the live view' : 'the Parquet history'} (${choice.source})`;

/** The same period the previous day or week, against the current one's figures. */
async function earlier(options: PeriodRouteOptions, compare: Exclude<CompareWith, 'none'>, period: { from: number; to: number }, departmentId: number | null) {
  const offset = COMPARE_OFFSET_MS[compare];
  const before = { from: period.from - offset, to: period.to - offset };
  const { choice, rows } = await readPeriod(options, before);
  if (choice.source === 'none' || rows === null) {
    return { summary: { compare, status: 'none' as const, source: null, period: before, message: `no data for ${COMPARE_WORDS[compare]}: ${choice.source === 'none' ? choice.reason : ''}` }, previous: null };
  }
  const partly = choice.whole ? '' : '; the stores hold only part of it';
  return {
    summary: { compare, status: 'ready' as const, source: choice.source, period: before, message: `${comparisonMessage(compare, choice.source, before)}${partly}` },
    previous: periodFigures(rows, before, departmentId),
  };
}

export function mountPeriodRoute(app: express.Express, options: PeriodRouteOptions): void {
  const { view } = options;
  app.get('/api/period', async (req, res, next) => {
    try {
      onlyParams(req, ['from', 'to', 'department', 'compare']);
      const from = timeParam(req, 'from');
      const to = timeParam(req, 'to');
      if (from >= to) throw new BadQuery(`query parameter "from" (${isoMinute(from)}) must be before "to" (${isoMinute(to)})`);
      const { departmentId } = selectionParams(req, view);
      const compare = compareParam(req);
      const period = { from, to };
      const { choice, rows } = await readPeriod(options, period);
      const v = periodView(rows ?? { products: [], departments: [], hours: [] }, period, departmentId);
      const comparison = compare === 'none' ? null : await earlier(options, compare, period, departmentId);
      const { deltas, charts } = periodCharts(v, comparison?.previous ?? null);
      const department = departmentId === null ? null : view.knownDepartments().find((d) => d.departmentId === departmentId)?.department
        ?? v.departments.find((d) => d.departmentId === departmentId)?.department ?? null;
      const counted = choice.source === 'none' || v.windows === 0 ? ''
        : `${v.windows} closed ${v.windows === 1 ? choice.grain.replace(/s$/, '') : choice.grain} from ${storeWords(choice)}, ${isoMinute(v.from!)} to ${isoMinute(v.to!)}`;
      const message = choice.source === 'none' ? choice.reason
        : v.windows === 0 ? `no closed window starts between ${isoMinute(from)} and ${isoMinute(to)} in ${storeWords(choice)}`
          : choice.whole ? counted : `${counted}: the stores hold only part of the period`;
      res.json({
        requested: period, departmentId, department,
        source: choice.source, windowsAre: choice.source === 'none' ? null : choice.grain, whole: choice.source !== 'none' && choice.whole, message,
        ...v, volume: { unit: v.volume.unit, bucketMs: v.volume.bucketMs, basis: v.volume.basis }, charts,
        comparison: comparison && { ...comparison.summary, kpis: deltas?.kpis ?? null },
      });
    } catch (error) {
      next(error);
    }
  });
}
