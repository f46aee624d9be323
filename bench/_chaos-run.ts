// The chaos suite: two `stream` workers (--store hdfs) on a 4-partition topic while
// `produce --transport kafka` sends N seeded orders, on a private Kafka + HDFS stack; K random
// SIGKILLs of workers (each restarted), one SIGKILL of the broker and one NameNode outage,
// both restarted by scripts/services.sh. Then it checks that every produced line is in raw
// exactly once, that the aggregates reconcile, and that no process hung.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeHistory, type RawVerdict } from './_chaos-check';
import { finishRun, type Finish } from './_chaos-finish';
import { planChaos } from './_chaos-plan';
import { spawnCli, type CliProcess } from './_chaos-procs';
import { createWorkerSlot, type UnplannedExit, type WorkerSlot } from './_chaos-slot';
import { createChaosStack, type ChaosStack } from './_chaos-stack';
import { runChaosEvents } from './_chaos-events';

export interface ChaosOptions {
  orders: number;
  kills: number;
  seed?: number;
  /** Orders per second; by default the producer runs 100 s + 5 s per kill. */
  rate?: number;
  /** The private stack's ports are derived from this (Kafka base+92, WebHDFS base+70). */
  portBase?: number;
  outageMs?: number;
  /** The workers' --stop-timeout: an owner stopped during a rebalance replays partials before it writes. */
  stopTimeoutMs?: number;
  /** How long a worker may take to exit after SIGTERM (hung after that). */
  stopBoundMs?: number;
  /** How long a worker may stay alive after printing an error. */
  hangBoundMs?: number;
  drainTimeoutMs?: number;
  /** Keep the run folder (logs, downloaded history) even when everything passed. */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface ChaosFigures extends Omit<RawVerdict, 'rawLines'> {
  orders: number;
  lines: number;
  kills: number;
  reconciled: boolean;
  hung: number;
  seconds: number;
  rate: number;
  brokerRestarts: number;
  namenodeRestarts: number;
  namenodeOutageSeconds: number;
  workerStarts: number;
  unplannedExits: Array<Omit<UnplannedExit, 'tail'> & { lastLine: string }>;
  /** Workers that printed an error and did not exit within the bound (counted in hung). */
  hungWorkers: Array<Omit<UnplannedExit, 'tail'> & { lastLine: string }>;
  producer: { exitCode: number | null; seconds: number };
  drain: Finish['drain'];
  stopSeconds: number[];
  unmergedPartials: number;
  settle: Finish['settle'];
  verify: { exitCode: number | null; lines: string[] };
  aggregates: Record<string, number>;
  storedFiles: number;
  temporaryFiles: number;
  timeline: Array<{ atS: number; event: string }>;
  /** Set when the folder was kept: logs of every process, the stack, the downloaded history. */
  runDir?: string;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;
const lastLine = (tail: string): string => tail.trim().split('\n').pop()?.slice(0, 300) ?? '';
const JOINED = /group purchase-trends-stage1\.\S+: joined/;

async function bounded(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([p.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return inTime;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosFigures> {
  const { orders, kills, seed = 7, portBase = 19_000, outageMs = 30_000, stopTimeoutMs = 60_000, stopBoundMs = 75_000, hangBoundMs = 60_000, drainTimeoutMs = 600_000, log = () => undefined } = options;
  const started = Date.now();
  const plan = planChaos({ orders, kills, seed, rate: options.rate });
  const root = await mkdtemp(join(tmpdir(), 'purchase-trends-chaos-'));
  await mkdir(join(root, 'logs'));
  const timeline: ChaosFigures['timeline'] = [];
  const note = (event: string): void => {
    timeline.push({ atS: seconds(Date.now() - started), event });
    log(`[chaos ${seconds(Date.now() - started)}s] ${event}`);
  };
  const unplanned: UnplannedExit[] = [];
  const hungWorkers: UnplannedExit[] = [];
  let stack: ChaosStack | undefined;
  let slots: WorkerSlot[] = [];
  let producer: CliProcess | undefined;
  let passed = false;
  try {
    stack = await createChaosStack(join(root, 'stack'), portBase, () => undefined);
    note(`starting the private Kafka (${stack.brokers}) and HDFS (${stack.namenode}) in ${root}`);
    await stack.up('all');
    const topic = `chaos-${Date.now()}`;
    const hdfsPath = `/chaos/${topic}`;
    const common = ['--transport', 'kafka', '--brokers', stack.brokers, '--topic', topic, '--partitions', '4'];
    const worker = ['stream', ...common, '--store', 'hdfs', '--namenode', stack.namenode, '--hdfs-path', hdfsPath,
      '--data-dir', join(root, 'data'), '--checkpoint-dir', join(root, 'checkpoints'), '--flush-interval', '2s', '--no-progress',
      '--stop-timeout', `${stopTimeoutMs / 1000}s`, '--workers', '1']; // one process per worker: the one the plan SIGKILLs
    note(`stack ready; starting 2 stream workers on ${topic}`);
    slots = ['a', 'b'].map((name) => createWorkerSlot({
      name, args: worker, logFile: (n) => join(root, 'logs', `worker-${name}-${n}.log`), hangBoundMs, t0: started,
      onUnplanned: (exit) => {
        unplanned.push(exit);
        note(`worker ${exit.slot} #${exit.start} exited on its own (code ${exit.code}, signal ${exit.signal}); restarting it`);
      },
      onHung: (exit) => {
        hungWorkers.push(exit);
        note(`worker ${exit.slot} #${exit.start} HUNG: still alive ${hangBoundMs / 1000} s after its error "${lastLine(exit.tail)}"; SIGKILL and restart`);
      },
    }));
    const joined = await Promise.all(slots.map((s) => s.current()!.printed(JOINED, 120_000)));
    if (!joined.every(Boolean)) throw new Error(`a stream worker did not join its group within 120 s; see ${join(root, 'logs')}`);

    note(`producing ${orders} orders at ${plan.rate}/s over ${seconds(plan.windowMs)} s`);
    const t0 = Date.now();
    producer = spawnCli(['produce', ...common, '--seed', String(seed), '--max-orders', String(orders), '--rate', String(plan.rate),
      '--speedup', '10', '--seasonality', 'off', '--no-progress'], join(root, 'logs', 'producer.log'));
    const events = runChaosEvents({ plan, t0, slots, stack, outageMs, note });
    const producerInTime = await bounded(producer.exited, plan.windowMs * 1.5 + 180_000);
    if (!producerInTime) {
      note('the producer did not finish in time: SIGKILL');
      producer.child.kill('SIGKILL');
    }
    const producerExit = await producer.exited;
    const producerSeconds = seconds(Date.now() - t0);
    note(`producer exited (code ${producerExit.code}) after ${producerSeconds} s`);
    const chaos = await events;

    const finish = await finishRun({
      brokers: stack.brokers, topic, slots, drainTimeoutMs, boundMs: stopBoundMs, note,
      settler: { args: worker, logFile: (n) => join(root, 'logs', `worker-settle-${n}.log`), hangBoundMs, t0: started },
    });
    const hung = hungWorkers.length + (producerInTime ? 0 : 1) + finish.hung;

    const v = await judgeHistory({ namenode: stack.namenode, hdfsPath, dir: join(root, 'history'), seed, orders, verifyLog: join(root, 'logs', 'verify.log') });
    const { rawLines, ...raw } = v.raw;
    note(`raw: ${rawLines} lines stored of ${v.lines}; lost ${raw.lost}, duplicated ${raw.duplicated}; verify exit ${v.verify.exitCode}; reconciled ${v.reconciled}`);
    passed = raw.lost === 0 && raw.duplicated === 0 && raw.unexpected === 0 && v.reconciled && hung === 0 && producerExit.code === 0;
    return {
      orders, lines: v.lines, kills: chaos.kills, ...raw, reconciled: v.reconciled, hung,
      seconds: seconds(Date.now() - started), rate: plan.rate,
      brokerRestarts: chaos.brokerRestarts, namenodeRestarts: chaos.namenodeRestarts, namenodeOutageSeconds: chaos.namenodeOutageSeconds,
      workerStarts: slots.reduce((n, s) => n + s.starts, 0),
      unplannedExits: unplanned.map(({ tail, ...exit }) => ({ ...exit, lastLine: lastLine(tail) })),
      hungWorkers: hungWorkers.map(({ tail, ...exit }) => ({ ...exit, lastLine: lastLine(tail) })),
      producer: { exitCode: producerExit.code, seconds: producerSeconds },
      drain: finish.drain, stopSeconds: finish.stopSeconds, unmergedPartials: finish.unmergedPartials, settle: finish.settle, verify: v.verify,
      aggregates: { ...v.aggregates, rawLines }, storedFiles: v.storedFiles, temporaryFiles: v.temporaryFiles,
      timeline, runDir: options.keep || !passed ? root : undefined,
    };
  } finally {
    await Promise.all(slots.map((s) => s.stop(5_000)));
    if (producer && producer.child.exitCode === null && producer.child.signalCode === null) producer.child.kill('SIGKILL');
    await stack?.down().catch((error: unknown) => log(`[chaos] stopping the private stack failed: ${(error as Error).message}`));
    if (passed && !options.keep) await rm(root, { recursive: true, force: true });
    else log(`[chaos] run folder kept: ${root}`);
  }
}
