// The producer alone (#14 item 5): the real `purchase-trends produce --backfill` as a child
// process on a fresh 4-partition topic of the local broker, once per client and compression.
// Lines/s are counted from its own log, from the line naming the transport (connected, topic
// ready) to "producer finished", so process start-up is left out; CPU seconds per million
// lines are the whole process's less the start-up (what `produce --help` costs), sampled
// from /proc. `npm run bench -- producer [orders] [--runs kafkajs:gzip,platformatic:none,...]`
import { spawn } from 'node:child_process';
import { loggedAt } from './_cli-log';
import { countArg } from './_kafka-client';
import { trackUsage } from './_proc-usage';
import { dropBenchTopics } from './_bench-topics';
import type { Benchmark } from './_runner';

const BIN = new URL('../bin/purchase-trends.js', import.meta.url).pathname;
const BROKERS = '127.0.0.1:9092';
const DEFAULT_RUNS = ['kafkajs:gzip', 'kafkajs:none', 'platformatic:lz4', 'platformatic:none'];

interface Child { text: string; exit: number; cpuSeconds: number; peakRssMb: number }

function runChild(args: string[]): Promise<Child> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  child.stderr.on('data', (d) => (text += d));
  const tracked = trackUsage(child.pid, 100);
  return new Promise((resolve) => child.on('exit', (code) => {
    tracked.stop();
    resolve({ text, exit: code ?? -1, cpuSeconds: tracked.cpuSeconds, peakRssMb: tracked.peakRssMb });
  }));
}

export const run: Benchmark = async (args) => {
  const orders = Number(countArg(args) ?? 100_000);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? (args[runsAt + 1] ?? '').split(',') : DEFAULT_RUNS;
  // What starting the CLI costs in CPU (loading its bundle and packages), taken off each run.
  const idle = await runChild(['produce', '--help']);
  const results: Array<Record<string, number | string>> = [];
  const lines = [`producer alone: ${orders} orders per run, start-up ${idle.cpuSeconds.toFixed(2)} CPU s (produce --help) left out`];
  for (const spec of runs) {
    const [client, compression] = spec.split(':') as [string, string];
    const topic = `bench-producer-${client}-${compression}-${Date.now()}`;
    const child = await runChild(['produce', '--transport', 'kafka', '--brokers', BROKERS, '--topic', topic, '--partitions', '4', '--backfill',
      '--max-orders', String(orders), '--seed', '11', '--no-progress', '--kafka-client', client, '--kafka-compression', compression]);
    await dropBenchTopics(BROKERS, [topic]);
    if (child.exit !== 0) throw new Error(`produce with ${spec} exited ${child.exit}:\n${child.text}`);
    const sentLines = Number(/producer finished: \d+ orders \((\d+) lines\)/.exec(child.text)?.[1]);
    const seconds = (loggedAt(child.text, /producer finished/) - loggedAt(child.text, /produce: transport/)) / 1000;
    const cpuPerMillion = ((child.cpuSeconds - idle.cpuSeconds) / sentLines) * 1e6;
    const figure = {
      client, compression, orders, lines: sentLines, seconds,
      linesPerSecond: Math.round(sentLines / seconds),
      cpuSecondsPerMillionLines: Math.round(cpuPerMillion * 100) / 100,
      // One core's worth: what the CPU cost allows if the producer never waited on the broker.
      linesPerCpuSecond: Math.round(1e6 / cpuPerMillion),
      peakRssMb: child.peakRssMb,
    };
    results.push(figure);
    lines.push(`${spec.padEnd(18)} ${figure.linesPerSecond.toLocaleString('en-US').padStart(8)} lines/s  ` +
      `${figure.cpuSecondsPerMillionLines.toFixed(2)} CPU s per M lines (${figure.linesPerCpuSecond.toLocaleString('en-US')} lines per CPU s)  peak RSS ${figure.peakRssMb} MB`);
  }
  return { figures: { orders, startupCpuSeconds: idle.cpuSeconds, runs: results }, lines };
};
