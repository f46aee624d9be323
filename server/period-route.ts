// A free date-and-time period (#16 item 2): GET /api/period?from=&to=&department=&compare=
// answers what the dashboard draws for it (KPIs, departments, top products, hours, volume, and
// the deltas against the same period the previous day or week), from the live view where it
// holds the period, else from the Parquet history (stream/live-period.ts picks; the answer says
// which). Times are ISO 8601, read as UTC unless they name a zone, or epoch milliseconds.
import type express from 'express';
import {
  COMPARE_OFFSET_MS, COMPARE_WORDS, comparisonMessage, isoMinute, periodCharts, periodFigures, periodView, type CompareWith, type PeriodChoice,
} from '../src/index';
import { BadQuery, compareParam, onlyParams, selectionParams } from './params';
import { periodParams, readPeriod, type PeriodSource } from './period-source';

const storeWords = (choice: Exclude<PeriodChoice, { source: 'none' }>): string =>
  `${choice.source === 'live' ? 'the live view' : 'the Parquet history'} (${choice.source})`;

/** The same period the previous day or week, against the current one's figures. */
async function earlier(options: PeriodSource, compare: Exclude<CompareWith, 'none'>, period: { from: number; to: number }, departmentId: number | null) {
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

export function mountPeriodRoute(app: express.Express, options: PeriodSource): void {
  const { view } = options;
  app.get('/api/period', async (req, res, next) => {
    try {
      onlyParams(req, ['from', 'to', 'department', 'compare']);
      const period = periodParams(req);
      const { from, to } = period;
      const { departmentId } = selectionParams(req, view);
      const compare = compareParam(req);
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
