// The Kafka transport: Apache Kafka through kafkajs, with the in-process log's semantics.
// Topics are created with N partitions, the producer is idempotent (acks=all, batched,
// gzip), consumers are group members that commit only what the caller says is durable
// (see kafka-consumer.ts). This is the only module that imports kafkajs at run time.
import { CompressionTypes, Kafka, logLevel, type Admin, type LogEntry, type Producer } from 'kafkajs';
import { type Log, silentLog, WorkbenchError } from '../core/index';
import { createKafkaMember } from './kafka-consumer';
import { isConnectionFailure, kafkaError } from './kafka-errors';
import { partitionForKey, type PartitionStanding, type Transport, type TransportConsumer, type TransportProducer } from './types';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId?: string;
  log?: Log;
  /** One connection attempt; short, so that a wrong address fails in seconds. */
  connectionTimeoutMs?: number;
  /** Record batch compression; kafkajs itself has only none and gzip (lz4 and snappy are @platformatic/kafka's). */
  compression?: KafkaCompression;
  /** A member silent this long is dropped from its group; a killed worker's partitions move after it. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** How long a rebalance waits for members to flush, commit and rejoin. */
  rebalanceTimeoutMs?: number;
  /** How long a fetch waits for data; an idle member notices rebalances at this pace. */
  maxWaitTimeMs?: number;
  /**
   * How long a send keeps trying while the broker is unreachable (a restart takes 15-30 s), like
   * the Java producer's delivery.timeout.ms (default 2 min). The idempotent producer resends with
   * the same sequence numbers, so a batch the broker wrote before it went away is not stored twice.
   */
  deliveryTimeoutMs?: number;
}

