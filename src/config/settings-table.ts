// Every setting a user can give, in one table: its flag, its env var (the original design's
// names), which commands take it, its help, and how it lands in the Config. Flags win over env.
import { checkWindowSpec } from '../domain/windows';
import type { Config } from './config';
import { parseScenario, SCENARIO_SYNTAX } from './scenario-spec';
import { parseDuration } from './units';

export type Command = 'run' | 'produce' | 'stream' | 'serve';

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

const ALL: Command[] = ['run', 'produce', 'stream', 'serve'];
const PRODUCING: Command[] = ['run', 'produce'];
const STREAMING: Command[] = ['run', 'stream'];
const SERVING: Command[] = ['run', 'serve'];

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
  { flag: 'duration', commands: ALL, value: '<time>', help: 'stop cleanly after this long (e.g. 20, 30s, 5m); default: until Ctrl-C',
    apply: (c, v) => duration((ms) => (c.durationMs = ms))(v) },
  { flag: 'mode', env: 'PRODUCER_DATA_MODE', commands: PRODUCING, value: 'synthetic|instacart', help: 'where checkout events come from (default synthetic)',
    apply: (c, v) => oneOf(['synthetic', 'instacart'] as const, (m) => (c.source.mode = m))(v) },
  { flag: 'data-path', env: 'DATA_PATH', commands: PRODUCING, value: '<dir>', help: 'folder with the Instacart CSVs (orders.csv, order_products__prior.csv, products.csv, aisles.csv, departments.csv)',
    apply: (c, v) => text((p) => (c.source.dataPath = p))(v) },
  { flag: 'rate', env: 'PRODUCER_RATE', commands: PRODUCING, value: '<orders/s>', help: 'orders per second of wall clock (default 200); caps an Instacart replay',
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
  { flag: 'topic', env: 'KAFKA_TOPIC', commands: ALL, value: '<name>', help: 'transactions topic (default purchase-transactions)',
    apply: (c, v) => (/^[\w.-]+$/.test(v) ? ((c.transport.topic = v), undefined) : `topic names use letters, digits, ".", "_" and "-", got "${v}"`) },
  { flag: 'partitions', commands: ALL, value: '<n>', help: 'partitions of the transactions topic when it is created (default 4)',
    apply: (c, v) => positive((n) => (c.transport.partitions = n), true)(v) },
  { flag: 'store', commands: ALL, value: 'fs|hdfs', help: 'local folder or HDFS over WebHDFS (default fs; hdfs when HDFS_NAMENODE is set)',
    apply: (c, v) => oneOf(['fs', 'hdfs'] as const, (k) => (c.store.kind = k))(v) },
  { flag: 'data-dir', commands: ALL, value: '<dir>', help: 'root of the local store (default ./data)',
    apply: (c, v) => text((d) => (c.store.dataDir = d))(v) },
  { flag: 'namenode', env: 'HDFS_NAMENODE', commands: ALL, value: '<url>', help: 'WebHDFS address of the NameNode (default http://127.0.0.1:9870)',
    apply: (c, v) => {
      const url = /^\w+:\/\//.test(v) ? v : `http://${v}`;
      if (!URL.canParse(url)) return `expected a URL like http://127.0.0.1:9870, got "${v}"`;
      c.store.namenode = url.replace(/\/+$/, '');
      return undefined;
    } },
  { flag: 'hdfs-path', env: 'HDFS_DATA_PATH', commands: ALL, value: '<path>', help: 'HDFS folder that holds purchase-analytics/ (default /)',
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
  { flag: 'flush-interval', commands: STREAMING, value: '<time>', help: 'how often Parquet is written and offsets committed (default 30s)',
    apply: (c, v) => duration((ms) => (c.flushIntervalMs = ms))(v) },
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
  { flag: 'log-level', commands: ALL, value: 'debug|info|warn|error', help: 'how much to log (default info)',
    apply: (c, v) => oneOf(['debug', 'info', 'warn', 'error'] as const, (l) => (c.logLevel = l))(v) },
  { flag: 'no-progress', boolean: true, commands: ALL, value: '', help: 'no progress bar, only periodic log lines',
    apply: (c) => ((c.progress = false), undefined) },
];
