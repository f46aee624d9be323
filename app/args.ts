// Turns a command's flags and the environment into a strict Config. Env vars apply first,
// flags win. Anything wrong is a BAD_FLAG error naming the flag or variable and the value.
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG, type Config, exposureProblem, SETTINGS, type Command, WorkbenchError } from '../src/index';

export const COMMANDS: Record<Command, string> = {
  run: 'producer, stream and dashboard in one process (the embedded default)',
  produce: 'send checkout events to the transactions topic',
  stream: 'aggregate the transactions topic and write Parquet history (stage 1 and stage 2)',
  serve: 'the dashboard and JSON API, fed by the partials topic',
  report: 'write a PDF and/or Excel report of a period of the stored history',
  schedule: 'write reports on a cron schedule, keeping the newest N',
  compact: 'merge the small Parquet files of each closed hour into one file (or a few of ~128 MB)',
  verify: 'check that the aggregates equal raw, window by window; exit 1 naming every mismatch',
  query: 'run one SQL SELECT over the Parquet history: purchase-trends query "<SQL>" (views raw, by_product, by_department, by_hour, by_department_hour, by_pair, alerts)',
};

export type Parsed = { help: true; text: string } | { help: false; config: Config };

const clone = (config: Config): Config => structuredClone(config);

export function settingsFor(command: Command) {
  return SETTINGS.filter((s) => s.commands.includes(command));
}

export function helpText(command: Command): string {
  const rows = settingsFor(command).map((s) => {
    const left = `  --${s.flag}${s.value ? ` ${s.value}` : ''}`;
    const env = s.env ? ` [env ${s.env}]` : '';
    return `${left.padEnd(40)} ${s.help}${env}`;
  });
  return [`Usage: purchase-trends ${command} [options]`, '', COMMANDS[command], '', 'Options:', ...rows, `${'  --help'.padEnd(40)} show this help`].join('\n');
}

/** The query command's one argument: the SQL, or "-" to read it from standard input. */
function querySql(positionals: string[]): string {
  if (positionals.length === 1 && positionals[0]!.trim() !== '') return positionals[0]!;
  throw new WorkbenchError('BAD_FLAG', positionals.length === 0
    ? 'query needs the SQL as its one argument, e.g. purchase-trends query "SELECT department, sum(line_revenue) FROM raw GROUP BY 1" (or "-" to read it from standard input)'
    : `query takes the SQL as one argument, got ${positionals.length}: quote the whole statement`);
}

export function parseCommandLine(command: Command, argv: string[], env: Record<string, string | undefined>): Parsed {
  const settings = settingsFor(command);
  const options = Object.fromEntries([
    ...settings.map((s) => [s.flag, { type: s.boolean ? 'boolean' : 'string', multiple: s.multiple ?? false }] as const),
    ['help', { type: 'boolean', short: 'h' }] as const,
  ]);
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: command === 'query' }));
  } catch (error) {
    throw new WorkbenchError('BAD_FLAG', `${(error as Error).message.replace(/\. To specify.*$/s, '')} (purchase-trends ${command} --help lists the options)`);
  }
  if (values.help) return { help: true, text: helpText(command) };

  const config = clone(DEFAULT_CONFIG);
  // Naming brokers (variable or flag) means Kafka, unless --transport says otherwise.
  if (env.KAFKA_BOOTSTRAP_SERVERS || values.brokers !== undefined) config.transport.kind = 'kafka';
  if (env.HDFS_NAMENODE || env.HDFS_DATA_PATH) config.store.kind = 'hdfs';
  for (const s of settings) {
    // A flag wins over its env var: the variable is then not read at all.
    const fromEnv = s.env && values[s.flag] === undefined ? env[s.env] : undefined;
    if (fromEnv === undefined || fromEnv === '') continue;
    const problem = s.apply(config, fromEnv);
    if (problem) throw new WorkbenchError('BAD_FLAG', `environment variable ${s.env}: ${problem}`, { where: s.env });
  }
  for (const s of settings) {
    const raw = values[s.flag];
    if (raw === undefined || raw === false) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    for (const v of list) {
      const problem = s.apply(config, typeof v === 'string' ? v : '');
      if (problem) throw new WorkbenchError('BAD_FLAG', `--${s.flag}: ${problem}`, { where: `--${s.flag}` });
    }
  }
  if (command === 'query') config.query = { ...config.query, sql: querySql(positionals) };
  if (config.source.mode === 'instacart' && !config.source.dataPath && (command === 'run' || command === 'produce')) {
    throw new WorkbenchError('BAD_FLAG', '--mode instacart needs --data-path <dir> (or DATA_PATH) pointing at the Instacart CSVs');
  }
  const exposure = command === 'run' || command === 'serve' ? exposureProblem(config.server) : undefined;
  if (exposure) throw new WorkbenchError('BAD_FLAG', exposure);
  if (command === 'produce' && config.transport.kind === 'memory') {
    throw new WorkbenchError('BAD_FLAG', 'produce on the in-process transport sends orders nowhere: the in-process log lives and dies with this process, '
      + 'and nothing in another process can consume it. Use --transport kafka (or set KAFKA_BOOTSTRAP_SERVERS), or run "purchase-trends run" to produce and aggregate in one process');
  }
  if (config.workers !== undefined && config.workers > 1 && config.transport.kind === 'memory') {
    throw new WorkbenchError('BAD_FLAG', `--workers ${config.workers} needs --transport kafka: the in-process log lives in this one process, so only one stage-1 worker can read it. `
      + 'Drop --workers (it is 1 in-process), or use Kafka (--transport kafka, or set KAFKA_BOOTSTRAP_SERVERS)', { where: '--workers' });
  }
  return { help: false, config };
}
