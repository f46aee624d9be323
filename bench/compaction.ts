// Compaction of one closed hour: raw small files (one per flush and source partition) merged
// into one file per source partition.
// `npm run bench -- compaction [orders] [fs|hdfs] [batch] [row-group-rows] [--thread] [--thread-heap-mb N]`
// (hdfs: the local NameNode at http://127.0.0.1:9870, under /purchase-trends-bench). It also
// samples the process's memory every 50 ms during the merge: what a merge adds to a running job,
// and what the merge costs the main thread, where the stream runs: its CPU time and how late
// its event loop ran (a timer due every 10 ms). --thread merges in a worker thread, as the run
// job's --compact-every does (store/compaction-thread.ts), instead of in the main thread.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  compactClosedHours, compactionInThread, createFsStore, DEFAULT_COMPACTION_THREAD_HEAP_MB, createHistoryWriter, createSyntheticSource, createWebHdfsStore, DEFAULT_CONFIG,
  MERGED_ROW_GROUP_ROWS, silentLog, systemClock, type PartitionCompaction, type Store,
} from '../src/index';
import { mainThreadCpuSeconds } from './_proc-usage';
import type { Benchmark } from './_runner';
import { spreadOf, type RssSpread } from './_soak-samples';

const THREAD_ENTRY = fileURLToPath(new URL('../bin/compaction-thread.js', import.meta.url));
const NAMENODE = 'http://127.0.0.1:9870';
const USAGE = 'usage: compaction [orders] [fs|hdfs] [batch] [row-group-rows] [--thread] [--thread-heap-mb N]';

const HOUR = Date.UTC(2026, 10, 24, 9);

/** A positional argument that must be a whole number above 0, or its default when absent. */
function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} wants a whole number above 0, got "${value}" (${USAGE})`);
  return n;
}

export const run: Benchmark = async (all) => {
  const heapAt = all.indexOf('--thread-heap-mb');
  const heapMb = heapAt >= 0 ? count('--thread-heap-mb', all[heapAt + 1] ?? '', DEFAULT_COMPACTION_THREAD_HEAP_MB) : undefined;
  const thread = all.includes('--thread') || heapMb !== undefined;
  const args = all.filter((a, i) => a !== '--thread' && (heapAt < 0 || (i !== heapAt && i !== heapAt + 1)));
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) throw new Error(`unknown option "${unknown}" (${USAGE})`);
  const orders = count('orders', args[0], 20_000);
  const kind = args[1] ?? 'fs';
  if (kind !== 'fs' && kind !== 'hdfs') throw new Error(`the store wants fs or hdfs, got "${kind}" (${USAGE})`);
  const batch = count('batch', args[2], 250);
  const rowGroupRows = count('row-group-rows', args[3], MERGED_ROW_GROUP_ROWS);
  const partitions = 4;
  const dir = await mkdtemp(join(tmpdir(), 'purchase-trends-bench-'));
  const hdfsRoot = `/purchase-trends-bench/${Date.now()}`;
  const store: Store = kind === 'hdfs'
    ? createWebHdfsStore({ namenode: NAMENODE, root: hdfsRoot, user: 'purchase-trends-bench', clock: systemClock })
    : createFsStore({ root: dir });
  try {
    const { lines, writeMs } = await writeSmallFiles(store, orders, partitions, batch);
    const before = await store.list('purchase-analytics/raw');
    // The generated orders are garbage by now: with --expose-gc, collect them, so that the
    // samples start from what a running job holds besides the merge.
    (globalThis as { gc?: () => void }).gc?.();
    const request = { closedBefore: HOUR + 2 * 3_600_000, datasets: ['raw'] as const, targetBytes: 128 * 1024 * 1024 };
    const merge = thread
      ? compactionInThread({
        entry: THREAD_ENTRY, log: silentLog, ...(heapMb ? { heapMb } : {}),
        store: { ...DEFAULT_CONFIG.store, ...(kind === 'hdfs' ? { kind, namenode: NAMENODE, hdfsPath: hdfsRoot, hdfsUser: 'purchase-trends-bench' } : { kind, dataDir: dir }) },
      })
      : (): Promise<PartitionCompaction[]> => compactClosedHours({ store, ...request, rowGroupRows });
    const memory = sampleMemory(50);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const [cpu0, main0] = [process.cpuUsage(), await mainThreadCpuSeconds()];
    const compactStart = performance.now();
    const [result] = await merge(request, new AbortController().signal);
    const compactMs = performance.now() - compactStart;
    const [cpu, main1] = [process.cpuUsage(cpu0), await mainThreadCpuSeconds()];
    loop.disable();
    const during = memory.stop();
    if (result?.error) throw new Error(`the merge failed: ${result.error}`);
    const after = await store.list('purchase-analytics/raw');
    const mb = (files: typeof before) => files.reduce((n, f) => n + f.size, 0) / 1_048_576;
    const figures = {
      store: kind, orders, lines, filesBefore: before.length, filesAfter: after.length,
      mbBefore: Number(mb(before).toFixed(2)), mbAfter: Number(mb(after).toFixed(2)),
      writeSmallFilesMs: Math.round(writeMs), compactMs: Math.round(compactMs),
      compactLinesPerSecond: Math.round((lines * 1000) / compactMs), rowsKept: result?.merged.reduce((n, m) => n + m.rows, 0),
      rowGroupRows, nodeOptions: process.execArgv, memoryDuringMerge: during,
      mergedIn: thread ? `a worker thread (old-generation heap ${heapMb ?? DEFAULT_COMPACTION_THREAD_HEAP_MB} MB)` : 'the main thread',
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      mainThreadCpuSeconds: main0 === null || main1 === null ? null : Math.round((main1 - main0) * 100) / 100,
      eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    };
    return {
      figures,
      lines: [
        `${kind}: ${orders} orders, ${lines} lines in ${before.length} raw files (${figures.mbBefore} MB), written in ${figures.writeSmallFilesMs} ms`,
        `compacted in ${figures.mergedIn} into ${after.length} files (${figures.mbAfter} MB) in ${figures.compactMs} ms: ${figures.compactLinesPerSecond} lines/s, ${figures.rowsKept} rows kept`,
        `CPU during the merge: ${figures.cpuSeconds} s in all, ${figures.mainThreadCpuSeconds ?? 'n/a'} s of it in the main thread; ` +
          `the main thread's event loop late by ${figures.eventLoopDelayMs.p50} ms (median), ${figures.eventLoopDelayMs.p99} (p99), ${figures.eventLoopDelayMs.max} (max)`,
        `memory during the merge (${rowGroupRows}-row groups, ${during.samples} samples): RSS median ${during.rssMb.median} MB, max ${during.rssMb.max}; ` +
          `heap used ${during.heapUsedMb.start} MB at the start, max ${during.heapUsedMb.max}; heap total max ${during.heapTotalMb.max}, array buffers max ${during.arrayBuffersMb.max}`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (kind === 'hdfs') await fetch(`http://127.0.0.1:9870/webhdfs/v1${hdfsRoot}?op=DELETE&recursive=true&user.name=purchase-trends-bench`, { method: 'DELETE' }).catch(() => undefined);
  }
};

