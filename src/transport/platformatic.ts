// The Kafka transport through @platformatic/kafka (a pure-TypeScript client, maintained), with
// the same semantics as the kafkajs one (kafka.ts): topics with N partitions and arrival-time
// stamps, an idempotent producer (acks=all) that partitions keys like the in-process log, and
// group members that commit only what the caller says is durable (platformatic-member.ts).
import './promise-with-resolvers';
import { Admin, compressionsAlgorithms, Consumer, Producer, type MessageToProduce } from '@platformatic/kafka';
import { type Log, silentLog, WorkbenchError } from '../core/index';
import type { KafkaCompression, KafkaTransportOptions } from './kafka';
import { isConnectionFailure, kafkaError } from './kafka-errors';
import { describeDeep } from './platformatic-errors';
import { createPlatformaticMember } from './platformatic-member';
import { partitionForKey, type Transport, type TransportConsumer, type TransportProducer } from './types';

/** Topics it creates take record batches up to this size (the broker's default is 1 MB). */
const MAX_BATCH_BYTES = 8 << 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function createPlatformaticTransport(options: KafkaTransportOptions): Promise<Transport> {
  const {
    brokers, clientId = 'purchase-trends', log = silentLog, connectionTimeoutMs = 1_000, compression = 'gzip',
    sessionTimeoutMs = 20_000, heartbeatIntervalMs = 2_000, rebalanceTimeoutMs = 30_000, maxWaitTimeMs = 500, deliveryTimeoutMs = 120_000,
  } = options;
  const address = brokers.join(',');
  if (!compressionsAlgorithms[compression].available) {
    throw new WorkbenchError('BAD_CONFIG', `@platformatic/kafka cannot compress with ${compression} on Node ${process.versions.node} (zstd needs Node >= 22.15): choose --kafka-compression none|gzip|snappy|lz4`, { where: 'kafka-compression' });
  }
  const base: ClientBase = { clientId, bootstrapBrokers: brokers, connectTimeout: connectionTimeoutMs, timeout: 30_000, retries: 3, retryDelay: 250 };

  // A wrong address fails here in about a second, not after the client's retries.
  const admin = new Admin({ ...base, retries: 0 });
  try {
    await admin.metadata({ topics: [] });
  } catch (error) {
    await admin.close().catch(() => undefined);
    throw kafkaError(error, 'connecting', address);
  }
  const open = new Set<{ close(): Promise<void> }>();

  async function partitions(topic: string): Promise<number> {
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
    return metadata.topics.get(topic)?.partitionsCount ?? 0;
  }

  /** A new topic's leaders reach the broker's metadata a moment after CreateTopics answers. */
  async function waitForLeaders(topic: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await admin.metadata({ topics: [topic], forceUpdate: true }).catch(() => undefined);
      const parts = found?.topics.get(topic)?.partitions ?? [];
      if (parts.length > 0 && parts.every((p) => p.leader >= 0)) return;
      if (Date.now() > deadline) throw new Error(`topic ${topic} has no leader after ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  return {
    kind: 'kafka',
    address,
    async ensureTopic(topic, count, topicOptions = {}) {
      try {
        const configs = [
          // LogAppendTime: retention counts from arrival even for records stamped with old times.
          { name: 'max.message.bytes', value: String(MAX_BATCH_BYTES) }, { name: 'message.timestamp.type', value: 'LogAppendTime' },
          ...(topicOptions.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(topicOptions.retentionMs) }]),
        ];
        const created = await admin.createTopics({ topics: [topic], partitions: count, replicas: 1, configs }).then(() => true, (error: unknown) => {
          if (/TOPIC_ALREADY_EXISTS/.test(describeDeep(error))) return false;
          throw error;
        });
        if (created) log.info(`created topic ${topic} with ${count} partition(s) on ${address}`);
        await waitForLeaders(topic);
      } catch (error) {
        throw kafkaError(error, `creating topic ${topic}`, address, topic);
      }
    },
    async partitionCount(topic) {
      try {
        return await partitions(topic);
      } catch (error) {
        if (/UNKNOWN_TOPIC_OR_PARTITION/.test(describeDeep(error))) return 0;
        throw kafkaError(error, `reading the partitions of ${topic}`, address, topic);
      }
    },
    async createProducer(): Promise<TransportProducer> {
      return createProducer({ base, address, compression, deliveryTimeoutMs, log, open });
    },
    async createConsumer(consumerOptions): Promise<TransportConsumer> {
      const consumer = (beforeJoin: () => Promise<Buffer>) => new Consumer({
        ...base, groupId: consumerOptions.groupId, autocommit: false, sessionTimeout: sessionTimeoutMs, heartbeatInterval: heartbeatIntervalMs,
        rebalanceTimeout: rebalanceTimeoutMs, maxWaitTime: maxWaitTimeMs, minBytes: 1, maxBytes: 16 << 20, maxBytesPerPartition: 4 << 20,
        protocolsMetadata: () => beforeJoin(),
      });
      const member = createPlatformaticMember({ consumer, options: consumerOptions, brokers: address, log });
      const handle = { close: () => member.stop() };
      open.add(handle);
      return { ...member, stop: async () => { open.delete(handle); await member.stop(); } };
    },
    async close() {
      for (const handle of [...open]) await handle.close().catch(() => undefined);
      await admin.close().catch(() => undefined);
    },
  };
}

interface ClientBase {
  clientId: string;
  bootstrapBrokers: string[];
  connectTimeout: number;
  timeout: number;
  retries: number;
  retryDelay: number;
}

interface ProducerDeps {
  base: ClientBase;
  address: string;
  compression: KafkaCompression;
  deliveryTimeoutMs: number;
  log: Log;
  open: Set<{ close(): Promise<void> }>;
}

async function createProducer({ base, address, compression, deliveryTimeoutMs, log, open }: ProducerDeps): Promise<TransportProducer> {
  let roundRobin = 0;
  const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({ ...base, idempotent: true, acks: -1, compression, autocreateTopics: false });
  /** Partitions per topic, asked once: keys land where the in-process transport puts them. */
  const counts = new Map<string, Promise<number>>();
  const partitionsOf = (topic: string): Promise<number> => {
    let count = counts.get(topic);
    if (!count) {
      count = producer.metadata({ topics: [topic] }).then((m) => m.topics.get(topic)?.partitionsCount ?? 0);
      count.catch(() => counts.delete(topic));
      counts.set(topic, count);
    }
    return count;
  };
  let closed = false;
  const handle: TransportProducer = {
    async send(topic, messages) {
      if (messages.length === 0) return;
      const now = Date.now();
      // Every record carries the send time, never an event time (see kafka.ts): retention counts from it.
      const timestamp = BigInt(now);
      for (let attempt = 1; ; attempt++) {
        try {
          const count = await partitionsOf(topic);
          const records = messages.map((m): MessageToProduce => ({
            topic, partition: partitionForKey(m.key, count, roundRobin++), key: m.key === null ? undefined : Buffer.from(m.key),
            value: Buffer.from(m.value.buffer, m.value.byteOffset, m.value.byteLength), timestamp,
          }));
          await producer.send({ messages: records });
          return;
        } catch (error) {
          const failure = kafkaError(error, `sending ${messages.length} message(s) to ${topic}`, address, topic);
          if (closed || !isConnectionFailure(error) || Date.now() - now >= deliveryTimeoutMs) throw failure;
          log.warn(`${failure.message}; sending again (attempt ${attempt + 1}, for up to ${deliveryTimeoutMs / 1000} s in all)`);
          await sleep(1_000);
        }
      }
    },
    async close() {
      closed = true;
      open.delete(handle);
      await producer.close().catch(() => undefined);
    },
  };
  open.add(handle);
  return handle;
}
