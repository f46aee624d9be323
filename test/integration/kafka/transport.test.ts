// The transport contract against a real Apache Kafka broker (npm test starts one; see infra/README.md),
// through each Kafka client the transport can use.
import { describe, expect, it } from 'vitest';
import { createKafkaTransport, createPlatformaticTransport, type KafkaTransportOptions } from '../../../src/transport/index';
import { isWorkbenchError, type Transport } from '../../../src/index';
import { transportContract } from '../../contract/transport.contract';
import { Kafka, ConfigResourceTypes } from 'kafkajs';
import { KAFKA_BROKERS, uniqueTopic } from './helpers';

const DAY_MS = 86_400_000;

const CLIENTS = { kafkajs: createKafkaTransport, platformatic: createPlatformaticTransport };

for (const [client, openTransport] of Object.entries(CLIENTS) as Array<[string, (o: KafkaTransportOptions) => Promise<Transport>]>) {
  transportContract(`kafka (${client})`, () => openTransport({ brokers: KAFKA_BROKERS }), { settleMs: 1_000 });

  describe(`kafka transport (${client})`, () => {
    it('names the address when the broker cannot be reached, and fails fast', async () => {
      const started = Date.now();
      const error = await openTransport({ brokers: ['127.0.0.1:9'] }).then(() => undefined, (e: unknown) => e);
      expect(isWorkbenchError(error) && error.code).toBe('UNREACHABLE');
      expect((error as Error).message).toMatch(/^Kafka unreachable at 127\.0\.0\.1:9 /);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    // A backfill's orders are days old. Stamped with their event times, the broker's 24 h retention
    // deleted them minutes after they were sent (a stream then read nothing and its lag read 0).
    it('stamps records with the send time, not an old event time, on topics that keep arrival time', async () => {
      const transport = await openTransport({ brokers: KAFKA_BROKERS });
      const topic = uniqueTopic('timestamps');
      try {
        await transport.ensureTopic(topic, 1);
        const producer = await transport.createProducer();
        const sentAt = Date.now();
        await producer.send(topic, [{ key: 'k', value: new TextEncoder().encode('an order from last month'), timestamp: sentAt - 30 * DAY_MS }]);
        await producer.close();
        const consumer = await transport.createConsumer({ groupId: `it-timestamps-${topic}`, topics: [topic], fromBeginning: true });
        const stamped = await new Promise<number>((resolve, reject) => {
          consumer.run({ onBatch: async (batch) => batch.messages.forEach((m) => resolve(m.timestamp)) }).catch(reject);
        });
        await consumer.stop();
        expect(Math.abs(stamped - sentAt)).toBeLessThan(60_000);

        const admin = new Kafka({ brokers: KAFKA_BROKERS, logLevel: 0 }).admin();
        await admin.connect();
        try {
          const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['message.timestamp.type'] }] });
          expect(resources[0]!.configEntries.find((e) => e.configName === 'message.timestamp.type')?.configValue).toBe('LogAppendTime');
        } finally {
          await admin.disconnect();
        }
      } finally {
        await transport.close();
      }
    }, 60_000);

    // The feed topic keeps an hour (FEED_RETENTION_MS), not the broker's day: a few orders a second add up.
    it('creates a topic with the retention it is asked for, and leaves the others at the broker default', async () => {
      const transport = await openTransport({ brokers: KAFKA_BROKERS });
      const short = uniqueTopic('retention-short');
      const plain = uniqueTopic('retention-default');
      const admin = new Kafka({ brokers: KAFKA_BROKERS, logLevel: 0 }).admin();
      await admin.connect();
      try {
        await transport.ensureTopic(short, 1, { retentionMs: 3_600_000 });
        await transport.ensureTopic(plain, 1);
        const retentionOf = async (topic: string) => {
          const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }] });
          const entry = resources[0]!.configEntries.find((e) => e.configName === 'retention.ms')!;
          return { value: entry.configValue, isDefault: entry.isDefault };
        };
        expect(await retentionOf(short)).toEqual({ value: '3600000', isDefault: false });
        expect((await retentionOf(plain)).value).not.toBe('3600000');
      } finally {
        await admin.disconnect();
        await transport.close();
      }
    }, 60_000);
  });
}
