// The purchase-trends command line: run | produce | stream | serve. Exit codes: 0 done,
// 1 failed (or a flush did not finish in time), 2 bad flags. SIGINT and SIGTERM flush
// everything and exit 0; a second signal exits at once (130, 143). See stop-control.ts.
import { fileURLToPath } from 'node:url';
import { bindServer, createApp, type BoundServer } from '../server/app';
import { createHealthMonitor, pipelineHealthChecks } from '../server/health';
import {
  systemClock, type Config, type Command, describeError, isWorkbenchError, createLog, type Log, createPipelineMetrics, forkStage1Worker, partsMetricsSources, startParts, stopParts, waitUntilConsumed, type Parts, currentHost, planRun, type AutoCompaction, startCompactionIfAsked,
} from '../src/index';
import { COMMANDS, parseCommandLine } from './args';
import { runCompactCommand } from './compact-command';
import { runReportCommand } from './report-command';
import { createStopControl, type StopControl } from './stop-control';
import { openQueryApi, runQueryCommand } from './query-command';
import { runVerifyCommand } from './verify-command';

/** The stage-1 worker processes' program (`--workers N`): resolved here, where import.meta is at home. */
const STAGE1_WORKER_ENTRY = fileURLToPath(new URL('../bin/stage1-worker.js', import.meta.url));
const COMPACTION_THREAD_ENTRY = fileURLToPath(new URL('../bin/compaction-thread.js', import.meta.url));
const RAW_ENCODER_THREAD_ENTRY = fileURLToPath(new URL('../bin/raw-encoder-thread.js', import.meta.url));

const ROLES: Record<Command, Parameters<typeof startParts>[1]> = {
  run: { produce: true, stage1: true, stage2: 'writer' },
  produce: { produce: true, stage1: false, stage2: 'none' },
  stream: { produce: false, stage1: true, stage2: 'writer' },
  serve: { produce: false, stage1: false, stage2: 'replica' },
  // report and schedule read the stored history and start no pipeline part (report-command.ts).
  report: { produce: false, stage1: false, stage2: 'none' },
  schedule: { produce: false, stage1: false, stage2: 'none' },
  compact: { produce: false, stage1: false, stage2: 'none' }, // compact-command.ts
  verify: { produce: false, stage1: false, stage2: 'none' }, // verify-command.ts
  query: { produce: false, stage1: false, stage2: 'none' }, // query-command.ts
};

export const usage = (): string =>
  ['Usage: purchase-trends <command> [options]', '', 'Commands:',
    ...Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(10)} ${text}`),
    '', 'Run purchase-trends <command> --help for the options of a command.'].join('\n');

const isCommand = (name: string | undefined): name is Command => name !== undefined && name in COMMANDS;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (!isCommand(name)) {
    process.stderr.write(`purchase-trends: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  let config: Config;
  try {
    const parsed = parseCommandLine(name, rest, env);
    if (parsed.help) {
      process.stdout.write(`${parsed.text}\n`);
      return 0;
    }
    config = parsed.config;
  } catch (error) {
    process.stderr.write(`purchase-trends ${name}: ${describeError(error)}\n`);
    return 2;
  }
  const log = createLog({ level: config.logLevel });
  if (name === 'report' || name === 'schedule') return runReportCommand(name, config, log);
  if (name === 'compact') return runCompactCommand(config, log);
  if (name === 'verify') return runVerifyCommand(config, log);
  if (name === 'query') return runQueryCommand(config, log);
  return runCommand(name, config, log);
}

/** Resolves when a finite source has ended and (for run) everything it sent is consumed. */
async function sourceEnded(command: Command, parts: Parts, control: StopControl, log: Log, keepServing: boolean, compaction?: AutoCompaction): Promise<void> {
  const { producer } = parts;
  if (!producer) return new Promise(() => undefined);
  const sent = await producer.done.catch(() => undefined);
  if (sent === undefined || control.reason) return; // a failure is reported by onFatal
  if (command === 'run') {
    log.info(`the source has ended after ${sent} orders: waiting until stage 1 and stage 2 have consumed them`);
    if (!(await waitUntilConsumed(parts, systemClock, () => control.reason !== undefined))) return;
    if (keepServing) {
      log.info(`the source has ended: all ${sent} orders consumed; still serving the dashboard (--keep-serving) until Ctrl-C or --duration`);
      return new Promise(() => undefined);
    }
    if (compaction && parts.stage2) {
      // The hours the windows written so far have closed are merged before the stop, not at the next start.
      await parts.stage2.flush();
      await compaction.settle();
    }
    log.info(`the source has ended: all ${sent} orders consumed; writing the last windows and stopping`);
  }
  control.request('source ended');
}

