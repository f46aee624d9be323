// A partition that comes back to a member after another member committed it further must be
// read from the group's commit, not from the member's own older one: otherwise the records in
// between are handed over twice (kafkajs keeps a member's committed offsets across rejoins).
import { describe, expect, it } from 'vitest';
import type { Batch, TransportConsumer } from '../../../src/transport/index';
import { kafka, uniqueTopic } from './helpers';

const encode = (text: string) => new TextEncoder().encode(text);

async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A member that commits everything it reads at once, and remembers what it was handed. */
async function member(topic: string, groupId: string) {
  const t = await kafka();
  const seen: Array<{ partition: number; offset: number }> = [];
  const owned = new Set<number>();
  let consumer: TransportConsumer | undefined;
  consumer = await t.createConsumer({ groupId, topics: [topic], fromBeginning: true, maxBatchSize: 50 });
  await consumer.run({
    onBatch: async (batch: Batch) => {
      batch.messages.forEach((m) => seen.push({ partition: batch.partition, offset: m.offset }));
      const last = batch.messages.at(-1);
      if (last) await consumer!.commit([{ topic, partition: batch.partition, offset: last.offset + 1 }]);
    },
    // The port hands over the member's whole assignment at each join.
    onAssign: async (tps) => {
      owned.clear();
      tps.forEach((tp) => owned.add(tp.partition));
    },
  });
  return { seen, owned, stop: () => consumer!.stop() };
}

describe('a partition handed back to a member', () => {
  it('is read from the group\'s commit, not from the member\'s own older commit', async () => {
    const t = await kafka();
    const topic = uniqueTopic('rejoin');
    const groupId = `${topic}-group`;
    await t.ensureTopic(topic, 2);
    const producer = await t.createProducer();
    /** Records `from`..`to` twice over (200 per 100), spread over both partitions by their keys. */
    const sendEach = async (from: number, to: number) => {
      for (const copy of ['a', 'b']) {
        await producer.send(topic, Array.from({ length: to - from }, (_, i) => ({ key: `${copy}-${from + i}`, value: encode(`${from + i}`) })));
      }
    };
    try {
      await sendEach(0, 100);
      const a = await member(topic, groupId);
      await until(() => a.seen.length === 200, 'member A to read the first 200 records');
      const b = await member(topic, groupId);
      await until(() => a.owned.size === 1 && b.owned.size === 1, 'the two members to share the partitions');
      const bPartition = [...b.owned][0]!;
      const beforeB = a.seen.length;
      await sendEach(100, 200);
      await until(() => a.seen.length + b.seen.length === 400, 'the next 200 records to be read by A and B');
      // B read and committed records of its partition that A's own last commit is behind.
      expect(b.seen.some((r) => r.partition === bPartition && r.offset >= Math.max(...a.seen.filter((s) => s.partition === bPartition).map((s) => s.offset)))).toBe(true);
      await b.stop();
      await until(() => a.owned.size === 2, 'A to own both partitions again');
      // Anything A reads now from B's partition is a repeat: B read and committed all of it.
      await new Promise((r) => setTimeout(r, 5_000));
      const repeats = a.seen.slice(beforeB).filter((r) => r.partition === bPartition && b.seen.some((s) => s.partition === r.partition && s.offset === r.offset));
      expect(repeats.length).toBe(0);
      const all = [...a.seen, ...b.seen].map((r) => `${r.partition}@${r.offset}`);
      expect(new Set(all).size).toBe(all.length);
      await a.stop();
    } finally {
      await producer.close();
    }
  }, 180_000);
});
