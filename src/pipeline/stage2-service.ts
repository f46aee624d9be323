// Stage 2 as a running service: consumes the partials topic, keeps the live view, and —
// when it is the writer — writes each closed window's aggregates to the store.
// A read-only replica (the `serve` command) keeps its own live view from the same topic.
import type { Clock } from '../clock';
import type { Log } from '../log';
import { withRetry } from '../retry';
import { decodePartial, type Stage1Partial } from '../stream/partial';
import type { StreamSettings } from '../stream/settings';
import type { ClosedWindow } from '../stream/stage2';
import { createStage2, type Stage2 } from '../stream/topology';
import { createHistoryWriter } from '../store/history';
import type { Store } from '../store/types';
import type { Batch, Transport, TransportConsumer } from '../transport/types';
import { createSerial } from './serial';

export interface Stage2ServiceOptions {
  transport: Transport;
  partialsTopic: string;
  groupId: string;
  settings: StreamSettings;
  /** The writer of aggregated history; a replica has none. */
  store?: Store;
  flushIntervalMs: number;
  clock: Clock;
  log: Log;
  onError?: (error: unknown) => void;
}

export interface Stage2Service {
  readonly stage2: Stage2;
  start(): Promise<void>;
  /** Writes the windows closed so far. */
  flush(): Promise<void>;
  lag(): Promise<number>;
  /** Closes every open window, writes it, and stops. */
  stop(): Promise<void>;
  /** Called after every change of the live view. */
  onUpdate(listener: () => void): () => void;
  readonly stats: { windowsWritten: number; files: number };
}

const CLOSE_CHECK_MS = 250;

export function createStage2Service(options: Stage2ServiceOptions): Stage2Service {
  const { transport, partialsTopic, groupId, settings, store, clock, log } = options;
  const stage2 = createStage2(settings);
  const history = store ? createHistoryWriter(store) : undefined;
  const serial = createSerial();
  const listeners = new Set<() => void>();
  const pending: ClosedWindow[] = [];
  const stats = { windowsWritten: 0, files: 0 };
  let consumer: TransportConsumer | undefined;
  let timers: NodeJS.Timeout[] = [];

  const notify = (): void => listeners.forEach((listener) => listener());
  const ingest = (partials: Stage1Partial[]): void => {
    const closed = stage2.ingest(partials, clock.now());
    if (history) pending.push(...closed);
    notify();
  };

  const flush = async (): Promise<void> => {
    while (history && pending.length > 0) {
      const closed = pending[0]!;
      const files = await withRetry(() => history.writeWindow(closed), {
        clock, onRetry: (error, attempt, delay) => log.warn(`writing window ${new Date(closed.window.start).toISOString()} failed (attempt ${attempt}), retrying in ${delay} ms: ${(error as Error).message}`),
      });
      pending.shift();
      stats.windowsWritten++;
      stats.files += files.length;
    }
  };

  const onBatch = (batch: Batch): Promise<void> =>
    serial(async () => {
      ingest(batch.messages.map((m) => decodePartial(m.value)));
      const last = batch.messages[batch.messages.length - 1];
      if (last) await consumer?.commit([{ topic: batch.topic, partition: batch.partition, offset: last.offset + 1 }]);
    });

  const every = (ms: number, work: () => Promise<void>, what: string): void => {
    const timer = setInterval(() => serial(work).catch((error: unknown) => log.error(`${what}: ${(error as Error).message}`)), ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    stage2,
    stats,
    async start() {
      await transport.ensureTopic(partialsTopic, 1);
      consumer = await transport.createConsumer({ groupId, topics: [partialsTopic], fromBeginning: true });
      await consumer.run({ onBatch, onError: (error) => options.onError?.(error) });
      // Windows also close while no partial arrives, as idle partitions stop holding the watermark.
      every(CLOSE_CHECK_MS, async () => ingest([]), 'closing windows');
      if (history) every(options.flushIntervalMs, flush, 'writing aggregated Parquet');
    },
    flush: () => serial(flush),
    lag: async () => (consumer ? consumer.lag(partialsTopic) : 0),
    async stop() {
      timers.forEach(clearInterval);
      timers = [];
      await consumer?.stop();
      await serial(async () => {
        if (history) pending.push(...stage2.finish());
        else stage2.finish();
        notify();
        await flush();
      });
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
