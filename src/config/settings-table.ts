// Every setting a user can give, in one table: its flag, its env var (the original design's
// names), which commands take it, its help, and how it lands in the Config. Flags win over env.
import { CHECKOUT_FORMATS, checkWindowSpec } from '../domain/index';
import type { Config } from './config';
import { parseScenario, SCENARIO_SYNTAX } from './scenario-spec';
import { parseDuration } from '../core/index';
import { DEPARTMENT_OVERRIDE_SYNTAX, parseChange, parseDepartmentOverride, parseMinSupport } from './alert-spec';
import { parseSensitivity } from '../domain/trend/index';
import { parseFormats, parseTimeSpec, TIME_SYNTAX, checkCron } from '../report/index';
import { REPLAY_SETTINGS } from './replay-settings';

export type Command = 'run' | 'produce' | 'stream' | 'serve' | 'report' | 'schedule' | 'compact' | 'verify' | 'query';

export interface Setting {
  flag: string;
  env?: string;
  multiple?: boolean;
  boolean?: boolean;
  commands: readonly Command[];
  value: string;
  help: string;
  /** Applies a value; returns a message naming what is wrong, or undefined. */
  apply(config: Config, value: string): string | undefined;
}

const DAY_MS = 86_400_000;
const ALL: Command[] = ['run', 'produce', 'stream', 'serve'];
const PRODUCING: Command[] = ['run', 'produce'];
const STREAMING: Command[] = ['run', 'stream'];
const SERVING: Command[] = ['run', 'serve'];
const REPORTING: Command[] = ['report', 'schedule'];
/** Commands that read the store: the pipeline's and the reports'. */
const STORE_READERS: Command[] = [...ALL, ...REPORTING, 'compact', 'verify', 'query'];
const COMPACTING: Command[] = ['compact', 'run', 'stream'];

const oneOf = <T extends string>(choices: readonly T[], set: (v: T) => void) => (value: string): string | undefined => {
  const choice = choices.find((c) => c === value);
  if (!choice) return `expected one of ${choices.join(', ')}, got "${value}"`;
  set(choice);
  return undefined;
};
const positive = (set: (v: number) => void, integer = false) => (value: string): string | undefined => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) return `expected a positive ${integer ? 'whole ' : ''}number, got "${value}"`;
  set(n);
  return undefined;
};
const duration = (set: (ms: number) => void) => (value: string): string | undefined => {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) return `expected a duration like 30s, 5m or 250ms, got "${value}"`;
  set(ms);
  return undefined;
};
const text = (set: (v: string) => void) => (value: string): string | undefined => {
  if (value.trim() === '') return 'expected a value, got an empty string';
  set(value);
  return undefined;
};

