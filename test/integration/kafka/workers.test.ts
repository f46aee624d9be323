// `stream --workers 2` on real Kafka: one stream process whose two stage-1 worker processes share
// the 4 partitions; it drains a backlog with both consuming, reconciles (raw and the aggregates
// hold every order once), and stops on SIGTERM within the stop timeout. A worker killed under it
// ends the run with exit 1, naming the worker.
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli, type CliRun } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { KAFKA_BROKERS, reconciledCounts, sendOrders, showingLogs, uniqueTopic, waitForDrain } from './helpers';

const STOP_TIMEOUT_MS = 15_000;

function streamWithWorkers(topic: string, dataDir: string): CliRun {
  const run = runCli(['stream', '--transport', 'kafka', '--brokers', KAFKA_BROKERS.join(','), '--topic', topic, '--data-dir', dataDir,
    '--workers', '2', '--flush-interval', '500ms', '--lateness', '1h', '--window', '1m', '--no-progress']);
  onTestFinished(() => void (run.child.exitCode === null && run.child.kill('SIGKILL')));
  return run;
}

/** Each worker's newest stage-1 assignment, from its own log lines ("purchase-trends worker N: ..."). */
function assignments(output: string, topic: string): Map<number, number[]> {
  const latest = new Map<number, number[]>();
  const pattern = new RegExp(`purchase-trends worker (\\d+): group purchase-trends-stage1\\.${topic}: joined .*?, assigned (.*)`, 'g');
  for (const [, worker, list] of output.matchAll(pattern)) {
    latest.set(Number(worker), [...list!.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])).sort());
  }
  return latest;
}

async function waitUntil(what: string, done: () => boolean, run: CliRun, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`gave up waiting until ${what}; output:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readBy = (output: string, worker: number): number => Number(new RegExp(`worker ${worker} stopped \\(told to stop\\): read (\\d+) orders`).exec(output)?.[1] ?? Number.NaN);

describe('stream --workers 2 on Kafka', () => {
  it('drains a backlog with both workers consuming, reconciles, and stops on SIGTERM within the bound', async () => {
    const [dir, topic] = [await tempDir('kafka-workers'), uniqueTopic('workers')];
    const backlog = await sendOrders([topic], { orders: 2_000, seed: 3 });
    const stream = streamWithWorkers(topic, dir);
    // Both workers hold two partitions each: the group shares them between the processes.
    await waitUntil('each worker holds 2 partitions', () => {
      const now = assignments(stream.output(), topic);
      return now.get(1)?.length === 2 && now.get(2)?.length === 2;
    }, stream);
    const held = assignments(stream.output(), topic);
    expect([...held.get(1)!, ...held.get(2)!].sort()).toEqual([0, 1, 2, 3]);
    // More orders while both run, so that each has records of its own to read.
    const more = await sendOrders([topic], { orders: 2_000, seed: 4, chunk: 250, pauseMs: 50 });
    await showingLogs(waitForDrain(topic), { stream });

    const stopAt = Date.now();
    stream.child.kill('SIGTERM');
    const code = await stream.exited;
    const stopMs = Date.now() - stopAt;
    const output = stream.output();
    expect(code, output).toBe(0);
    expect(stopMs).toBeLessThan(STOP_TIMEOUT_MS);
    expect(readBy(output, 1)).toBeGreaterThan(0);
    expect(readBy(output, 2)).toBeGreaterThan(0);
    // The primary's summary is the workers' sum (a partition handed over at the start may be read twice).
    const consumed = Number(/stream stopped: consumed (\d+)/.exec(output)?.[1]);
    expect(consumed).toBe(readBy(output, 1) + readBy(output, 2));
    expect(consumed).toBeGreaterThanOrEqual(backlog.orders + more.orders);

    const sent = { orders: backlog.orders + more.orders, lines: backlog.lines + more.lines };
    expect(await reconciledCounts(dir)).toEqual({ rawOrders: sent.orders, rawLines: sent.lines, hourOrders: sent.orders, hourLines: sent.lines, departmentLines: sent.lines });
  }, 240_000);

  it('exits 1 naming the worker when a worker process dies under it', async () => {
    const [dir, topic] = [await tempDir('kafka-workers-crash'), uniqueTopic('workers-crash')];
    await sendOrders([topic], { orders: 200 });
    const stream = streamWithWorkers(topic, dir);
    const [, pids] = await stream.waitFor(/stage 1: 2 worker processes running \(pids (\d+, \d+)\)/, 90_000);
    const second = Number(pids!.split(', ')[1]);
    process.kill(second, 'SIGKILL');
    const code = await stream.exited;
    expect(code, stream.output()).toBe(1);
    expect(stream.output()).toMatch(new RegExp(`stage-1 worker 2 \\(pid ${second}\\) was killed by SIGKILL while the run went on`));
    expect(stream.output()).toMatch(/stream failed: .*worker 2/);
  }, 120_000);
});
