// The report and schedule commands: a PDF and/or Excel report of a period of the stored
// history, once (report) or on a cron schedule (schedule). Exit codes as for every command:
// 0 done, 1 failed, 2 bad flags. SIGINT and SIGTERM let a scheduled run finish, then exit 0.
import { fileURLToPath } from 'node:url';
import {
  openStore, systemClock, type Clock, type Config, describeError, isWorkbenchError, WorkbenchError, type Log, formatTime, reportFromStore, writeReportFiles, createReportSchedule, scheduledBaseName, newestWindowEnd, departmentChoices, describePeriodBasis, resolvePeriod, scopeProblem, type Store,
} from '../src/index';

/** The repository root: the report templates and the chart libraries are found from here. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_OUT = { report: 'reports/out', schedule: 'reports/scheduled' } as const;

async function writeOnce(config: Config, store: Store, log: Log, at: number, outDir: string, baseName?: string): Promise<string[]> {
  const { report } = config;
  const newest = report.to.kind === 'newest' ? await newestWindowEnd(store) : null;
  const period = resolvePeriod(report, at, newest);
  if (period.from >= period.to) {
    throw new WorkbenchError('BAD_FLAG', `the period is empty: --from ${formatTime(period.from)} is not before --to ${formatTime(period.to)}`, { where: '--from' });
  }
  const periodBasis = describePeriodBasis(report, newest);
  const model = await reportFromStore(store, {
    ...period, department: report.department ?? null, aisle: report.aisle ?? null, product: report.product ?? null, periodBasis, generatedAt: at,
  });
  if (model.department && model.department.id === null) {
    const choices = departmentChoices({ products: [], hours: [], departments: [] }).map((d) => `${d.id} ${d.name}`).join(', ');
    throw new WorkbenchError('BAD_FLAG', `--department "${model.department.name}" is not a department; give one of these names or ids: ${choices}`, { where: '--department' });
  }
  const problem = scopeProblem(model, model.department);
  if (problem) throw new WorkbenchError('BAD_FLAG', `--${problem.filter}: ${problem.message}`, { where: `--${problem.filter}` });
  log.info(`report period ${formatTime(period.from)} – ${formatTime(period.to)}: ${periodBasis}`);
  if (model.coverage.windows === 0) {
    log.warn(`no closed windows between ${formatTime(period.from)} and ${formatTime(period.to)} in ${store.kind} store ${store.location}; ` +
      'the report says so. Run the pipeline first (npm start) or widen --from/--to.');
  }
  return writeReportFiles(model, {
    formats: report.formats, outDir, ...(baseName ? { baseName } : {}), projectRoot: PROJECT_ROOT, chromiumPath: report.chromiumPath, log,
  });
}

function failed(error: unknown, log: Log): number {
  log.error(describeError(error));
  return isWorkbenchError(error) && error.code === 'BAD_FLAG' ? 2 : 1;
}

export async function runReportCommand(command: 'report' | 'schedule', config: Config, log: Log, clock: Clock = systemClock): Promise<number> {
  const outDir = config.report.outDir ?? DEFAULT_OUT[command];
  let store: Store;
  try {
    store = await openStore(config, { log, clock });
  } catch (error) {
    return failed(error, log);
  }
  if (command === 'report') {
    try {
      const files = await writeOnce(config, store, log, clock.now(), outDir);
      log.info(`report written: ${files.join(', ')}`);
      return 0;
    } catch (error) {
      return failed(error, log);
    }
  }

  const schedule = createReportSchedule({
    cron: config.report.cron, outDir, keep: config.report.keep, log,
    run: (at) => writeOnce(config, store, log, at, outDir, scheduledBaseName(at)),
  });
  log.info(`schedule "${config.report.cron}" (UTC): ${config.report.formats.join(' and ')} into ${outDir}, keeping the last ${config.report.keep} runs; ` +
    `next run ${schedule.nextRun()?.toISOString() ?? 'never'}`);
  await new Promise<void>((resolve) => {
    const timer = config.durationMs ? setTimeout(resolve, config.durationMs) : undefined;
    const onSignal = (signal: string) => () => {
      log.info(`${signal} received: finishing a run in progress and stopping`);
      if (timer) clearTimeout(timer);
      resolve();
    };
    process.once('SIGINT', onSignal('SIGINT'));
    process.once('SIGTERM', onSignal('SIGTERM'));
  });
  await schedule.stop();
  const { runs, failures, skipped } = schedule.stats;
  log.info(`schedule stopped: ${runs} runs written, ${failures} failed, ${skipped} skipped`);
  return 0;
}
