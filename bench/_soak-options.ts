// Flags of the soak benchmark, checked once: --name value pairs, each a positive number.
import { CHECKOUT_FORMATS, DEFAULT_CONFIG, WorkbenchError, type CheckoutFormat } from '../src/index';

export interface SoakOptions {
  /** Event time the run covers. */
  hours: number;
  /** Orders per second of event time: the most the stream carries (see _soak-pace.ts). */
  rate: number;
  /** Wall-clock budget; the stream slows down to fit its hours in it. */
  maxWallMinutes: number;
  sampleSeconds: number;
  /** Stage 1 and stage 2 make their output durable this often (wall clock; the run's --flush-interval). */
  flushSeconds: number;
  /** Also serve the dashboard, with a client polling the 24h and 5m ranges. */
  serve: boolean;
  seasonality: boolean;
  keepData: boolean;
  /** Leave out the run job's auto-compaction (--compact-every, default 10m, and as each hour closes). */
  noCompaction: boolean;
  /**
   * The run job's --compact-every, in minutes of wall clock. An event hour of the soak passes in
   * ~10 wall minutes at 500 orders/s, so with the default 10 a raw hour may be merged only after
   * the stream has ended; 5 merges each while the next streams, as in a run at the real rate.
   */
  compactEveryMinutes: number;
  /** Merge in the stream's own thread, as before session 19, instead of a worker thread a pass (as the run job does). */
  compactInProcess: boolean;
  /** Raw files encoded in a thread of their own (run --encode-raw-in thread), not in the stream's thread. */
  encodeRawInThread: boolean;
  /** A progress line on stderr this often (wall clock). */
  progressMinutes: number;
  /** The run's --message-format; unset: the run's default on the in-process log (Avro). */
  messageFormat: CheckoutFormat | undefined;
}

const NUMBERS: Record<string, keyof SoakOptions> = {
  'hours-of-event-time': 'hours', rate: 'rate', 'max-wall-minutes': 'maxWallMinutes', 'sample-seconds': 'sampleSeconds', 'flush-seconds': 'flushSeconds',
  'compact-every-minutes': 'compactEveryMinutes', 'progress-minutes': 'progressMinutes',
};
const SWITCHES: Record<string, keyof SoakOptions> = { serve: 'serve', seasonality: 'seasonality', 'keep-data': 'keepData', 'no-compaction': 'noCompaction', 'compact-in-process': 'compactInProcess', 'encode-raw-in-thread': 'encodeRawInThread' };

export const SOAK_USAGE = 'npm run bench -- soak [--hours-of-event-time 24] [--rate 500] [--max-wall-minutes 50] [--sample-seconds 5] [--flush-seconds 30] [--serve] [--seasonality] [--keep-data] [--no-compaction] [--compact-every-minutes 10] [--compact-in-process] [--encode-raw-in-thread] [--progress-minutes 5] [--message-format json|avro]';

export function parseSoakOptions(args: readonly string[]): SoakOptions {
  const options: SoakOptions = { hours: 24, rate: 500, maxWallMinutes: 50, sampleSeconds: 5, flushSeconds: DEFAULT_CONFIG.flushIntervalMs / 1000, serve: false, seasonality: false, keepData: false, noCompaction: false,
    compactInProcess: false, encodeRawInThread: false, compactEveryMinutes: (DEFAULT_CONFIG.compaction.everyMs ?? 600_000) / 60_000, progressMinutes: 5, messageFormat: undefined };
  const values = options as unknown as Record<string, number | boolean>;
  for (let i = 0; i < args.length; i++) {
    const name = (args[i] ?? '').replace(/^--/, '');
    const [flag, inline] = name.split('=', 2) as [string, string | undefined];
    if (flag === 'message-format') {
      const raw = inline ?? args[++i];
      const format = CHECKOUT_FORMATS.find((f) => f === raw);
      if (!format) throw new WorkbenchError('BAD_FLAG', `--message-format needs one of ${CHECKOUT_FORMATS.join(', ')}, got "${raw ?? ''}"; usage: ${SOAK_USAGE}`);
      options.messageFormat = format;
      continue;
    }
    if (flag in SWITCHES) {
      values[SWITCHES[flag] as string] = true;
      continue;
    }
    const key = NUMBERS[flag];
    if (!key || !(args[i] ?? '').startsWith('--')) throw new WorkbenchError('BAD_FLAG', `unknown soak option "${args[i]}"; usage: ${SOAK_USAGE}`);
    const raw = inline ?? args[++i];
    const n = Number(raw);
    if (raw === undefined || !Number.isFinite(n) || n <= 0) throw new WorkbenchError('BAD_FLAG', `--${flag} needs a positive number, got "${raw ?? ''}"; usage: ${SOAK_USAGE}`);
    values[key] = n;
  }
  return options;
}