export const SETTINGS: Setting[] = [
  { flag: 'duration', commands: [...ALL, 'schedule'], value: '<time>', help: 'stop cleanly after this long (e.g. 20, 30s, 5m); default: until Ctrl-C',
    apply: (c, v) => duration((ms) => (c.durationMs = ms))(v) },
  { flag: 'stop-timeout', commands: ALL, value: '<time>', help: 'longest a stop (the last flush) may take before the process exits 1 anyway (default 15s)',
    apply: (c, v) => duration((ms) => (c.stopTimeoutMs = ms))(v) },
  { flag: 'mode', env: 'PRODUCER_DATA_MODE', commands: PRODUCING, value: 'synthetic|instacart', help: 'where checkout events come from (default synthetic)',
    apply: (c, v) => oneOf(['synthetic', 'instacart'] as const, (m) => (c.source.mode = m))(v) },
  { flag: 'data-path', env: 'DATA_PATH', commands: PRODUCING, value: '<dir>', help: 'folder with the Instacart CSVs (orders.csv, order_products__prior.csv, products.csv, aisles.csv, departments.csv)',
    apply: (c, v) => text((p) => (c.source.dataPath = p))(v) },
  { flag: 'rate', env: 'PRODUCER_RATE', commands: PRODUCING, value: '<orders/s>', help: 'synthetic: mean orders per second of wall clock over a week (default 200; demand follows the hour and weekday, the startup line prints the peak); replay: a cap on orders per second',
    apply: (c, v) => positive((n) => (c.source.rate = n))(v) },
  { flag: 'seed', commands: PRODUCING, value: '<n>', help: 'seed of the synthetic stream; the same seed gives the same events (default 42)',
    apply: (c, v) => (Number.isInteger(Number(v)) ? ((c.source.seed = Number(v)), undefined) : `expected a whole number, got "${v}"`) },
  { flag: 'speedup', commands: PRODUCING, value: '<x>', help: 'event time runs this many times faster than the wall clock (default 1)',
    apply: (c, v) => positive((n) => (c.source.speedup = n))(v) },
  { flag: 'backfill', boolean: true, commands: PRODUCING, value: '', help: 'send as fast as possible, ignoring the wall clock (shows a progress bar)',
    apply: (c) => ((c.source.backfill = true), undefined) },
  { flag: 'max-orders', commands: PRODUCING, value: '<n>', help: 'stop the source after this many orders',
    apply: (c, v) => positive((n) => (c.source.maxOrders = n), true)(v) },
  { flag: 'seasonality', commands: PRODUCING, value: 'on|off', help: 'shape synthetic demand by hour of day and day of week (default on)',
    apply: (c, v) => oneOf(['on', 'off'] as const, (s) => (c.source.seasonality = s === 'on'))(v) },
  { flag: 'scenario', multiple: true, commands: PRODUCING, value: '<spec>', help: `inject a scenario (repeatable): ${SCENARIO_SYNTAX}`,
    apply: (c, v) => {
      const spec = parseScenario(v);
      if (typeof spec === 'string') return spec;
      c.source.scenarios.push(spec);
      return undefined;
    } },
  { flag: 'transport', commands: ['run', 'produce', 'stream', 'serve'], value: 'memory|kafka', help: 'in-process log or Apache Kafka (default memory; kafka when KAFKA_BOOTSTRAP_SERVERS is set)',
    apply: (c, v) => oneOf(['memory', 'kafka'] as const, (k) => (c.transport.kind = k))(v) },
  { flag: 'brokers', env: 'KAFKA_BOOTSTRAP_SERVERS', commands: ALL, value: '<host:port,...>', help: 'Kafka bootstrap servers (default 127.0.0.1:9092)',
    apply: (c, v) => {
      const brokers = v.split(',').map((b) => b.trim()).filter(Boolean);
      if (brokers.length === 0 || brokers.some((b) => !/^[\w.-]+:\d+$/.test(b))) return `expected host:port[,host:port], got "${v}"`;
      c.transport.brokers = brokers;
      return undefined;
    } },
  { flag: 'kafka-client', env: 'KAFKA_CLIENT', commands: ALL, value: 'kafkajs|platformatic', help: 'Kafka client library: kafkajs or @platformatic/kafka (default kafkajs; see the README on the choice)',
    apply: (c, v) => oneOf(['kafkajs', 'platformatic'] as const, (k) => (c.transport.client = k))(v) },
  { flag: 'message-format', commands: PRODUCING, value: 'json|avro', help: 'how checkout records are written: json (the default on Kafka, readable by any tool) or avro (Avro single-object encoding, a third of the bytes; the default on the in-process log); consumers read both',
    apply: (c, v) => oneOf(CHECKOUT_FORMATS, (f) => (c.transport.format = f))(v) },
  { flag: 'kafka-compression', commands: ALL, value: 'none|gzip|snappy|lz4|zstd', help: 'compression of the record batches Kafka producers send (default gzip; kafkajs: none|gzip; platformatic: none|gzip|snappy|lz4, zstd on Node >= 22.15)',
    apply: (c, v) => oneOf(['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const, (k) => (c.transport.compression = k))(v) },
  { flag: 'topic', env: 'KAFKA_TOPIC', commands: ALL, value: '<name>', help: 'transactions topic (default purchase-transactions)',
    apply: (c, v) => (/^[\w.-]+$/.test(v) ? ((c.transport.topic = v), undefined) : `topic names use letters, digits, ".", "_" and "-", got "${v}"`) },
  { flag: 'partitions', commands: ALL, value: '<n>', help: 'partitions of the transactions topic when it is created (default 4)',
    apply: (c, v) => positive((n) => (c.transport.partitions = n), true)(v) },
  { flag: 'store', commands: STORE_READERS, value: 'fs|hdfs', help: 'local folder or HDFS over WebHDFS (default fs; hdfs when HDFS_NAMENODE is set)',
    apply: (c, v) => oneOf(['fs', 'hdfs'] as const, (k) => (c.store.kind = k))(v) },
  { flag: 'data-dir', commands: STORE_READERS, value: '<dir>', help: 'root of the local store (default ./data)',
    apply: (c, v) => text((d) => (c.store.dataDir = d))(v) },
  { flag: 'namenode', env: 'HDFS_NAMENODE', commands: STORE_READERS, value: '<url>', help: 'WebHDFS address of the NameNode (default http://127.0.0.1:9870)',
    apply: (c, v) => {
      const url = /^\w+:\/\//.test(v) ? v : `http://${v}`;
      if (!URL.canParse(url)) return `expected a URL like http://127.0.0.1:9870, got "${v}"`;
      c.store.namenode = url.replace(/\/+$/, '');
      return undefined;
    } },
  { flag: 'hdfs-path', env: 'HDFS_DATA_PATH', commands: STORE_READERS, value: '<path>', help: 'HDFS folder that holds purchase-analytics/ (default /)',
    apply: (c, v) => (v.startsWith('/') ? ((c.store.hdfsPath = v), undefined) : `expected an absolute HDFS path, got "${v}"`) },
  { flag: 'checkpoint-dir', env: 'CHECKPOINT_DIR', commands: STREAMING, value: '<dir>', help: 'where stream state is checkpointed (default ./data/checkpoints)',
    apply: (c, v) => text((d) => (c.checkpointDir = d))(v) },
  { flag: 'window', commands: [...STREAMING, 'serve'], value: '<size>[/<advance>]', help: 'aggregation window, tumbling or hopping (default 1m)',
    apply: (c, v) => {
      const [size, advance = size] = v.split('/').map(parseDuration);
      if (!size || !advance) return `expected a window like 1m or 10m/1m, got "${v}"`;
      const problem = checkWindowSpec({ sizeMs: size, advanceMs: advance });
      if (problem) return problem;
      c.stream = { ...c.stream, window: { sizeMs: size, advanceMs: advance } };
      return undefined;
    } },
  { flag: 'lateness', commands: [...STREAMING, 'serve'], value: '<time>', help: 'allowed lateness behind the newest event (default 10s)',
    apply: (c, v) => {
      const ms = parseDuration(v);
      if (ms === undefined) return `expected a duration like 10s, got "${v}"`;
      c.stream = { ...c.stream, allowedLatenessMs: ms };
      return undefined;
    } },
  { flag: 'live-retention', commands: [...STREAMING, 'serve'], value: '<time>', help: 'how far back the live view reaches: the "all" range, resolved alerts (default 24h, at least 24h, at most 31d; memory grows with it)',
    apply: (c, v) => {
      const ms = parseDuration(v);
      if (ms === undefined) return `expected a duration like 3d, got "${v}"`;
      if (ms < DAY_MS || ms > 31 * DAY_MS) return `must be from 24h (the 24 h range needs it) to 31d, got "${v}"`;
      c.stream = { ...c.stream, retentionMs: ms };
      return undefined;
    } },
  { flag: 'flush-interval', commands: STREAMING, value: '<time>', help: 'how often Parquet is written and offsets committed (default 30s)',
    apply: (c, v) => duration((ms) => (c.flushIntervalMs = ms))(v) },
  { flag: 'workers', commands: STREAMING, value: '<n>', help: 'stage-1 processes on Kafka, each consuming its share of the partitions on its own core; stage 2 stays in this process (default: the number of cores with --transport kafka; always 1 in-process, whose log lives in one process)',
    apply: (c, v) => positive((n) => (c.workers = n), true)(v) },
  { flag: 'on-bad-record', commands: [...STREAMING, 'produce'], value: 'skip|fail', help: 'a malformed message or CSV row: log it and go on, or stop (default skip)',
    apply: (c, v) => oneOf(['skip', 'fail'] as const, (p) => (c.badRecords = p))(v) },
  { flag: 'host', commands: SERVING, value: '<address>', help: 'address the dashboard binds to (default 127.0.0.1)',
    apply: (c, v) => text((h) => (c.server.host = h))(v) },
  { flag: 'port', commands: SERVING, value: '<n>', help: 'dashboard port (default 5000; 0 picks a free one)',
    apply: (c, v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return `expected a port number 0-65535, got "${v}"`;
      c.server.port = n;
      return undefined;
    } },
  { flag: 'token', env: 'PURCHASE_TRENDS_TOKEN', commands: SERVING, value: '<secret>', help: 'access token every route then requires (Authorization: Bearer, or ?token= in a browser); needed when --host is not loopback',
    apply: (c, v) => text((t) => (c.server.token = t))(v) },
  { flag: 'log-level', commands: STORE_READERS, value: 'debug|info|warn|error', help: 'how much to log (default info)',
    apply: (c, v) => oneOf(['debug', 'info', 'warn', 'error'] as const, (l) => (c.logLevel = l))(v) },
  { flag: 'from', commands: REPORTING, value: '<time>', help: `start of the report's period: ${TIME_SYNTAX} (default 24h: the newest 24 hours of event time in the store)`,
    apply: (c, v) => {
      const spec = parseTimeSpec(v, true);
      if (typeof spec === 'string') return spec;
      c.report = { ...c.report, from: spec };
      return undefined;
    } },
  { flag: 'to', commands: REPORTING, value: '<time>', help: 'end of the report\'s period (exclusive): an ISO date or time in UTC, or "now" (default: the end of the newest event time in the store)',
    apply: (c, v) => {
      const spec = parseTimeSpec(v, false);
      if (typeof spec === 'string') return spec;
      c.report = { ...c.report, to: spec };
      return undefined;
    } },
  { flag: 'format', commands: REPORTING, value: 'pdf,xlsx', help: 'which reports to write (default pdf,xlsx)',
    apply: (c, v) => {
      const formats = parseFormats(v);
      if (typeof formats === 'string') return formats;
      c.report = { ...c.report, formats };
      return undefined;
    } },
  { flag: 'out', commands: REPORTING, value: '<dir>', help: 'folder the reports go to (default reports/out; schedule: reports/scheduled)',
    apply: (c, v) => text((d) => (c.report = { ...c.report, outDir: d }))(v) },
  { flag: 'department', commands: REPORTING, value: '<name|id>', help: 'report one department only (e.g. produce or 4)',
    apply: (c, v) => text((d) => (c.report = { ...c.report, department: d }))(v) },
  { flag: 'aisle', commands: REPORTING, value: '<id>', help: 'report one aisle only, by its Instacart id (e.g. 24 fresh fruits)',
    apply: (c, v) => positive((n) => (c.report = { ...c.report, aisle: n }), true)(v) },
  { flag: 'product', commands: REPORTING, value: '<id>', help: 'report one product only, by its id',
    apply: (c, v) => positive((n) => (c.report = { ...c.report, product: n }), true)(v) },
  { flag: 'cron', commands: ['schedule'], value: '<expr>', help: 'when to write reports, in UTC: five cron fields, or six with seconds first (default "0 * * * *", hourly)',
    apply: (c, v) => checkCron(v) ?? ((c.report = { ...c.report, cron: v }), undefined) },
  { flag: 'keep', commands: ['schedule'], value: '<n>', help: 'how many scheduled runs to keep; older report files are deleted (default 24)',
    apply: (c, v) => positive((n) => (c.report = { ...c.report, keep: n }), true)(v) },
  { flag: 'chromium', commands: REPORTING, value: '<path>', help: 'the Chromium that prints PDFs (default /usr/bin/chromium)',
    apply: (c, v) => text((p) => (c.report = { ...c.report, chromiumPath: p }))(v) },
  { flag: 'hdfs-user', env: 'HADOOP_USER_NAME', commands: STORE_READERS, value: '<name>', help: 'user name sent to WebHDFS (default purchase-trends)',
    apply: (c, v) => text((u) => (c.store.hdfsUser = u))(v) },
  { flag: 'compact-every', commands: STREAMING, value: '<time>|off', help: 'merge the small files of closed hours this often, and as each hour closes, while running; only the process that writes the aggregates does (default 10m; off: never)',
    apply: (c, v) => {
      if (v === 'off') return void (c.compaction.everyMs = undefined);
      return duration((ms) => (c.compaction.everyMs = ms))(v) && `expected a duration like 10m, or off, got "${v}"`;
    } },
  { flag: 'compact-in', commands: STREAMING, value: 'thread|process', help: 'where --compact-every merges: a worker thread a pass, off the stream\'s thread (default), or the stream\'s own thread (~40 MB less RSS while merging, fewer orders/s meanwhile)',
    apply: (c, v) => {
      if (v !== 'thread' && v !== 'process') return `expected thread or process, got "${v}"`;
      c.compaction.inThread = v === 'thread';
      return undefined;
    } },
  { flag: 'encode-raw-in', commands: STREAMING, value: 'thread|process', help: 'where stage 1 encodes raw Parquet: in the stream\'s own thread (default), or in a thread of its own (in the soak ~6% more orders/s, ~27 MB more RSS)',
    apply: (c, v) => {
      if (v !== 'thread' && v !== 'process') return `expected thread or process, got "${v}"`;
      c.encodeRawInThread = v === 'thread';
      return undefined;
    } },
  { flag: 'compact-target', commands: COMPACTING, value: '<size>', help: 'a closed hour becomes one file per dataset and source partition, or a few of about this size (default 128MB)',
    apply: (c, v) => {
      const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?\s*$/i.exec(v);
      if (!match || Number(match[1]) <= 0) return `expected a size like 128MB, 64MB or 1GB, got "${v}"`;
      c.compaction.targetBytes = Math.round(Number(match[1]) * 1024 ** ['B', 'KB', 'MB', 'GB'].indexOf((match[2] ?? 'MB').toUpperCase()));
      return undefined;
    } },
  { flag: 'compact-grace', commands: COMPACTING, value: '<time>', help: 'an hour counts as closed this long after it ends (default 10m; run/stream wait at least window + lateness + 2 flush intervals)',
    apply: (c, v) => duration((ms) => (c.compaction.graceMs = ms))(v) },
  { flag: 'alerts', commands: [...STREAMING, 'serve'], value: 'on|simple|off',
    help: 'on: the trend detector raises alerts; simple: only the stop-gap rule (share of revenue against the previous window); off: no alerts (default on)',
    apply: (c, v) => oneOf(['on', 'simple', 'off'] as const, (s) => {
      c.alerts.enabled = s === 'on';
      c.alerts.simpleRule = s === 'simple';
    })(v) },
  { flag: 'alert-sensitivity', commands: [...STREAMING, 'serve'], value: 'low|normal|high|<n>', help: 'evidence an alert needs: low 24, normal 20, high 16, or a number (default normal)',
    apply: (c, v) => {
      const threshold = parseSensitivity(v);
      if (typeof threshold === 'string') return threshold;
      c.alerts.threshold = threshold;
      return undefined;
    } },
  { flag: 'alert-min-support', commands: [...STREAMING, 'serve'], value: '<n>', help: 'the detectable floor: orders (products) or lines (departments) per minute below which a subject is "too little data to judge": not tested for a drop, its rises measured against the floor (default 1)',
    apply: (c, v) => {
      const n = parseMinSupport(v);
      if (typeof n === 'string') return n;
      c.alerts.minSupport = n;
      return undefined;
    } },
  { flag: 'alert-min-change', commands: [...STREAMING, 'serve'], value: '<pct>', help: 'smallest change worth an alert, up or down (default 30%)',
    apply: (c, v) => {
      const n = parseChange(v);
      if (typeof n === 'string') return n;
      c.alerts.minChange = n;
      return undefined;
    } },
  { flag: 'alert-cooldown', commands: [...STREAMING, 'serve'], value: '<time>', help: 'a recurrence this soon after an alert resolved re-opens it instead of raising a new one (default 15m)',
    apply: (c, v) => duration((ms) => (c.alerts.cooldownMs = ms))(v) },
  { flag: 'alert-warmup', commands: [...STREAMING, 'serve'], value: '<time>', help: 'event time the detector learns before it may alert (default 30m)',
    apply: (c, v) => duration((ms) => (c.alerts.warmupMs = ms))(v) },
  { flag: 'alert-department', multiple: true, commands: [...STREAMING, 'serve'], value: '<id>:<key=value,...>', help: `per-department alert settings (repeatable): ${DEPARTMENT_OVERRIDE_SYNTAX}`,
    apply: (c, v) => {
      const parsed = parseDepartmentOverride(v);
      if (typeof parsed === 'string') return parsed;
      c.alerts.departments = { ...c.alerts.departments, [parsed.departmentId]: { ...c.alerts.departments[parsed.departmentId], ...parsed.override } };
      return undefined;
    } },
  { flag: 'alert-webhook', commands: STREAMING, value: '<url>', help: 'also POST every alert event as JSON to this URL, with retries',
    apply: (c, v) => (URL.canParse(v) && /^https?:/.test(v) ? ((c.alerts.webhook = v), undefined) : `expected an http(s) URL, got "${v}"`) },
  { flag: 'alert-topic', commands: STREAMING, value: '<name>', help: 'topic alert events are published to (default purchase-alerts)',
    apply: (c, v) => (/^[\w.-]+$/.test(v) ? ((c.alerts.topic = v), undefined) : `topic names use letters, digits, ".", "_" and "-", got "${v}"`) },
  { flag: 'format', commands: ['query'], value: 'table|csv|json|parquet', help: 'how to print the result (default table; parquet needs --out)',
    apply: (c, v) => oneOf(['table', 'csv', 'json', 'parquet'] as const, (f) => (c.query = { ...c.query, format: f }))(v) },
  { flag: 'out', commands: ['query'], value: '<file>', help: 'write the result to this file instead of standard output',
    apply: (c, v) => text((f) => (c.query = { ...c.query, out: f }))(v) },
  { flag: 'query-timeout', commands: [...SERVING, 'query'], value: '<time>', help: 'stop a query after this long (query: no limit by default; POST /api/query: 30s)',
    apply: (c, v) => duration((ms) => (c.query = { ...c.query, timeoutMs: ms }))(v) },
  { flag: 'keep-serving', boolean: true, commands: ['run'], value: '', help: 'when a replay or --max-orders source has ended and is consumed, keep serving the dashboard until Ctrl-C or --duration (default: stop)',
    apply: (c) => void (c.server.keepServing = true) },
  { flag: 'enable-query', boolean: true, commands: SERVING, value: '', help: 'serve POST /api/query: read-only SQL over the history, one SELECT with a row limit and a timeout (default off)',
    apply: (c) => ((c.query = { ...c.query, apiEnabled: true }), undefined) },
  { flag: 'query-row-limit', commands: SERVING, value: '<n>', help: 'rows POST /api/query returns at most (default 10000)',
    apply: (c, v) => positive((n) => (c.query = { ...c.query, maxRows: n }), true)(v) },
  { flag: 'no-progress', boolean: true, commands: ALL, value: '', help: 'no progress bar, only periodic log lines',
    apply: (c) => ((c.progress = false), undefined) },
  ...REPLAY_SETTINGS,
];
