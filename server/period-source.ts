// A free period of event time: its bounds from the query (?from=&to=), and which store holds
// it, read as report rows: the live view where it holds the period, else the Parquet history
// (stream/live-period.ts picks). Shared by /api/period and the report exports.
import type express from 'express';
import { choosePeriodSource, isoMinute, readReportRows, rowsFromWindows, WINDOW_DETAIL_MS, type LiveView, type Store } from '../src/index';
import type { HistoryReach } from './history-reach';
import { BadQuery } from './params';

export interface PeriodSource {
  view: LiveView;
  /** The Parquet history, for periods the live view no longer holds. */
  history?: Store;
  historyReach: HistoryReach;
}

function timeParam(req: express.Request, name: string): number {
  const raw = req.query[name];
  if (raw === undefined || raw === '') throw new BadQuery(`query parameter "${name}" is required by ${req.path}: a date and time such as 2026-11-30T09:00 (UTC) or epoch milliseconds`);
  if (typeof raw !== 'string') throw new BadQuery(`query parameter "${name}" must be given once, got ${JSON.stringify(raw)}`);
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(raw);
  const t = /^\d+$/.test(raw) ? Number(raw) : /^\d{4}-\d\d-\d\d/.test(raw) ? Date.parse(zoned || raw.length <= 10 ? raw : `${raw}Z`) : Number.NaN;
  if (!Number.isFinite(t)) throw new BadQuery(`query parameter "${name}" must be a date and time (ISO 8601, UTC unless it names a zone, e.g. 2026-11-30T09:00) or epoch milliseconds, got ${JSON.stringify(raw)}`);
  return t;
}

/** Which store answers for a period, and its rows (null: none holds any of it). */
export async function readPeriod(options: PeriodSource, period: { from: number; to: number }) {
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

/** from and to, both required; times are ISO 8601 (UTC unless they name a zone) or epoch ms. */
export function periodParams(req: express.Request): { from: number; to: number } {
  const from = timeParam(req, 'from');
  const to = timeParam(req, 'to');
  if (from >= to) throw new BadQuery(`query parameter "from" (${isoMinute(from)}) must be before "to" (${isoMinute(to)})`);
  return { from, to };
}
