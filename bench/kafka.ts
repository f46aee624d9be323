// Sustained throughput on real Kafka: producer → broker → stage 1 → store (and stage 2), on the
// local broker (npm run services -- up kafka). Two runs on fresh 4-partition topics:
// - end to end: the real `purchase-trends produce --backfill` in a child process, while this
//   process runs stage 1 and stage 2 exactly as `purchase-trends stream` does;
// - backlog: the producer alone first (its own rate), then stage 1 drains the backlog.
// `npm run bench -- kafka [orders] [--profile]`; --profile records CPU profiles of both sides
// and prints where the time goes.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLog, DEFAULT_CONFIG, startParts, stopParts, planRun, currentHost, systemClock, type Parts } from '../src/index';
import { loggedAt } from './_cli-log';
import { formatSummary, profileWhile, summarizeProfile, type CpuProfile, type ProfileSummary } from './_profile';
import { countArg, kafkaClientOf, type KafkaClientChoice } from './_kafka-client';
import { trackUsage } from './_proc-usage';
import { dropBenchTopics } from './_bench-topics';
import type { Benchmark } from './_runner';

const BIN = new URL('../bin/purchase-trends.js', import.meta.url).pathname;
const BROKERS = '127.0.0.1:9092';

interface ProducerRun {
  done: Promise<void>;
  /** Orders per second between its first send and its last, from its own log. */
  ordersPerSecond(): number;
  /** Its CPU seconds and peak RSS as last sampled from /proc (every 250 ms, so a little low). */
  usage(): { cpuSeconds: number; peakRssMb: number };
}

function startProducer(topic: string, orders: number, kafka: KafkaClientChoice, profileDir?: string): ProducerRun {
  const flags = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...flags, BIN, 'produce', '--transport', 'kafka', '--brokers', BROKERS, '--topic', topic,
    '--backfill', '--max-orders', String(orders), '--no-progress', '--seed', '11', ...kafka.flags], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  child.stderr.on('data', (d) => (text += d));
  const done = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`producer exited ${code}:\n${text}`)))));
  const tracked = trackUsage(child.pid);
  void done.finally(() => tracked.stop()).catch(() => undefined);
  return {
    done,
    ordersPerSecond: () => (orders * 1000) / (loggedAt(text, /producer finished/) - loggedAt(text, /produce: transport/)),
    usage: () => ({ cpuSeconds: tracked.cpuSeconds, peakRssMb: tracked.peakRssMb }),
  };
}

interface Measured {
  orders: number;
  lines: number;
  seconds: number;
  linesPerSecond: number;
  ordersPerSecond: number;
  producerOrdersPerSecond: number;
  /** Stage 1 and stage 2 (this process) from their start to the last commit, per million lines. */
  consumerCpuSecondsPerMillionLines: number;
  /** The producer's process (start-up included), per million lines. */
  producerCpuSecondsPerMillionLines: number;
  /** This process (stage 1, stage 2 and the bench) and the producer's. */
  consumerPeakRssMb: number;
  producerPeakRssMb: number;
  maxCommittedLag: number;
  lagSamples: Array<[number, number]>;
  rawFiles: number;
  consumerProfile?: ProfileSummary;
  producerProfile?: ProfileSummary;
}

const perMillion = (seconds: number, lines: number): number => Math.round((seconds / lines) * 1e6 * 10) / 10;

