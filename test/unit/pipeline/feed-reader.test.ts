import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../../src/transport/index';
import { encodeFeed, type Log } from '../../../src/index';
import type { FeedOrder } from '../../../src/stream/index';
import { startFeedReader } from '../../../src/pipeline/feed-reader';

const order = (orderId: number): FeedOrder => ({
  orderId, userId: 7, eventTime: Date.UTC(2026, 10, 24, 9) + orderId, items: 1, revenue: 2.5,
  lines: [{ productId: 3, name: 'Bananas', departmentId: 4, department: 'produce', quantity: 1, revenue: 2.5 }],
});

function recordingLog(): Log & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => undefined, info: () => undefined, error: () => undefined, warn: (m) => warnings.push(m) };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('the feed reader', () => {
  it('reads only what is sent after it starts, skips a message it cannot read naming where it was, and goes on', async () => {
    const transport = createMemoryTransport();
    const topic = 'orders.feed';
    await transport.ensureTopic(topic, 1);
    const producer = await transport.createProducer();
    await producer.send(topic, [{ key: null, value: encodeFeed([order(1)]) }]); // before the reader: never shown
    const seen: number[] = [];
    const log = recordingLog();
    const reader = await startFeedReader({ transport, topic, groupId: 'feed-test', log, onOrders: (orders) => seen.push(...orders.map((o) => o.orderId)) });
    try {
      await producer.send(topic, [
        { key: null, value: new TextEncoder().encode('{"v":1,"orders":[{"orderId":"x"}]}') },
        { key: null, value: encodeFeed([order(2), order(3)]) },
      ]);
      await until(() => seen.length === 2);
      expect(seen).toEqual([2, 3]);
      expect(log.warnings).toHaveLength(1);
      expect(log.warnings[0]).toMatch(/feed message at orders\.feed\[0\]@1: order 1 of 1 is not an order with its lines; skipped/);
    } finally {
      await reader.stop();
      await producer.close();
    }
  });
});
