// Helpers of the Kafka integration tests: a deterministic order stream sent straight to
// Kafka, `purchase-trends stream` workers as child processes, and DuckDB checks on raw.
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';
import { createKafkaTransport, createPlatformaticTransport } from '../../../src/transport/index';
import { createSyntheticSource, encodeCheckout, type CheckoutFormat, type Transport } from '../../../src/index';
import { lagOf, type PartitionStanding } from '../../../src/transport/types';
import { runCli, type CliRun } from '../../helpers/cli';
import { queryParquet } from '../../helpers/duckdb';

/** The broker scripts/services.sh starts (npm test does; see infra/README.md). */
export const KAFKA_BROKERS = ['127.0.0.1:9092'];

export const uniqueTopic = (label: string): string => `it-${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

// Only final names: a file being written is named _tmp.*, and appears under its own name by rename.
export const rawGlob = (dir: string): string => join(dir, 'purchase-analytics', 'raw', '**', 'part-*.parquet');
export const aggregatedGlob = (dir: string, table: string): string => join(dir, 'purchase-analytics', 'aggregated', table, '**', '*.parquet');

let transport: Promise<Transport> | undefined;
afterAll(async () => (await transport)?.close());
/**
 * One transport per test file, closed after it, on the client KAFKA_CLIENT names (the CLI's
 * --kafka-client; the stream workers these tests start read the same variable).
 */
export function kafka(): Promise<Transport> {
  transport ??= (process.env.KAFKA_CLIENT === 'platformatic' ? createPlatformaticTransport : createKafkaTransport)({ brokers: KAFKA_BROKERS });
  return transport;
}

/**
 * Sends the same seeded orders to every topic (4 partitions), in chunks, optionally spaced
 * out so that consumers are busy while it runs. Event times are fixed, so runs compare.
 * `hold`: the first `backlog` orders go at once; the rest wait for `until`, then go spaced by `pauseMs`.
 */
export async function sendOrders(topics: string[], options: {
  orders: number; seed?: number; chunk?: number; pauseMs?: number; ordersPerSecond?: number; hold?: { backlog: number; until: Promise<unknown> };
  /** The message format of the i-th order (JSON unless told). */
  formatOf?: (i: number) => CheckoutFormat;
}): Promise<{ orders: number; lines: number }> {
  const { orders, seed = 7, chunk = 500, pauseMs = 0, ordersPerSecond = 50, hold, formatOf = () => 'json' } = options;
  const t = await kafka();
  for (const topic of topics) await t.ensureTopic(topic, 4);
  const source = createSyntheticSource({ seed, startTime: Date.UTC(2026, 10, 24, 6), ordersPerSecond, maxOrders: orders, seasonality: false });
  const messages = [...source.generate()].map((e, i) => ({ key: String(e.order_id), value: encodeCheckout(e, formatOf(i)), timestamp: e.event_time, lines: e.lines.length }));
  const producer = await t.createProducer();
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      const held = hold !== undefined && i >= hold.backlog;
      if (held) await hold.until;
      const part = messages.slice(i, i + chunk);
      for (const topic of topics) await producer.send(topic, part);
      if (pauseMs > 0 && (hold === undefined || held)) await new Promise((r) => setTimeout(r, pauseMs));
    }
  } finally {
    await producer.close();
  }
  return { orders: messages.length, lines: messages.reduce((n, m) => n + m.lines, 0) };
}

/**
 * A `purchase-trends stream` worker; windows stay open until it stops (lateness 1h), so results do not depend on timing.
 * One stage-1 process (--workers 1): these tests share partitions among, and kill, whole stream processes
 * (workers.test.ts covers --workers 2).
 */
export function streamWorker(topic: string, dataDir: string): CliRun {
  const run = runCli(['stream', '--transport', 'kafka', '--brokers', KAFKA_BROKERS.join(','), '--topic', topic, '--data-dir', dataDir,
    '--flush-interval', '500ms', '--lateness', '1h', '--window', '1m', '--no-progress', '--workers', '1',
    // Raw stays in its part-* files for rawGlob: compaction has tests of its own.
    '--compact-every', 'off']);
  onTestFinished(() => void (run.child.exitCode === null && run.child.kill('SIGKILL')));
  return run;
}

/** Distinct orders in raw; 0 while there is nothing readable yet (files appear by rename). */
export async function rawOrders(dir: string): Promise<number> {
  try {
    const [row] = await queryParquet<{ n: number }>(`SELECT count(DISTINCT event_id)::INT AS n FROM read_parquet('${rawGlob(dir)}')`);
    return row?.n ?? 0;
  } catch {
    return 0;
  }
}

export async function waitForRawOrders(dir: string, orders: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = await rawOrders(dir);
    if (seen >= orders) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`raw under ${dir} holds ${seen} of ${orders} orders after ${timeoutMs} ms`);
}

/** Ends a worker with SIGTERM (it flushes everything) and returns its exit code. */
export async function stopWorker(run: CliRun): Promise<number> {
  run.child.kill('SIGTERM');
  return run.exited;
}

/** Awaits a check; if it fails, prints what the named workers logged, then fails the same way. */
export async function showingLogs<T>(check: Promise<T>, workers: Record<string, CliRun>): Promise<T> {
  try {
    return await check;
  } catch (error) {
    for (const [name, run] of Object.entries(workers)) console.error(`--- ${name} worker's output ---\n${run.output()}`);
    throw error;
  }
}

