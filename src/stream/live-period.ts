// A free period (from, to) of event time: which store answers for it. The live view's closed
// windows when it still holds them with their products (the last hour), else the Parquet
// history when it covers the period (it keeps every window), else the live view's hour
// blocks, else whatever part either holds, else none, with why in words. Pure: the server
// reads the rows (report/period-view.ts turns them into the dashboard's figures).

/** Where each store's data begins and ends; null when it holds none. */
export interface PeriodReach {
  /** Start of the oldest closed window the live view holds with its products. */
  liveWindowsFrom: number | null;
  /** Start of the oldest hour block (the live view's whole retention). */
  liveBlocksFrom: number | null;
  /** End of the newest closed window the live view holds. */
  liveTo: number | null;
  history: { from: number; to: number } | null;
}

export type PeriodChoice =
  | { source: 'live'; grain: 'windows' | 'hour blocks'; whole: boolean }
  | { source: 'history'; grain: 'windows'; whole: boolean }
  | { source: 'none'; reason: string };

const HOUR_MS = 3_600_000;
export const isoMinute = (t: number): string => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function choosePeriodSource(period: { from: number; to: number }, reach: PeriodReach): PeriodChoice {
  const { from, to } = period;
  const { liveWindowsFrom, liveBlocksFrom, liveTo, history } = reach;
  if (liveWindowsFrom !== null && from >= liveWindowsFrom) return { source: 'live', grain: 'windows', whole: true };
  // Hour blocks count only the hours that start inside the period: exact when it is whole hours.
  const hourly = from % HOUR_MS === 0 && (to % HOUR_MS === 0 || (liveTo !== null && to >= liveTo));
  const newest = Math.max(liveTo ?? Number.NEGATIVE_INFINITY, history?.to ?? Number.NEGATIVE_INFINITY);
  const historyWhole = history !== null && history.from <= from && history.to >= Math.min(to, newest);
  const blocksWhole = liveBlocksFrom !== null && from >= liveBlocksFrom;
  if (historyWhole && !(blocksWhole && hourly)) return { source: 'history', grain: 'windows', whole: true };
  if (blocksWhole) return { source: 'live', grain: 'hour blocks', whole: true };
  if (history !== null && history.from < to && history.to > from) return { source: 'history', grain: 'windows', whole: false };
  if (liveBlocksFrom !== null && liveTo !== null && liveBlocksFrom < to && liveTo > from) return { source: 'live', grain: 'hour blocks', whole: false };
  const live = liveBlocksFrom !== null && liveTo !== null ? `the live view holds ${isoMinute(liveBlocksFrom)} to ${isoMinute(liveTo)}` : 'the live view holds no closed window yet';
  const stored = history ? `the Parquet history covers ${isoMinute(history.from)} to ${isoMinute(history.to)}` : 'there is no Parquet history to read';
  return { source: 'none', reason: `no data between ${isoMinute(from)} and ${isoMinute(to)}: ${live} and ${stored}` };
}
