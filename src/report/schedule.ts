// Scheduled reports: croner (a maintained cron library; five fields, or six with seconds)
// fires each run in UTC, the run writes timestamped files, and only the newest N runs are
// kept. A failing run is logged and the schedule goes on; a run still busy when the next
// one is due makes that one skip rather than pile up.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Cron } from 'croner';
import { describeError, type Log } from '../core/index';
import { fileStamp } from './format';

export const SCHEDULED_PREFIX = 'purchase-trends-';
const SCHEDULED_FILE = /^purchase-trends-(\d{8}T\d{6}Z)\.(pdf|xlsx)$/;

/** The file name stem of a scheduled run: purchase-trends-20261124T060000Z. */
export const scheduledBaseName = (at: number): string => `${SCHEDULED_PREFIX}${fileStamp(at, true)}`;

/** A message naming what is wrong with a cron expression, or undefined when croner accepts it. */
export function checkCron(expression: string): string | undefined {
  try {
    const probe = new Cron(expression, { timezone: 'UTC', paused: true });
    const next = probe.nextRun();
    probe.stop();
    return next ? undefined : `cron expression "${expression}" never fires`;
  } catch (error) {
    return `cron expression "${expression}" is not valid: ${describeError(error)} (five fields "m h dom mon dow", or six with seconds first)`;
  }
}

/** Deletes scheduled report files of all but the newest `keep` runs; returns what it deleted. */
export async function pruneScheduledReports(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => SCHEDULED_FILE.test(n));
  const stamps = [...new Set(names.map((n) => SCHEDULED_FILE.exec(n)![1]!))].sort().reverse();
  const old = new Set(stamps.slice(keep));
  const doomed = names.filter((n) => old.has(SCHEDULED_FILE.exec(n)![1]!));
  await Promise.all(doomed.map((n) => rm(join(dir, n), { force: true })));
  return doomed.map((n) => join(dir, n));
}

export interface ReportScheduleOptions {
  cron: string;
  /** Writes the reports of one run, given its scheduled time; returns the files written. */
  run: (at: number) => Promise<string[]>;
  outDir: string;
  keep: number;
  log: Log;
}

export interface ReportSchedule {
  nextRun(): Date | null;
  /** Stops firing and waits for a run in progress to finish. */
  stop(): Promise<void>;
  readonly stats: { runs: number; failures: number; skipped: number };
}

export function createReportSchedule(options: ReportScheduleOptions): ReportSchedule {
  const { cron, run, outDir, keep, log } = options;
  const stats = { runs: 0, failures: 0, skipped: 0 };
  let busy: Promise<void> = Promise.resolve();

  const fire = async (self: Cron): Promise<void> => {
    const at = (self.currentRun() ?? new Date()).getTime();
    const started = Date.now();
    try {
      const written = await run(at);
      const pruned = await pruneScheduledReports(outDir, keep);
      stats.runs++;
      log.info(`scheduled report ${fileStamp(at, true)}: wrote ${written.join(', ')} in ${Date.now() - started} ms` +
        (pruned.length ? `; removed ${pruned.length} older files (keeping ${keep} runs)` : ''));
    } catch (error) {
      stats.failures++;
      log.error(`scheduled report ${fileStamp(at, true)} failed: ${describeError(error)}; the schedule goes on`);
    }
  };

  const job = new Cron(cron, {
    timezone: 'UTC',
    protect: () => {
      stats.skipped++;
      log.warn('a scheduled report is still being written; skipping this run');
    },
  }, (self: Cron) => {
    busy = fire(self);
    return busy;
  });

  return {
    stats,
    nextRun: () => job.nextRun(),
    async stop() {
      job.stop();
      await busy;
    },
  };
}