/** The number the worker reports as consumed when it stops. */
export const consumedBy = (run: CliRun): number => Number(/consumed (\d+)/.exec(run.output())?.[1] ?? Number.NaN);

/** Where a consumer group stands on each partition of a topic: its commit, and the log's start and end. */
export async function groupStandings(groupId: string, topic: string): Promise<PartitionStanding[]> {
  const consumer = await (await kafka()).createConsumer({ groupId, topics: [topic] });
  try {
    return await consumer.standings(topic);
  } finally {
    await consumer.stop();
  }
}

/** Messages of a topic a consumer group has not committed yet. */
export const groupLag = async (groupId: string, topic: string): Promise<number> => lagOf(await groupStandings(groupId, topic));

/** Waits until stage 1 of `topic` has committed everything (the backlog is drained and durable). */
export async function waitForDrain(topic: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = 'not read yet';
  while (Date.now() < deadline) {
    const standings = await groupStandings(`purchase-trends-stage1.${topic}`, topic);
    // Drained: each of the 4 partitions (every test sends enough orders to fill all 4) has a
    // commit at its end. A lag of 0 alone is not enough: it also reads 0 when the broker has
    // deleted the records unread (retention), which is how old event-time stamps lost data.
    if (standings.length === 4 && standings.every((s) => s.end > 0 && s.committed === s.end)) return;
    left = standings.map((s) => `[${s.partition}] ${s.committed ?? 'none'}/${s.end}`).join(', ');
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`stage 1 of ${topic} has not committed every partition's end after ${timeoutMs} ms: ${left}`);
}

/** Sums an independent reader (DuckDB) finds: orders and lines in raw, and in by_hour and by_department. */
export async function reconciledCounts(dir: string): Promise<Record<string, number>> {
  const [raw] = await queryParquet<Record<string, number>>(`SELECT count(DISTINCT event_id)::INT AS orders, count(*)::INT AS lines FROM read_parquet('${rawGlob(dir)}')`);
  const [hour] = await queryParquet<Record<string, number>>(`SELECT sum(transaction_count)::INT AS orders, sum(line_count)::INT AS lines FROM read_parquet('${aggregatedGlob(dir, 'by_hour')}')`);
  const [department] = await queryParquet<Record<string, number>>(`SELECT sum(line_count)::INT AS lines FROM read_parquet('${aggregatedGlob(dir, 'by_department')}')`);
  return { rawOrders: raw!.orders!, rawLines: raw!.lines!, hourOrders: hour!.orders!, hourLines: hour!.lines!, departmentLines: department!.lines! };
}
