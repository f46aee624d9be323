// Rows a source skipped, counted by reason. A public sample can skip thousands of rows (lines
// of orders the sample left out): the first few of each reason are logged with their file and
// line, and the rest only counted, for the run's summary and /api/summary.
import type { Log } from '../core/index';
import type { RejectedRecord, SkipReason } from './types';

export interface SkippedRows {
  total: number;
  /** Count per reason, largest first. */
  byReason: Partial<Record<SkipReason, number>>;
}

export interface SkipTally {
  record(rejected: RejectedRecord): void;
  snapshot(): SkippedRows;
  /** "2169 rows skipped: 2169 order not in orders.csv", or undefined when none was. */
  describe(): string | undefined;
}

export function createSkipTally(options: { log: Pick<Log, 'warn'>; examplesPerReason?: number }): SkipTally {
  const { log, examplesPerReason = 3 } = options;
  const counts = new Map<SkipReason, number>();
  let total = 0;
  const sorted = (): Array<[SkipReason, number]> => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    record(rejected) {
      const reason = rejected.kind ?? 'malformed row';
      const seen = (counts.get(reason) ?? 0) + 1;
      counts.set(reason, seen);
      total++;
      if (seen <= examplesPerReason) {
        const more = seen === examplesPerReason ? ` (further rows skipped for "${reason}" are only counted)` : '';
        log.warn(`skipping bad row ${rejected.where}: ${rejected.reason}${more}`);
      }
    },
    snapshot: () => ({ total, byReason: Object.fromEntries(sorted()) }),
    describe: () => (total === 0 ? undefined : `${total} rows skipped: ${sorted().map(([reason, n]) => `${n} ${reason}`).join(', ')}`),
  };
}
