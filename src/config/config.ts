// The strict Config every part is built from. Users write loose settings (flags and env
// vars, see settings-table.ts and cli/args.ts); they are normalised there once, with a clear error for
// each bad value, into this shape.
import type { LogLevel } from '../core/index';
import type { BadRecordPolicy } from '../sources/index';
import type { EvalSetChoice } from '../sources/instacart/index';
import { type TimeSpec, DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../report/index';
import { DEFAULT_STREAM_SETTINGS, type StreamSettings } from '../stream/index';
import { DEFAULT_TRANSACTIONS_TOPIC } from '../pipeline/index';
import type { ScenarioSpec } from './scenario-spec';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../domain/trend/index';
import type { CheckoutFormat } from '../domain/index';

export type SourceMode = 'synthetic' | 'instacart';
export type TransportKind = 'memory' | 'kafka';
/** Which Kafka client library the kafka transport uses, and how its producers compress record batches. */
export type KafkaClient = 'kafkajs' | 'platformatic';
export type KafkaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export type StoreKind = 'fs' | 'hdfs';

export interface Config {
  source: {
    mode: SourceMode;
    dataPath: string | undefined;
    seed: number;
    /** Orders per second of wall clock. */
    rate: number;
    speedup: number;
    backfill: boolean;
    maxOrders: number | undefined;
    seasonality: boolean;
    scenarios: ScenarioSpec[];
    /** Instacart replay: which order-lines files, the zone its hours are in, and where it sits (ends at `end`, default now, or starts at `start`). */
    evalSet: EvalSetChoice;
    timeZone: string;
    start: TimeSpec | undefined;
    end: TimeSpec | undefined;
  };
  /** format: how producers write checkouts; undefined: Avro on the in-process log (nothing else reads it), JSON on Kafka (run-plan.ts). */
  transport: { kind: TransportKind; brokers: string[]; topic: string; partitions: number; client: KafkaClient; compression: KafkaCompression; format: CheckoutFormat | undefined };
  store: { kind: StoreKind; dataDir: string; namenode: string; hdfsPath: string; hdfsUser: string };
  checkpointDir: string;
  stream: StreamSettings;
  flushIntervalMs: number;
  /** Raw files encoded by stage 1 in the main process in the stream's thread (--encode-raw-in process, the default) or in a thread of their own (thread). */
  encodeRawInThread: boolean;
  emitIntervalMs: number;
  /** Stage-1 processes of stream/run on Kafka (--workers); undefined: one per core on Kafka, 1 in-process (run-plan.ts). */
  workers: number | undefined;
  badRecords: BadRecordPolicy;
  /** token: required on every route when set; mandatory when host is not a loopback address. */
  /** keepServing: after a finite source has ended and is consumed, run keeps the dashboard up. */
  server: { host: string; port: number; token?: string; keepServing: boolean };
  durationMs: number | undefined;
  /** How long stopping (the last flush) may take before the process exits 1 anyway. */
  stopTimeoutMs: number;
  logLevel: LogLevel;
  progress: boolean;
  /** Trend alerts: the detector's settings, and where alerts go besides the store and the API. */
  alerts: AlertSettings & { topic: string; webhook: string | undefined };
  /** The report and schedule commands. */
  report: ReportSettings;
  /** Merging the small files of closed hours: the compact command, or --compact-every while running. */
  /** inThread: --compact-every's passes in a worker thread (--compact-in thread, the default) or in the stream's (process). */
  compaction: { targetBytes: number; graceMs: number; everyMs: number | undefined; inThread: boolean };
  /** SQL over the history: the query command, and POST /api/query when enabled (src/query). */
  query: QuerySettings;
}

export type QueryFormat = 'table' | 'csv' | 'json' | 'parquet';
export interface QuerySettings {
  /** The query command's SQL ("-": read it from standard input). */
  sql: string | undefined;
  format: QueryFormat;
  out: string | undefined;
  /** The query command: none unless given; the API: 30 s unless given. */
  timeoutMs: number | undefined;
  /** POST /api/query is served only when enabled (--enable-query). */
  apiEnabled: boolean;
  maxRows: number;
}

export const DEFAULT_CONFIG: Config = {
  source: {
    mode: 'synthetic', dataPath: undefined, seed: 42, rate: 200, speedup: 1, backfill: false,
    maxOrders: undefined, seasonality: true, scenarios: [],
    evalSet: 'all', timeZone: 'UTC', start: undefined, end: undefined,
  },
  transport: { kind: 'memory', brokers: ['127.0.0.1:9092'], topic: DEFAULT_TRANSACTIONS_TOPIC, partitions: 4, client: 'kafkajs', compression: 'gzip', format: undefined },
  store: { kind: 'fs', dataDir: './data', namenode: 'http://127.0.0.1:9870', hdfsPath: '/', hdfsUser: 'purchase-trends' },
  checkpointDir: './data/checkpoints',
  stream: DEFAULT_STREAM_SETTINGS,
  flushIntervalMs: 30_000,
  encodeRawInThread: false,
  emitIntervalMs: 250,
  workers: undefined,
  badRecords: 'skip',
  server: { host: '127.0.0.1', port: 5000, keepServing: false },
  durationMs: undefined,
  stopTimeoutMs: 15_000,
  logLevel: 'info',
  progress: true,
  alerts: { ...DEFAULT_ALERT_SETTINGS, topic: 'purchase-alerts', webhook: undefined },
  report: DEFAULT_REPORT_SETTINGS,
  compaction: { targetBytes: 128 * 1024 * 1024, graceMs: 10 * 60_000, everyMs: 10 * 60_000, inThread: true },
  query: { sql: undefined, format: 'table', out: undefined, timeoutMs: undefined, apiEnabled: false, maxRows: 10_000 },
};
