// A stage-1 worker: consumes transactions as a member of a consumer group, hands partials to
// stage 2 every emit interval, and writes raw Parquet every flush interval. Offsets are
// committed only after the raw files of everything before them are durable.
import type { Clock } from '../clock';
import { WorkbenchError } from '../errors';
import type { Log } from '../log';
import { withRetry } from '../retry';
import type { BadRecordPolicy } from '../sources/types';
import { encodePartial } from '../stream/partial';
import type { StreamSettings } from '../stream/settings';
import { createStage1, recordWhere } from '../stream/topology';
import { createHistoryWriter } from '../store/history';
import type { RawRecord } from '../store/tables';
import type { Store } from '../store/types';
import type { Batch, TopicPartition, Transport, TransportConsumer, TransportProducer } from '../transport/types';
import { writeRejected, type Rejection } from './rejected';
import { createSerial } from './serial';

export interface Stage1WorkerOptions {
  transport: Transport;
  store: Store;
  topic: string;
  partialsTopic: string;
  groupId: string;
  settings: StreamSettings;
  flushIntervalMs: number;
  emitIntervalMs: number;
  /** Flush early when this many orders wait in memory. */
  maxBufferedOrders?: number;
  badRecords: BadRecordPolicy;
  clock: Clock;
  log: Log;
  onError?: (error: unknown) => void;
}

export interface Stage1Worker {
  start(): Promise<void>;
  /** Emits partials, writes raw and commits: everything consumed so far becomes durable. */
  flush(): Promise<void>;
  /** Messages of the transactions topic this group has not committed yet. */
  lag(): Promise<number>;
  stop(): Promise<void>;
  readonly stats: { consumed: number; rejected: number; late: number; rawFiles: number };
}

interface PartitionBuffer {
  records: RawRecord[];
  rejections: Rejection[];
  /** Next offset to commit once the buffer is durable. */
  nextOffset: number;
  dirty: boolean;
}

export function createStage1Worker(options: Stage1WorkerOptions): Stage1Worker {
  const { transport, store, topic, partialsTopic, groupId, settings, clock, log } = options;
  const maxBuffered = options.maxBufferedOrders ?? 50_000;
  const stage1 = createStage1(settings);
  const history = createHistoryWriter(store);
  const buffers = new Map<number, PartitionBuffer>();
  const serial = createSerial();
  const stats = { consumed: 0, rejected: 0, late: 0, rawFiles: 0 };
  let buffered = 0;
  let consumer: TransportConsumer | undefined;
  let producer: TransportProducer | undefined;
  let timers: NodeJS.Timeout[] = [];

  const retrying = <T>(work: () => Promise<T>, what: string): Promise<T> =>
    withRetry(work, { clock, onRetry: (error, attempt, delay) => log.warn(`${what} failed (attempt ${attempt}), retrying in ${delay} ms: ${(error as Error).message}`) });

  const emit = async (): Promise<void> => {
    const partials = stage1.drainAll();
    if (partials.length === 0 || !producer) return;
    await retrying(() => producer!.send(partialsTopic, partials.map((p) => ({ key: String(p.partition), value: encodePartial(p) }))), `sending partials to ${partialsTopic}`);
  };

  const flushPartitions = async (partitions: number[]): Promise<void> => {
    await emit();
    const commits = [];
    for (const partition of partitions) {
      const buffer = buffers.get(partition);
      if (!buffer || !buffer.dirty) continue;
      const files = await retrying(() => history.writeRaw(partition, buffer.records), `writing raw Parquet of ${topic}[${partition}]`);
      stats.rawFiles += files.length;
      if (buffer.rejections.length > 0) await retrying(() => writeRejected(store, topic, partition, buffer.rejections), 'writing rejected records');
      buffered -= buffer.records.length;
      commits.push({ topic, partition, offset: buffer.nextOffset });
      buffers.set(partition, { records: [], rejections: [], nextOffset: buffer.nextOffset, dirty: false });
    }
    if (commits.length > 0) await consumer?.commit(commits);
  };
  const flushAll = (): Promise<void> => flushPartitions([...buffers.keys()]);

  const onBatch = (batch: Batch): Promise<void> =>
    serial(async () => {
      let buffer = buffers.get(batch.partition);
      if (!buffer) buffers.set(batch.partition, (buffer = { records: [], rejections: [], nextOffset: 0, dirty: false }));
      for (const message of batch.messages) {
        const decision = stage1.accept(topic, batch.partition, message.offset, message.value);
        if (decision.arrival === 'rejected') {
          const where = recordWhere(topic, batch.partition, message.offset);
          if (options.badRecords === 'fail') {
            await flushAll();
            throw new WorkbenchError('BAD_EVENT', `malformed checkout event at ${where}: ${decision.reason}. Offsets before it are committed; fix or skip it (--on-bad-record skip)`, { where });
          }
          stats.rejected++;
          log.warn(`skipping malformed checkout event at ${where}: ${decision.reason}`);
          buffer.rejections.push({ where, offset: message.offset, reason: decision.reason, value: message.value });
        } else {
          buffer.records.push({ partition: batch.partition, offset: message.offset, event: decision.event, late: decision.arrival === 'late' });
          buffered++;
          if (decision.arrival === 'late') stats.late++;
        }
        stats.consumed++;
        buffer.nextOffset = message.offset + 1;
        buffer.dirty = true;
      }
      if (buffered >= maxBuffered) await flushAll();
    });

  const onRevoke = (partitions: TopicPartition[]): Promise<void> =>
    serial(async () => {
      const mine = partitions.filter((tp) => tp.topic === topic).map((tp) => tp.partition);
      await flushPartitions(mine);
      mine.forEach((p) => {
        buffers.delete(p);
        stage1.drop(p);
      });
    });

  const every = (ms: number, work: () => Promise<void>, what: string): void => {
    const timer = setInterval(() => {
      serial(work).catch((error: unknown) => log.error(`${what}: ${(error as Error).message}`));
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    stats,
    async start() {
      await transport.ensureTopic(partialsTopic, 1);
      producer = await transport.createProducer();
      consumer = await transport.createConsumer({ groupId, topics: [topic], fromBeginning: true });
      await consumer.run({ onBatch, onRevoke, onError: (error) => options.onError?.(error) });
      every(options.emitIntervalMs, emit, 'handing partials to stage 2');
      every(options.flushIntervalMs, flushAll, 'flushing raw Parquet');
    },
    flush: () => serial(flushAll),
    lag: async () => (consumer ? consumer.lag(topic) : 0),
    async stop() {
      timers.forEach(clearInterval);
      timers = [];
      await consumer?.stop(); // revokes, which flushes and commits
      await serial(flushAll);
      await producer?.close();
    },
  };
}
