// Reads the feed topic (a sample of the newest orders, for the dashboard) into the live view.
// Every stage-2 process, writer or replica, reads all of it in a group of its own, from the
// topic's end: only orders sent from now on matter. Display only: a message it cannot read is
// reported, with where it was, and skipped.
import type { Log } from '../core/index';
import { decodeFeed, type FeedOrder, recordWhere } from '../stream/index';
import type { Transport, TransportConsumer } from '../transport/index';
import { FEED_RETENTION_MS } from './topics';

export interface FeedReader {
  stop(): Promise<void>;
}

export async function startFeedReader(options: {
  transport: Transport;
  topic: string;
  /** A group of this process alone (config/run-plan.ts), so that each process sees every order. */
  groupId: string;
  onOrders: (orders: FeedOrder[]) => void;
  log: Log;
}): Promise<FeedReader> {
  const { transport, topic, log } = options;
  await transport.ensureTopic(topic, 1, { retentionMs: FEED_RETENTION_MS });
  const consumer: TransportConsumer = await transport.createConsumer({ groupId: options.groupId, topics: [topic], fromBeginning: false });
  await consumer.run({
    onBatch: async (batch) => {
      const orders: FeedOrder[] = [];
      for (const m of batch.messages) {
        try {
          orders.push(...decodeFeed(m.value, recordWhere(topic, batch.partition, m.offset)));
        } catch (error) {
          log.warn(`${(error as Error).message}; skipped (the feed is display only)`);
        }
      }
      if (orders.length > 0) options.onOrders(orders);
      const last = batch.messages.at(-1);
      // Committed so that the in-process log can let go of what was read.
      if (last) await consumer.commit([{ topic, partition: batch.partition, offset: last.offset + 1 }]);
    },
    onError: (error) => log.warn(`reading the feed topic ${topic}: ${(error as Error).message}`),
  });
  return { stop: () => consumer.stop() };
}
