// The purchase-trends command line: run | produce | stream | serve. Exit codes: 0 done,
// 1 failed, 2 bad flags. SIGINT and SIGTERM flush everything and exit 0.
import { createApp, startServer, type RunningServer } from '../../server/app';
import { createHealthMonitor, pipelineHealthChecks } from '../../server/health';
import { systemClock } from '../clock';
import type { Config } from '../config/config';
import type { Command } from '../config/settings-table';
import { describeError, isWorkbenchError } from '../errors';
import { createLog, type Log } from '../log';
import { startParts, stopParts, type Parts } from '../pipeline/runtime';
import { COMMANDS, parseCommandLine } from './args';
import { runCompactCommand, startCompactionIfAsked } from './compact-command';
import { runReportCommand } from './report-command';
import { runVerifyCommand } from './verify-command';

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
  return runCommand(name, config, log);
}

async function runCommand(command: Command, config: Config, log: Log): Promise<number> {
  let fatal: unknown;
  let wake: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => (wake = resolve));
  const deps = { log, clock: systemClock, onFatal: (error: unknown) => {
    fatal ??= error;
    wake();
  } };
  const onSignal = (signal: string) => () => {
    log.info(`${signal} received: flushing and stopping (press Ctrl-C again to exit at once)`);
    process.once('SIGINT', () => process.exit(130));
    wake();
  };
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
  const timer = config.durationMs ? setTimeout(wake, config.durationMs) : undefined;

  let parts: Parts | undefined;
  let server: RunningServer | undefined;
  let compaction: ReturnType<typeof startCompactionIfAsked>;
  try {
    parts = await startParts(config, ROLES[command], deps);
    log.info(`${command}: transport ${parts.transport.kind} (${parts.transport.address}), topic ${config.transport.topic}` +
      (parts.store ? `, store ${parts.store.kind} (${parts.store.location})` : ''));
    compaction = startCompactionIfAsked(config, parts, deps);
    if (parts.stage2 && (command === 'run' || command === 'serve')) {
      const { stage2 } = parts;
      // Probed once before serving, so the first page and /healthz already know.
      const health = createHealthMonitor({ checks: pipelineHealthChecks(parts, config.transport.topic) });
      await health.checkNow();
      const app = createApp({
        view: stage2.stage2.view, onUpdate: stage2.onUpdate,
        info: { transport: `${parts.transport.kind} ${parts.transport.address}`, store: parts.store ? `${parts.store.kind} ${parts.store.location}` : 'none' },
        health, acknowledgeAlert: (id, at) => stage2.stage2.alerts.acknowledge(id, at),
        ...(parts.producer ? { sourceSkipped: parts.producer.skipped.snapshot } : {}),
      });
      server = await startServer(app, config.server.host, config.server.port);
      log.info(`dashboard and API at ${server.url} (try ${server.url}/api/summary)`);
    }
    // produce ends when its source does; the others run until stopped.
    if (command === 'produce' && parts.producer) await Promise.race([parts.producer.done.catch(() => undefined), stopRequested]);
    else await stopRequested;
  } catch (error) {
    fatal ??= error;
  } finally {
    if (timer) clearTimeout(timer);
    await compaction?.stop();
    if (parts) {
      try {
        await stopParts(parts, deps);
      } catch (error) {
        fatal ??= error;
      }
      report(command, parts, log);
    }
    await server?.close();
  }
  if (fatal) {
    log.error(describeError(fatal));
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
    pieces.push(`consumed ${s.consumed} (late ${s.late}, rejected ${s.rejected}), ${s.rawFiles} raw files`);
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