async function runCommand(command: Command, config: Config, log: Log): Promise<number> {
  const control = createStopControl({ log, durationMs: config.durationMs, stopTimeoutMs: config.stopTimeoutMs });
  const deps = { log, clock: systemClock, onFatal: control.fail, onStep: control.step };
  const spawnStage1Worker = () => forkStage1Worker(STAGE1_WORKER_ENTRY);
  let parts: Parts | undefined;
  let server: BoundServer | undefined;
  let compaction: ReturnType<typeof startCompactionIfAsked>;
  let queryApi: Awaited<ReturnType<typeof openQueryApi>> | undefined;
  try {
    // The port first: a run that cannot serve fails before anything is written.
    if (command === 'run' || command === 'serve') {
      control.step(`binding ${config.server.host}:${config.server.port}`);
      server = await bindServer(config.server.host, config.server.port);
    }
    const metrics = server ? createPipelineMetrics() : undefined;
    const plan = planRun(config, currentHost());
    parts = await startParts(plan, ROLES[command], { ...deps, spawnStage1Worker, rawEncoderThread: RAW_ENCODER_THREAD_ENTRY, ...(metrics ? { metrics } : {}) });
    metrics?.watch(partsMetricsSources(parts, config.transport.topic));
    log.info(`${command}: transport ${parts.transport.kind} (${parts.transport.address}), topic ${config.transport.topic}` +
      (ROLES[command].produce ? ` (${plan.messageFormat} messages)` : '') + (parts.store ? `, store ${parts.store.kind} (${parts.store.location})` : ''));
    compaction = startCompactionIfAsked(config, parts, { ...deps, compactionThread: COMPACTION_THREAD_ENTRY });
    if (server && parts.stage2) {
      const { stage2 } = parts;
      // Probed once before serving, so the first page and /healthz already know.
      const health = createHealthMonitor({ checks: pipelineHealthChecks(parts, config.transport.topic) });
      await health.checkNow();
      if (config.query.apiEnabled) queryApi = await openQueryApi(config, parts.store, log);
      server.serve(createApp({
        view: stage2.stage2.view, onUpdate: stage2.onUpdate,
        info: { transport: `${parts.transport.kind} ${parts.transport.address}`, store: parts.store ? `${parts.store.kind} ${parts.store.location}` : 'none' },
        health, acknowledgeAlert: (id, at) => stage2.stage2.alerts.acknowledge(id, at),
        ...(config.server.token !== undefined ? { token: config.server.token } : {}),
        ...(parts.producer ? { sourceSkipped: parts.producer.skipped.snapshot } : {}),
        ...(queryApi ? { query: queryApi.options } : {}),
        ...(metrics ? { metrics } : {}),
        ...(parts.store ? { history: parts.store } : {}), retentionMs: config.stream.retentionMs,
      }));
      log.info(`dashboard and API at ${server.url} (try ${server.url}/api/summary)`);
      if (config.server.token !== undefined) log.info(`every route needs the access token: open ${server.url}/?token=<token>, or send "Authorization: Bearer <token>"`);
    }
    control.step('running');
    // produce and a run on a finite source end with their source; the others run until stopped.
    await Promise.race([control.requested, sourceEnded(command, parts, control, log, config.server.keepServing, compaction)]);
  } catch (error) {
    control.fail(error);
  } finally {
    await compaction?.stop();
    if (parts) {
      try {
        await stopParts(parts, deps);
      } catch (error) {
        control.fail(error);
      }
      report(command, parts, log);
    }
    await server?.close();
    await queryApi?.close();
    control.dispose();
  }
  const fatal = control.error;
  if (fatal) {
    log.error(`${command} failed: ${describeError(fatal)}`);
    if (!isWorkbenchError(fatal) && config.logLevel === 'debug') log.debug((fatal as Error).stack ?? '');
    return 1;
  }
  return 0;
}

function report(command: Command, parts: Parts, log: Log): void {
  const pieces: string[] = [];
  if (parts.producer) pieces.push(`sent ${parts.producer.run.sent} orders` + (parts.producer.skipped.describe() ? ` (source: ${parts.producer.skipped.describe()})` : ''));
  if (parts.worker) {
    const s = parts.worker.stats;
    pieces.push(`consumed ${s.consumed} (late ${s.late}, rejected ${s.rejected}${s.unread > 0 ? `, ${s.unread} deleted by retention before they were read` : ''}), ${s.rawFiles} raw files`);
  }
  if (parts.stage2) {
    const summary = parts.stage2.stage2.view.summary();
    pieces.push(`${summary.orders} orders, ${summary.lines} lines, revenue ${summary.revenue.toFixed(2)} aggregated` +
      ` (${summary.late.orders} of the orders late, added as corrections)`);
    const { windowsWritten, correctionFiles } = parts.stage2.stats;
    pieces.push(`${windowsWritten} windows written${correctionFiles ? `, ${correctionFiles} correction files` : ''}`);
  }
  log.info(`${command} stopped: ${pieces.join('; ')}`);
}
