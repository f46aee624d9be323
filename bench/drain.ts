// Catching up on a Kafka backlog with the real `purchase-trends stream` at its default flags.
// `npm run bench -- drain [lines]` (default 1,000,000 order lines, on the local broker):
// 1. fills a fresh 4-partition topic with `produce --backfill` (~10 lines per order);
// 2. starts `stream` and times it from its group join to every partition committed at its end;
// 3. stops it, then reconciles: `verify` (aggregates = raw) and raw's line count = what was sent.
// Prints lines/s, CPU seconds per million lines and peak RSS of the stream process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { stage1GroupFor } from '../src/index';
import { countArg, kafkaClientOf } from './_kafka-client';
import type { Benchmark } from './_runner';

const BIN = new URL('../bin/purchase-trends.js', import.meta.url).pathname;
const BROKERS = '127.0.0.1:9092';
const LINES_PER_ORDER = 10.06; // the synthetic store's mean, measured on seed 11
const TICKS_PER_SECOND = 100; // /proc's clock ticks (USER_HZ) on Linux

interface Child { child: ChildProcess; output: () => string; exited: Promise<number> }

function cli(args: string[]): Child {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, output: () => text, exited };
}

async function mustSucceed(run: Child, what: string): Promise<string> {
  const code = await run.exited;
  if (code !== 0) throw new Error(`${what} exited ${code}:\n${run.output().slice(-2_000)}`);
  return run.output();
}

/** RSS (MB) and CPU seconds of a live process, from /proc. */
async function usage(pid: number): Promise<{ rssMb: number; cpuSeconds: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  // Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
  return { rssMb: Math.round(rssKb / 1024), cpuSeconds: (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND };
}

export const run: Benchmark = async (args) => {
  const lines = Number(countArg(args) ?? 1_000_000);
  if (!Number.isInteger(lines) || lines < 10_000) throw new Error(`lines: expected a whole number of at least 10000, got ${countArg(args)}`);
  const kafka = kafkaClientOf(args);
  const orders = Math.round(lines / LINES_PER_ORDER);
  const topic = `bench-drain-${Date.now()}`;
  const dir = await mkdtemp(join(tmpdir(), 'purchase-trends-bench-drain-'));
  let stream: Child | undefined;
  try {
    const fillStart = Date.now();
    await mustSucceed(cli(['produce', '--transport', 'kafka', '--brokers', BROKERS, '--topic', topic, '--backfill', '--max-orders', String(orders), '--seed', '11', '--no-progress', ...kafka.flags]), 'produce');
    const fillSeconds = (Date.now() - fillStart) / 1000;

    stream = cli(['stream', '--transport', 'kafka', '--brokers', BROKERS, '--topic', topic, '--data-dir', dir, '--no-progress', ...kafka.flags]);
    const pid = stream.child.pid!;
    const group = stage1GroupFor(topic);
    let joinedAt: number | undefined;
    let peakRssMb = 0;
    let drainedAt: number | undefined;
    const rss: Array<[number, number]> = [];
    const started = Date.now();
    // The stream's group, read from the broker: drained means every partition committed at its end.
    const kafkaAdmin = new Kafka({ brokers: [BROKERS], logLevel: 0 }).admin();
    await kafkaAdmin.connect();
    try {
      const ends = new Map((await kafkaAdmin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      while (drainedAt === undefined) {
        if (stream.child.exitCode !== null) throw new Error(`stream exited ${stream.child.exitCode} before draining:\n${stream.output().slice(-2_000)}`);
        if (Date.now() - started > 30 * 60_000) throw new Error('stream did not drain within 30 minutes');
        const u = await usage(pid);
        peakRssMb = Math.max(peakRssMb, u.rssMb);
        rss.push([Date.now() - started, u.rssMb]);
        joinedAt ??= /joined \(generation/.test(stream.output()) ? Date.now() : undefined;
        const [committed] = await kafkaAdmin.fetchOffsets({ groupId: group, topics: [topic] });
        const atEnd = committed?.partitions.every((p) => Number(p.offset) === ends.get(p.partition)) && committed.partitions.length === ends.size;
        if (atEnd) drainedAt = Date.now();
        else await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await kafkaAdmin.disconnect();
    }
    const cpuSeconds = (await usage(pid)).cpuSeconds;
    stream.child.kill('SIGTERM');
    await mustSucceed(stream, 'stream');
    stream = undefined;

    const verify = cli(['verify', '--data-dir', dir]);
    const verifyCode = await verify.exited;
    const counted = JSON.parse(await mustSucceed(cli(['query', 'select count(*)::BIGINT as lines, count(distinct order_id)::BIGINT as orders from raw', '--data-dir', dir, '--format', 'json']), 'query')) as Array<{ lines: number; orders: number }>;
    const rawLines = Number(counted[0]?.lines ?? 0);
    const rawOrders = Number(counted[0]?.orders ?? 0);
    const seconds = (drainedAt - (joinedAt ?? started)) / 1000;
    const figures = {
      client: kafka.client ?? 'default', compression: kafka.compression ?? 'default',
      orders, rawOrders, rawLines, fillSeconds: Math.round(fillSeconds * 10) / 10, drainSeconds: Math.round(seconds * 10) / 10,
      linesPerSecond: Math.round(rawLines / seconds), cpuSecondsPerMillionLines: Math.round((cpuSeconds / rawLines) * 1e6 * 10) / 10,
      peakRssMb, reconciled: verifyCode === 0 && rawOrders === orders, verifyExitCode: verifyCode,
      rssMbSamples: rss.filter((_, i) => i % 8 === 0),
    };
    return {
      figures,
      failed: !figures.reconciled,
      lines: [
        `client ${figures.client}, compression ${figures.compression}; backlog: ${orders} orders sent in ${figures.fillSeconds} s (${Math.round(rawLines / figures.fillSeconds)} lines/s with process start); raw holds ${rawOrders} orders, ${rawLines} lines`,
        `stream (default flags), group join to every partition committed at its end: ${figures.drainSeconds} s = ${figures.linesPerSecond} lines/s`,
        `CPU ${figures.cpuSecondsPerMillionLines} s per million lines; peak RSS ${peakRssMb} MB`,
        `reconciliation: verify exit ${verifyCode}, orders ${rawOrders === orders ? 'all in raw' : `MISSING ${orders - rawOrders}`} → ${figures.reconciled ? 'reconciled' : 'NOT reconciled (throughput that loses data does not count)'}`,
      ],
    };
  } finally {
    stream?.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
};