/** Orders spread over 50 minutes of one hour, written as the live job writes raw: a file per batch and partition. */
async function writeSmallFiles(store: Store, orders: number, partitions: number, batch: number): Promise<{ lines: number; writeMs: number }> {
  const events = [...createSyntheticSource({ seed: 3, startTime: HOUR + 5 * 60_000, ordersPerSecond: orders / 3_000, maxOrders: orders, seasonality: false }).generate()];
  const writer = createHistoryWriter(store);
  const writeStart = performance.now();
  for (let p = 0; p < partitions; p++) {
    const mine = events.filter((_, i) => i % partitions === p);
    for (let first = 0; first < mine.length; first += batch) {
      await writer.writeRaw(p, mine.slice(first, first + batch).map((event, i) => ({ partition: p, offset: first + i, event, late: false })));
    }
  }
  return { lines: events.reduce((n, e) => n + e.lines.length, 0), writeMs: performance.now() - writeStart };
}

type Spread = { start: number } & RssSpread;

/** A histogram's nanoseconds as whole milliseconds, beyond the 10 ms the timer is due every. */
const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e6 - 10));

/** process.memoryUsage() every `everyMs` until stopped, in MB. */
function sampleMemory(everyMs: number): { stop(): { samples: number; rssMb: Spread; heapUsedMb: Spread; heapTotalMb: Spread; arrayBuffersMb: Spread } } {
  const samples: NodeJS.MemoryUsage[] = [process.memoryUsage()];
  const timer = setInterval(() => samples.push(process.memoryUsage()), everyMs);
  const spread = (pick: (m: NodeJS.MemoryUsage) => number): Spread => {
    const mb = samples.map((m) => Math.round(pick(m) / 1_048_576));
    return { start: mb[0]!, ...spreadOf(mb)! };
  };
  return {
    stop() {
      clearInterval(timer);
      samples.push(process.memoryUsage());
      return { samples: samples.length, rssMb: spread((m) => m.rss), heapUsedMb: spread((m) => m.heapUsed), heapTotalMb: spread((m) => m.heapTotal), arrayBuffersMb: spread((m) => m.arrayBuffers) };
    },
  };
}