async function measure(dir: string, topic: string, orders: number, backlogFirst: boolean, profile: boolean, kafka: KafkaClientChoice): Promise<Measured> {
  const config = structuredClone(DEFAULT_CONFIG);
  config.transport = { ...config.transport, kind: 'kafka', brokers: [BROKERS], topic, partitions: 4 };
  config.transport.client = kafka.client ?? config.transport.client;
  config.transport.compression = kafka.compression ?? config.transport.compression;
  config.store.dataDir = join(dir, topic);
  config.flushIntervalMs = 5_000;
  config.workers = 1; // stage 1 in this process, as its profile and figures assume (the drain bench measures --workers)
  let fatal: unknown;
  const deps = { log: createLog({ level: 'warn' }), clock: systemClock, onFatal: (e: unknown) => void (fatal ??= e) };
  const profileDir = profile ? join(dir, `${topic}-producer-profile`) : undefined;

  let producer: ProducerRun | undefined;
  if (backlogFirst) {
    producer = startProducer(topic, orders, kafka, profileDir);
    await producer.done;
  }
  const consume = async () => {
    const cpuAtStart = process.cpuUsage();
    const parts: Parts = await startParts(planRun(config, currentHost()), { produce: false, stage1: true, stage2: 'writer' }, deps);
    producer ??= startProducer(topic, orders, kafka, profileDir);
    const worker = parts.worker!;
    const lagSamples: Array<[number, number]> = [];
    let first = 0;
    let peakRssMb = 0;
    const t0 = Date.now();
    try {
      while (worker.stats.consumed < orders) {
        if (fatal) throw fatal;
        if (first === 0 && worker.stats.consumed > 0) first = Date.now();
        peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20);
        lagSamples.push([Date.now() - t0, await worker.lag()]);
        await new Promise((r) => setTimeout(r, 250));
      }
      await worker.flush(); // the last records are durable and committed: end to end means in the store
      const end = Date.now();
      lagSamples.push([end - t0, await worker.lag()]);
      await producer.done;
      return { parts, first: first || t0, end, lagSamples, peakRssMb, cpu: process.cpuUsage(cpuAtStart) };
    } catch (error) {
      await stopParts(parts, deps).catch(() => undefined); // no timer may write into the folder removed next
      throw error;
    }
  };
  const { result, profile: consumerProfile } = profile ? await profileWhile(consume) : { result: await consume(), profile: undefined };
  const { parts, first, end, lagSamples, peakRssMb, cpu } = result;
  await stopParts(parts, deps);
  const lines = parts.stage2!.stage2.view.summary().lines;
  const seconds = (end - first) / 1000;
  let producerProfile: ProfileSummary | undefined;
  if (profileDir) {
    const file = (await readdir(profileDir)).find((f) => f.endsWith('.cpuprofile'));
    if (file) producerProfile = summarizeProfile(JSON.parse(await readFile(join(profileDir, file), 'utf8')) as CpuProfile);
  }
  if (consumerProfile) await writeFile(join('reports', 'bench', `kafka-${topic}-consumer.cpuprofile`), JSON.stringify(consumerProfile)).catch(() => undefined);
  return {
    orders, lines, seconds: Math.round(seconds * 10) / 10,
    linesPerSecond: Math.round(lines / seconds), ordersPerSecond: Math.round(orders / seconds),
    producerOrdersPerSecond: Math.round(producer!.ordersPerSecond()),
    consumerCpuSecondsPerMillionLines: perMillion((cpu.user + cpu.system) / 1e6, lines),
    producerCpuSecondsPerMillionLines: perMillion(producer!.usage().cpuSeconds, lines),
    consumerPeakRssMb: Math.round(peakRssMb), producerPeakRssMb: producer!.usage().peakRssMb,
    maxCommittedLag: Math.max(...lagSamples.map(([, lag]) => lag)),
    lagSamples: lagSamples.filter((_, i) => i % 4 === 0),
    rawFiles: parts.worker!.stats.rawFiles,
    consumerProfile: consumerProfile ? summarizeProfile(consumerProfile) : undefined,
    producerProfile,
  };
}

export const run: Benchmark = async (args) => {
  const orders = Number(countArg(args) ?? 50_000);
  const profile = args.includes('--profile');
  const kafka = kafkaClientOf(args);
  const dir = await mkdtemp(join(tmpdir(), 'purchase-trends-bench-kafka-'));
  const stamp = Date.now();
  try {
    const endToEnd = await measure(dir, `bench-e2e-${stamp}`, orders, false, profile, kafka);
    const backlog = await measure(dir, `bench-backlog-${stamp}`, orders, true, profile, kafka);
    const lines = [
      `orders ${orders}, lines ${endToEnd.lines}, 4 partitions, client ${kafka.client ?? 'default'}, compression ${kafka.compression ?? 'default'}, acks=all, flush every 5 s`,
      `end to end (producer concurrently): ${endToEnd.linesPerSecond} lines/s (${endToEnd.ordersPerSecond} orders/s) over ${endToEnd.seconds} s; producer ${endToEnd.producerOrdersPerSecond} orders/s; max committed lag ${endToEnd.maxCommittedLag} messages`,
      `backlog (producer first):           producer alone ${backlog.producerOrdersPerSecond} orders/s; stage 1 drains ${backlog.linesPerSecond} lines/s (${backlog.ordersPerSecond} orders/s) over ${backlog.seconds} s; max committed lag ${backlog.maxCommittedLag}`,
      ...([['end to end', endToEnd], ['backlog', backlog]] as const).map(([name, r]) =>
        `${name.padEnd(10)} CPU s per million lines: consumer (stage 1 + 2) ${r.consumerCpuSecondsPerMillionLines}, producer ${r.producerCpuSecondsPerMillionLines} (start-up included); peak RSS: consumer ${r.consumerPeakRssMb} MB, producer ${r.producerPeakRssMb} MB`),
      ...(backlog.consumerProfile ? formatSummary('consumer (stage 1 + stage 2, backlog)', backlog.consumerProfile) : []),
      ...(backlog.producerProfile ? formatSummary('producer (backlog)', backlog.producerProfile) : []),
    ];
    return { figures: { orders, client: kafka.client ?? 'default', compression: kafka.compression ?? 'default', endToEnd, backlog }, lines };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await dropBenchTopics(BROKERS, [`bench-e2e-${stamp}`, `bench-backlog-${stamp}`]);
  }
};
