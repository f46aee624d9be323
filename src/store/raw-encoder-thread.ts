// Raw files encoded in a worker thread (stage 1 of run and stream with --encode-raw-in thread; the
// composition root gives the entry, bin/raw-encoder-thread.js). Encoding raw Parquet took over a
// quarter of the stream's thread in the soak once compaction had left it (a CPU profile), but the
// in-process stage 1 waits for each write, so the thread bought only ~6% more orders/s for ~27 MB
// more RSS (README "Raw files encoded in a thread"): hence not the default. The stream's thread
// still lays a batch's lines out as columns (one pass,
// fillRawColumns); the typed columns move to the thread without a copy, the string columns are
// copied, and the file's bytes move back. One long-lived thread, asked one file at a time.
// Should the thread fail, what it had not answered, and everything after, is encoded here
// instead, as before: a batch is never lost to the thread.
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { describeError, type Log, WorkbenchError } from '../core/index';
import { encodeRaw, encodeRawColumns, fillRawColumns, type RawColumns, type RawRecord } from './raw-table';

/** The old-generation heap of the thread, MB: a batch's columns and its file (in-process batches are ~25,000 lines). */
export const RAW_ENCODER_THREAD_HEAP_MB = 256;

export interface RawEncoder {
  /** The raw file of these records: the same bytes encodeRaw gives. */
  encode(records: readonly RawRecord[]): Promise<Uint8Array>;
  /** Ends the thread once what it was asked is answered. */
  close(): Promise<void>;
}

type ToThread = { id: number; columns: RawColumns; lines: number };
type FromThread = { id: number; bytes: Uint8Array } | { id: number; error: string };

export interface RawEncoderThreadOptions {
  /** bin/raw-encoder-thread.js, given by the composition root (src/ holds no import.meta). */
  entry: string;
  /** Told once if the thread fails and encoding moves back to this thread. */
  log: Log;
  heapMb?: number;
}

const transferable = (columns: RawColumns): ArrayBuffer[] =>
  Object.values(columns).filter((column) => !Array.isArray(column)).map((column) => (column as { buffer: ArrayBuffer }).buffer);

export function rawEncoderInThread(options: RawEncoderThreadOptions): RawEncoder {
  const pending = new Map<number, { records: readonly RawRecord[]; resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();
  let worker: Worker | undefined;
  let failed = false;
  let closed = false;
  let nextId = 0;
  let idle: (() => void) | undefined;

  const settled = (id: number): void => {
    pending.delete(id);
    if (pending.size > 0) return;
    // An idle thread does not keep the process alive; a busy one does, so that a last flush is written.
    worker?.unref();
    idle?.();
  };
  const giveUp = (why: string): void => {
    if (failed) return;
    failed = true;
    worker = undefined;
    options.log.warn(`the raw encoder thread failed (${why}); raw files are encoded in the stream's thread from now on`);
    for (const [id, job] of [...pending]) {
      encodeRaw(job.records).then(job.resolve, job.reject).finally(() => settled(id));
    }
  };
  const start = (): Worker => {
    const thread = new Worker(options.entry, { resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? RAW_ENCODER_THREAD_HEAP_MB } });
    thread.on('message', (message: FromThread) => {
      const job = pending.get(message.id);
      if (!job) return;
      if ('bytes' in message) job.resolve(message.bytes);
      else job.reject(new WorkbenchError('WORKER_FAILED', `encoding a raw file of ${job.records.length} orders failed: ${message.error}`));
      settled(message.id);
    });
    thread.on('error', (error) => giveUp(describeError(error)));
    thread.once('exit', (code) => {
      if (!closed) giveUp(`it exited with code ${code}`);
    });
    thread.unref();
    return thread;
  };

  return {
    encode(records) {
      if (failed || closed) return encodeRaw(records);
      worker ??= start();
      const id = nextId++;
      const { columns, lines } = fillRawColumns(records);
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { records, resolve, reject });
        worker!.ref();
        worker!.postMessage({ id, columns, lines } satisfies ToThread, transferable(columns));
      });
    },
    async close() {
      if (pending.size > 0) await new Promise<void>((resolve) => (idle = resolve));
      closed = true;
      await worker?.terminate();
      worker = undefined;
    },
  };
}

/** The thread's side (bin/raw-encoder-thread.js): encodes the files it is asked for, one at a time. */
export function runRawEncoderThread(): void {
  const port = parentPort;
  if (isMainThread || !port) {
    throw new WorkbenchError('BAD_CONFIG', 'bin/raw-encoder-thread.js is started as a worker thread by stage 1 of run and stream, not by hand');
  }
  port.on('message', ({ id, columns, lines }: ToThread) => {
    let answer: FromThread;
    try {
      answer = { id, bytes: encodeRawColumns(columns, lines) };
    } catch (error) {
      answer = { id, error: describeError(error) };
    }
    port.postMessage(answer, 'bytes' in answer ? [answer.bytes.buffer as ArrayBuffer] : []);
  });
}