export type KafkaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Topics it creates take record batches up to this size (the broker's default is 1 MB). */
const MAX_BATCH_BYTES = 8 << 20;

/** kafkajs logs through the project's log, at debug: what matters is reported by the adapter itself. */
const routeLogsTo = (log: Log) => () => ({ namespace, log: entry }: LogEntry): void => {
  const { message, error } = entry as { message: string; error?: string };
  log.debug(`kafkajs ${namespace}: ${message}${error ? `: ${error}` : ''}`);
};

/** Keys land where the in-process transport puts them, so both give the same partitions. */
const sharedPartitioner = () => {
  let roundRobin = 0;
  return ({ partitionMetadata, message }: { partitionMetadata: unknown[]; message: { key?: Buffer | string | null } }): number =>
    partitionForKey(message.key == null ? null : message.key.toString(), partitionMetadata.length, roundRobin++);
};

export async function createKafkaTransport(options: KafkaTransportOptions): Promise<Transport> {
  const {
    brokers, clientId = 'purchase-trends', log = silentLog, connectionTimeoutMs = 1_000, compression = 'gzip',
    sessionTimeoutMs = 20_000, heartbeatIntervalMs = 2_000, rebalanceTimeoutMs = 30_000, maxWaitTimeMs = 500, deliveryTimeoutMs = 120_000,
  } = options;
  const address = brokers.join(',');
  if (compression !== 'gzip' && compression !== 'none') {
    throw new WorkbenchError('BAD_CONFIG', `kafkajs cannot compress with ${compression}: use --kafka-compression none|gzip, or --kafka-client platformatic`, { where: 'kafka-compression' });
  }
  const client = (retries: number) => new Kafka({
    clientId, brokers, connectionTimeout: connectionTimeoutMs, requestTimeout: 30_000,
    retry: { retries, initialRetryTime: 100, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN, logCreator: routeLogsTo(log),
  });

  // A wrong address fails here in about a second, not after kafkajs's minute of retries.
  const probe = client(1).admin();
  try {
    await probe.connect();
  } catch (error) {
    throw kafkaError(error, 'connecting', address);
  } finally {
    await probe.disconnect().catch(() => undefined);
  }

  const kafka = client(8);
  const admin: Admin = kafka.admin();
  await admin.connect().catch((error: unknown) => Promise.reject(kafkaError(error, 'connecting the admin client', address)));
  const open = new Set<{ close(): Promise<void> }>();

  /**
   * kafkajs's fetchTopicOffsets sometimes fails with "Cannot destructure property 'partitions' of
   * 'low.pop(...)'" when calls overlap on one admin client (kafkajs issue #461): stage 1's progress
   * reports and stage 2's lag ask at the same time. So the calls take turns, and that failure is
   * asked again a few times.
   */
  let topicOffsetsTurn: Promise<unknown> = Promise.resolve();
  const topicOffsets = (topic: string): ReturnType<Admin['fetchTopicOffsets']> => {
    const attempt = async (left: number): ReturnType<Admin['fetchTopicOffsets']> => {
      try {
        return await admin.fetchTopicOffsets(topic);
      } catch (error) {
        if (!(error instanceof TypeError) || left === 0) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return attempt(left - 1);
      }
    };
    const mine = topicOffsetsTurn.then(() => attempt(3));
    topicOffsetsTurn = mine.catch(() => undefined);
    return mine;
  };

  async function groupStandings(groupId: string, topic: string): Promise<PartitionStanding[]> {
    try {
      const [committed, ends] = await Promise.all([admin.fetchOffsets({ groupId, topics: [topic] }), topicOffsets(topic)]);
      const at = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      return ends.map((end) => {
        const from = at.get(end.partition) ?? -1;
        return { partition: end.partition, start: Number(end.low), end: Number(end.high), committed: from >= 0 ? from : null };
      }).sort((a, b) => a.partition - b.partition);
    } catch (error) {
      throw kafkaError(error, `reading the offsets of group "${groupId}" on ${topic}`, address, topic);
    }
  }

  /**
   * A new topic's metadata reaches the broker's cache a moment after CreateTopics answers; until
   * then kafkajs reports "does not host this topic-partition", which it does not wait out itself.
   */
  async function waitForLeaders(topic: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
      } catch (error) {
        const type = (error as { type?: string }).type;
        if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw error;
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`topic ${topic} has no leader after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    kind: 'kafka',
    address,
    async ensureTopic(topic, partitions, options = {}) {
      try {
        const created = await admin.createTopics({
          // LogAppendTime: retention counts from arrival at the broker even for records another
          // producer stamped with old event times (see send below).
          topics: [{ topic, numPartitions: partitions, configEntries: [
            { name: 'max.message.bytes', value: String(MAX_BATCH_BYTES) }, { name: 'message.timestamp.type', value: 'LogAppendTime' },
            ...(options.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(options.retentionMs) }]),
          ] }],
          waitForLeaders: false,
        });
        if (created) log.info(`created topic ${topic} with ${partitions} partition(s) on ${address}`);
        await waitForLeaders(topic);
      } catch (error) {
        throw kafkaError(error, `creating topic ${topic}`, address, topic);
      }
    },
    async partitionCount(topic) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return topics[0]?.partitions.length ?? 0;
      } catch (error) {
        throw kafkaError(error, `reading the partitions of ${topic}`, address, topic);
      }
    },
    async createProducer(): Promise<TransportProducer> {
      // Idempotence needs acks=all and one request in flight; batching comes from send().
      const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: sharedPartitioner });
      let closed = false;
      await producer.connect().catch((error: unknown) => Promise.reject(kafkaError(error, 'connecting a producer', address)));
      const handle = {
        async send(topic: string, messages: Parameters<TransportProducer['send']>[1]) {
          if (messages.length === 0) return;
          const now = Date.now();
          // Every record carries the send time, never the event time it may have been given:
          // the broker's retention counts from the record's timestamp, so a backfill of orders
          // older than the retention (24 h in infra/kafka) was deleted minutes after it was sent,
          // before the stream read it, and the group's lag then read 0. Event times are in the payload.
          const record = {
            topic, acks: -1, compression: compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
            messages: messages.map((m) => ({ key: m.key, value: Buffer.from(m.value.buffer, m.value.byteOffset, m.value.byteLength), timestamp: String(now) })),
          };
          for (let attempt = 1; ; attempt++) {
            try {
              await producer.send(record);
              return;
            } catch (error) {
              const failure = kafkaError(error, `sending ${messages.length} message(s) to ${topic}`, address, topic);
              if (closed || !isConnectionFailure(error) || Date.now() - now >= deliveryTimeoutMs) throw failure;
              log.warn(`${failure.message}; sending again (attempt ${attempt + 1}, for up to ${deliveryTimeoutMs / 1000} s in all)`);
              await new Promise((resolve) => setTimeout(resolve, 1_000));
            }
          }
        },
        async close() {
          closed = true;
          open.delete(handle);
          await producer.disconnect().catch(() => undefined);
        },
      };
      open.add(handle);
      return handle;
    },
    async createConsumer(consumerOptions): Promise<TransportConsumer> {
      const consumer = (restartOnFailure: () => Promise<boolean>) => kafka.consumer({
        groupId: consumerOptions.groupId, sessionTimeout: sessionTimeoutMs, heartbeatInterval: heartbeatIntervalMs,
        rebalanceTimeout: rebalanceTimeoutMs, maxWaitTimeInMs: maxWaitTimeMs, maxBytesPerPartition: 4 << 20, maxBytes: 16 << 20,
        allowAutoTopicCreation: false, retry: { retries: 5, restartOnFailure }, // 5: kafkajs's default for consumers
      });
      const standings = (topic: string): Promise<PartitionStanding[]> => groupStandings(consumerOptions.groupId, topic);
      const member = createKafkaMember({ consumer, options: consumerOptions, brokers: address, log, standings });
      const handle = { close: () => member.stop() };
      open.add(handle);
      return { ...member, stop: async () => { open.delete(handle); await member.stop(); } };
    },
    async close() {
      for (const handle of [...open]) await handle.close().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
