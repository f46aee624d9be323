// Aggregates = raw on a Kafka catch-up: a backlog on 4 partitions drained by `stream` with its
// default flags, by two workers that start 3 s apart, and by one stopped mid-drain and started
// again, and an Instacart replay. Each ends with `purchase-trends verify` (window by window) and with DuckDB's own sums
// checked against what was sent.
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { KAFKA_BROKERS, reconciledCounts, sendOrders, showingLogs, stopWorker, uniqueTopic, waitForDrain } from './helpers';

const ORDERS = 20_000;

/** `stream` with default flags but the topic and folder. */
function stream(topic: string, dir: string, extra: string[] = []) {
  const run = runCli(['stream', '--transport', 'kafka', '--brokers', KAFKA_BROKERS.join(','), '--topic', topic, '--data-dir', dir, '--no-progress', ...extra]);
  onTestFinished(() => void (run.child.exitCode === null && run.child.kill('SIGKILL')));
  return run;
}

async function expectVerified(dir: string, sent: { orders: number; lines: number }): Promise<void> {
  const verify = runCli(['verify', '--data-dir', dir]);
  expect(await verify.exited, verify.output()).toBe(0);
  expect(await reconciledCounts(dir)).toEqual({
    rawOrders: sent.orders, rawLines: sent.lines, hourOrders: sent.orders, hourLines: sent.lines, departmentLines: sent.lines,
  });
}

describe('aggregates equal raw after a Kafka catch-up', () => {
  it('one stream with default flags drains a 20k-order backlog on 4 partitions', async () => {
    const topic = uniqueTopic('drain');
    const dir = await tempDir('drain');
    // 20 orders/s of event time: the backlog spans ~17 one-minute windows.
    const sent = await sendOrders([topic], { orders: ORDERS, ordersPerSecond: 20 });
    const worker = stream(topic, dir);
    await waitForDrain(topic);
    expect(await stopWorker(worker)).toBe(0);
    expect(worker.output()).toMatch(new RegExp(`${sent.orders} orders, ${sent.lines} lines, revenue [\\d.]+ aggregated`));
    await expectVerified(dir, sent);
  }, 240_000);

  it('one stream drains a backlog that switches from JSON to Avro records halfway (--message-format avro)', async () => {
    const topic = uniqueTopic('drain-avro');
    const dir = await tempDir('drain-avro');
    const sent = await sendOrders([topic], { orders: ORDERS / 2, ordersPerSecond: 20, seed: 17, formatOf: (i) => (i < ORDERS / 4 ? 'json' : 'avro') });
    const worker = stream(topic, dir);
    await waitForDrain(topic);
    expect(await stopWorker(worker)).toBe(0);
    expect(worker.output()).toMatch(new RegExp(`${sent.orders} orders, ${sent.lines} lines, revenue [\\d.]+ aggregated`));
    expect(worker.output()).not.toMatch(/bad record|rejected [1-9]/);
    await expectVerified(dir, sent);
  }, 240_000);

  it('two streams, the second joining 3 s after the first, drain the same backlog', async () => {
    const topic = uniqueTopic('drain-two');
    const dir = await tempDir('drain-two');
    const sent = await sendOrders([topic], { orders: ORDERS, ordersPerSecond: 20, seed: 11 });
    const first = stream(topic, dir, ['--flush-interval', '2s']);
    await new Promise((r) => setTimeout(r, 3_000));
    const second = stream(topic, dir, ['--flush-interval', '2s']);
    await waitForDrain(topic);
    expect(await stopWorker(second)).toBe(0);
    expect(await stopWorker(first)).toBe(0);
    await showingLogs(expectVerified(dir, sent), { first, second });
  }, 240_000);

  it('a stream stopped mid-drain and started again', async () => {
    const topic = uniqueTopic('drain-restart');
    const dir = await tempDir('drain-restart');
    // Half is a backlog; the other half is sent over ~5 s once the first stream has joined, so it
    // stops with records still arriving, whatever its speed (a fixed pause once raced a fast drain).
    let joined!: () => void;
    const sending = sendOrders([topic], {
      orders: ORDERS, ordersPerSecond: 20, seed: 13, pauseMs: 250, hold: { backlog: ORDERS / 2, until: new Promise<void>((r) => (joined = r)) },
    });
    let sent: { orders: number; lines: number } | undefined;
    void sending.then((s) => (sent = s), () => undefined);
    const first = stream(topic, dir, ['--flush-interval', '2s']);
    await first.waitFor(new RegExp(`group purchase-trends-stage1\\.${topic}: joined`), 60_000);
    joined();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sent, 'the paced half was still being sent').toBeUndefined();
    expect(await stopWorker(first)).toBe(0);
    const consumed = Number(/consumed (\d+)/.exec(first.output())?.[1]);
    expect(consumed).toBeGreaterThan(0);
    expect(consumed).toBeLessThan(ORDERS); // it really stopped mid-drain
    sent = await sending;
    const second = stream(topic, dir, ['--flush-interval', '2s']);
    await showingLogs(waitForDrain(topic), { first, second });
    expect(await stopWorker(second)).toBe(0);
    await showingLogs(expectVerified(dir, sent), { first, second });
  }, 240_000);

  it('an Instacart replay through Kafka', async () => {
    const topic = uniqueTopic('replay');
    const dir = await tempDir('replay');
    const produce = runCli(['produce', '--transport', 'kafka', '--brokers', KAFKA_BROKERS.join(','), '--topic', topic,
      '--mode', 'instacart', '--data-path', 'test/fixtures/instacart-sample', '--backfill', '--no-progress']);
    expect(await produce.exited, produce.output()).toBe(0);
    const orders = Number(/sent (\d+) orders/.exec(produce.output())?.[1]);
    expect(orders).toBeGreaterThan(100);
    const worker = stream(topic, dir, ['--flush-interval', '2s']);
    await waitForDrain(topic);
    expect(await stopWorker(worker)).toBe(0);
    const verify = runCli(['verify', '--data-dir', dir]);
    expect(await verify.exited, verify.output()).toBe(0);
    const counts = await reconciledCounts(dir);
    expect(counts.rawOrders).toBe(orders);
    expect(counts.hourOrders).toBe(orders);
    expect(counts.departmentLines).toBe(counts.rawLines);
  }, 240_000);
});
