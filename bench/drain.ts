// Catching up on a Kafka backlog with the real `purchase-trends stream` at its default flags.
// `npm run bench -- drain [lines]` (default 1,000,000 order lines, on the local broker):
// 1. fills a fresh 4-partition topic with `produce --backfill` (~10 lines per order);
// 2. starts `stream` and times it from its group join to every partition committed at its end;
// 3. stops it, then reconciles: `verify` (aggregates = raw) and raw's line count = what was sent.
// Prints lines/s, CPU seconds per million lines and peak RSS of the stream process and its
// stage-1 worker processes (summed, and the largest one). `--workers N` passes --workers to stream
// (default: stream's own default, one worker per core). `stream` runs under the memory settings
// it is deployed with (docker-compose.yml, the same as npm start's: bench/_run-heap.ts);
// `--memory node-defaults` runs it under node's and glibc's own defaults instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { stage1GroupFor } from '../src/index';
import { countArg, kafkaClientOf } from './_kafka-client';
import { treeUsage } from './_proc-usage';
import { dropBenchTopics } from './_bench-topics';
import type { Benchmark } from './_runner';
import { RUN_MALLOC_ENV, RUN_NODE_FLAGS } from './_run-heap';

const BIN = new URL('../bin/purchase-trends.js', import.meta.url).pathname;
const BROKERS = '127.0.0.1:9092';
const LINES_PER_ORDER = 10.06; // the synthetic store's mean, measured on seed 11

interface Child { child: ChildProcess; output: () => string; exited: Promise<number> }

function cli(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC', ...env } });
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

export const run: Benchmark = async (args) => {
  const at = args.indexOf('--workers');
  const workers = at >= 0 ? args.splice(at, 2)[1] : undefined;
  if (at >= 0 && !/^[1-9]\d*$/.test(workers ?? '')) throw new Error(`--workers: expected a positive whole number, got ${workers}`);
  const memoryAt = args.indexOf('--memory');
  const memory = memoryAt >= 0 ? args.splice(memoryAt, 2)[1] : 'deployed';
  if (memory !== 'deployed' && memory !== 'node-defaults') throw new Error(`--memory: expected deployed or node-defaults, got ${memory}`);
  const streamEnv: Record<string, string> = memory === 'deployed' ? { ...RUN_MALLOC_ENV, NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', ...RUN_NODE_FLAGS].join(' ').trim() } : {};
  const kafka = kafkaClientOf(args);
  const lines = Number(countArg(args) ?? 1_000_000);
  if (!Number.isInteger(lines) || lines < 10_000) throw new Error(`lines: expected a whole number of at least 10000, got ${countArg(args)}`);
  const orders = Math.round(lines / LINES_PER_ORDER);
  const topic = `bench-drain-${Date.now()}`;
  const dir = await mkdtemp(join(tmpdir(), 'purchase-trends-bench-drain-'));
  let stream: Child | undefined;
  try {
    const fillStart = Date.now();
    await mustSucceed(cli(['produce', '--transport', 'kafka', '--brokers', BROKERS, '--topic', topic, '--backfill', '--max-orders', String(orders), '--seed', '11', '--no-progress', ...kafka.flags]), 'produce');
    const fillSeconds = (Date.now() - fillStart) / 1000;

    stream = cli(['stream', '--transport', 'kafka', '--brokers', BROKERS, '--topic', topic, '--data-dir', dir, '--no-progress', ...(workers ? ['--workers', workers] : []), ...kafka.flags], streamEnv);
    const pid = stream.child.pid!;
    const group = stage1GroupFor(topic);
    let joinedAt: number | undefined;
    let peakRssMb = 0;
    let peakLargestRssMb = 0;
    let processes = 1;
    const peakByPid = new Map<number, number>();
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
        const tree = await treeUsage(pid);
        const rssMb = tree.reduce((sum, u) => sum + u.rssMb, 0);
        peakRssMb = Math.max(peakRssMb, rssMb);
        peakLargestRssMb = Math.max(peakLargestRssMb, ...tree.map((u) => u.rssMb));
        tree.forEach((u) => peakByPid.set(u.pid, Math.max(peakByPid.get(u.pid) ?? 0, u.rssMb)));
        processes = Math.max(processes, tree.length);
        rss.push([Date.now() - started, rssMb]);
        joinedAt ??= /joined \(generation/.test(stream.output()) ? Date.now() : undefined;
        const [committed] = await kafkaAdmin.fetchOffsets({ groupId: group, topics: [topic] });
        const atEnd = committed?.partitions.every((p) => Number(p.offset) === ends.get(p.partition)) && committed.partitions.length === ends.size;
        if (atEnd) drainedAt = Date.now();
        else await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await kafkaAdmin.disconnect();
    }
    const cpuSeconds = (await treeUsage(pid)).reduce((sum, u) => sum + u.cpuSeconds, 0);
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
      workers: workers ?? 'default', memory, processes, peakRssMb, peakLargestRssMb,
      peakRssMbOfStream: peakByPid.get(pid) ?? 0, peakRssMbOfChildren: [...peakByPid].filter(([p]) => p !== pid).map(([, mb]) => mb), reconciled: verifyCode === 0 && rawOrders === orders, verifyExitCode: verifyCode,
      rssMbSamples: rss.filter((_, i) => i % 8 === 0),
    };
    return {
      figures,
      failed: !figures.reconciled,
      lines: [
        `client ${figures.client}, compression ${figures.compression}; backlog: ${orders} orders sent in ${figures.fillSeconds} s (${Math.round(rawLines / figures.fillSeconds)} lines/s with process start); raw holds ${rawOrders} orders, ${rawLines} lines`,
        `stream (${workers ? `--workers ${workers}` : 'default flags'}, ${memory === 'deployed' ? `memory as deployed: ${streamEnv.NODE_OPTIONS}, MALLOC_ARENA_MAX=${RUN_MALLOC_ENV.MALLOC_ARENA_MAX}…` : "node's default memory settings"}; ${processes} processes), group join to every partition committed at its end: ${figures.drainSeconds} s = ${figures.linesPerSecond} lines/s`,
        `CPU ${figures.cpuSecondsPerMillionLines} s per million lines (all processes); peak RSS ${peakRssMb} MB summed over the processes, ${peakLargestRssMb} MB the largest (stream ${figures.peakRssMbOfStream} MB${figures.peakRssMbOfChildren.length > 0 ? `; its child processes, the stage-1 workers: ${figures.peakRssMbOfChildren.join(', ')} MB` : ''})`,
        `reconciliation: verify exit ${verifyCode}, orders ${rawOrders === orders ? 'all in raw' : `MISSING ${orders - rawOrders}`} → ${figures.reconciled ? 'reconciled' : 'NOT reconciled (throughput that loses data does not count)'}`,
      ],
    };
  } finally {
    stream?.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    await dropBenchTopics(BROKERS, [topic]);
  }
};
