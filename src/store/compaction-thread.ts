// Compaction passes in a worker thread (the run job's --compact-every, when the composition root
// gives the thread's entry, bin/compaction-thread.js). Decoding and re-encoding closed hours of
// Parquet is the heaviest work of a run after the stream itself: in the stream's own thread it
// took about a fifth of that thread in the soak (a CPU profile, README "Compaction in a thread
// of its own"), time the stream could not take orders in. One thread per pass: it opens its own
// store from the store settings (plain data), merges, posts the results and ends, so its heap
// is given back between passes; a pass that throws or outgrows the thread's heap fails that
// pass only (the schedule tries again at its next interval), never the pipeline.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { describeError, type Log, systemClock, WorkbenchError } from '../core/index';
import { compactClosedHours, type PartitionCompaction } from './compaction';
import type { CompactionPass, CompactionPassRequest } from './compaction-schedule';
import { openStoreOf, type StoreSettings } from './open';

/**
 * The old-generation heap of a compaction thread, MB: a merge holds a row group of its inputs and
 * one of its output at a time. Merging 50k orders a partition (`npm run bench -- compaction 200000
 * --thread-heap-mb N`) took as long at 64 MB as at 256 and twice as long at 32; 128 leaves room.
 * A process started with --max-old-space-size (the run job's 512, package.json) gives every
 * thread that limit instead: V8's flag wins over a worker's resourceLimits (node 20).
 */
export const DEFAULT_COMPACTION_THREAD_HEAP_MB = 128;

interface ThreadData {
  store: StoreSettings;
  request: CompactionPassRequest;
  /** An Int32Array's buffer: 1 once the schedule stops (the pass ends after the partition it is on). */
  stop: SharedArrayBuffer;
}

type LogLevel = keyof Log;
type FromThread =
  | { kind: 'log'; level: LogLevel; message: string }
  | { kind: 'done'; results: PartitionCompaction[] }
  | { kind: 'failed'; message: string; retriable: boolean };

export interface CompactionThreadOptions {
  /** bin/compaction-thread.js, given by the composition root (src/ holds no import.meta). */
  entry: string;
  /** The store the pipeline writes to, as configured: the thread opens its own. */
  store: StoreSettings;
  /** Where the thread's log lines go. */
  log: Log;
  heapMb?: number;
}

/** Each pass in a thread of its own; resolves once the thread has ended. */
export function compactionInThread(options: CompactionThreadOptions): CompactionPass {
  const heapMb = options.heapMb ?? DEFAULT_COMPACTION_THREAD_HEAP_MB;
  return (request, signal) => new Promise<PartitionCompaction[]>((resolve, reject) => {
    const stop = new SharedArrayBuffer(4);
    const data: ThreadData = { store: options.store, request, stop };
    const worker = new Worker(options.entry, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    const onAbort = (): void => void Atomics.store(new Int32Array(stop), 0, 1);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    let outcome: { results: PartitionCompaction[] } | { error: Error } | undefined;
    worker.on('message', (message: FromThread) => {
      if (message.kind === 'log') options.log[message.level](message.message);
      else if (message.kind === 'done') outcome = { results: message.results };
      else outcome = { error: new WorkbenchError('STORE_FAILED', message.message, { retriable: message.retriable }) };
    });
    // Uncaught in the thread, or its heap outgrown (ERR_WORKER_OUT_OF_MEMORY): the exit follows.
    worker.on('error', (error) => {
      outcome ??= { error: new WorkbenchError('WORKER_FAILED', `the compaction thread failed: ${describeError(error)}`, { cause: error, retriable: true }) };
    });
    worker.once('exit', (code) => {
      signal.removeEventListener('abort', onAbort);
      if (outcome && 'results' in outcome) resolve(outcome.results);
      else reject(outcome?.error ?? new WorkbenchError('WORKER_FAILED', `the compaction thread exited (code ${code}) before it finished its pass`, { retriable: true }));
    });
  });
}

/** The thread's side (bin/compaction-thread.js): one pass, as workerData asks. */
export async function runCompactionThread(): Promise<void> {
  const port = parentPort;
  if (isMainThread || !port) {
    throw new WorkbenchError('BAD_CONFIG', 'bin/compaction-thread.js is started as a worker thread by the compaction of run and stream, not by hand');
  }
  const { store: settings, request, stop } = workerData as ThreadData;
  const post = (message: FromThread): void => port.postMessage(message);
  const at = (level: LogLevel) => (message: string): void => post({ kind: 'log', level, message });
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const stopFlag = new Int32Array(stop);
  try {
    const store = await openStoreOf(settings, { log, clock: systemClock });
    const results = await compactClosedHours({ store, ...request, log, stopRequested: () => Atomics.load(stopFlag, 0) === 1 });
    post({ kind: 'done', results });
  } catch (error) {
    post({ kind: 'failed', message: describeError(error), retriable: (error as WorkbenchError).retriable !== false });
  }
}
