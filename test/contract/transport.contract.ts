// One contract for every transport: the in-process log and Kafka must behave the same.
import { afterEach, describe, expect, it } from 'vitest';
import { partitionForKey, type Batch, type TransportConsumer } from '../../src/transport/index';
import type { Transport } from '../../src/index';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export function transportContract(name: string, open: () => Promise<Transport>, options: { settleMs?: number } = {}): void {
  const settle = options.settleMs ?? 0;
  describe(`transport contract: ${name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      while (cleanups.length) await cleanups.pop()!();
    });
    const unique = (label: string) => `contract-${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const consume = async (consumer: TransportConsumer, until: (seen: Batch[]) => boolean, timeoutMs = 20_000) => {
      const seen: Batch[] = [];
      await consumer.run({ onBatch: async (b) => void seen.push(b) });
      const deadline = Date.now() + timeoutMs;
      while (!until(seen) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      return seen;
    };
    const start = async () => {
      const transport = await open();
      cleanups.push(() => transport.close());
      return transport;
    };
    /** A one-partition topic holding m0..m9, a producer on it, and a group name. */
    const tenMessages = async (label: string) => {
      const transport = await start();
      const topic = unique(label);
      const group = unique('g');
      await transport.ensureTopic(topic, 1);
      const producer = await transport.createProducer();
      cleanups.push(() => producer.close());
      await producer.send(topic, Array.from({ length: 10 }, (_, i) => ({ key: null, value: encode(`m${i}`) })));
      return { transport, topic, group, producer };
    };

    it('keeps a key in one partition, in order, with consecutive offsets', async () => {
      const transport = await start();
      const topic = unique('order');
      await transport.ensureTopic(topic, 3);
      expect(await transport.partitionCount(topic)).toBe(3);
      const producer = await transport.createProducer();
      cleanups.push(() => producer.close());
      const messages = Array.from({ length: 30 }, (_, i) => ({ key: `order-${i % 5}`, value: encode(`m${i}`) }));
      await producer.send(topic, messages);
      const consumer = await transport.createConsumer({ groupId: unique('g'), topics: [topic], fromBeginning: true });
      cleanups.push(() => consumer.stop());
      const seen = await consume(consumer, (s) => s.reduce((n, b) => n + b.messages.length, 0) >= 30);
      const byKey = new Map<string, { partitions: Set<number>; values: string[] }>();
      const byPartition = new Map<number, number[]>();
      for (const batch of seen) for (const m of batch.messages) {
        const entry = byKey.get(m.key!) ?? { partitions: new Set(), values: [] };
        entry.partitions.add(batch.partition);
        entry.values.push(decode(m.value));
        byKey.set(m.key!, entry);
        byPartition.set(batch.partition, [...(byPartition.get(batch.partition) ?? []), m.offset]);
      }
      expect(byKey.size).toBe(5);
      for (const [key, entry] of byKey) {
        expect(entry.partitions.size).toBe(1);
        const i = Number(key.split('-')[1]);
        expect(entry.values).toEqual([0, 1, 2, 3, 4, 5].map((k) => `m${i + 5 * k}`));
      }
      for (const offsets of byPartition.values()) expect(offsets).toEqual(offsets.map((_, i) => offsets[0]! + i));
    });

    it('resumes a group from its committed offset', async () => {
      const { transport, topic, group } = await tenMessages('commit');
      const first = await transport.createConsumer({ groupId: group, topics: [topic], fromBeginning: true });
      await consume(first, (s) => s.reduce((n, b) => n + b.messages.length, 0) >= 10);
      await first.commit([{ topic, partition: 0, offset: 6 }]);
      expect(await first.lag(topic)).toBe(4);
      await first.stop();
      await new Promise((r) => setTimeout(r, settle));
      const second = await transport.createConsumer({ groupId: group, topics: [topic], fromBeginning: true });
      cleanups.push(() => second.stop());
      const seen = await consume(second, (s) => s.reduce((n, b) => n + b.messages.length, 0) >= 4);
      expect(seen.flatMap((b) => b.messages.map((m) => [m.offset, decode(m.value)]))).toEqual([[6, 'm6'], [7, 'm7'], [8, 'm8'], [9, 'm9']]);
    });

    it('tells where every partition stands: log start and end, and the group\'s commit or none', async () => {
      const transport = await start();
      const topic = unique('standings');
      await transport.ensureTopic(topic, 2);
      const producer = await transport.createProducer();
      cleanups.push(() => producer.close());
      // Keys chosen by the shared partitioner: three messages in one partition, none in the other.
      const key = ['a', 'b', 'c', 'd'].find((k) => partitionForKey(k, 2, 0) === 1)!;
      await producer.send(topic, [0, 1, 2].map((i) => ({ key, value: encode(`m${i}`) })));
      const consumer = await transport.createConsumer({ groupId: unique('g'), topics: [topic], fromBeginning: true });
      cleanups.push(() => consumer.stop());
      await consume(consumer, (s) => s.reduce((n, b) => n + b.messages.length, 0) >= 3);
      expect(await consumer.standings(topic)).toEqual([
        { partition: 0, start: 0, end: 0, committed: null },
        { partition: 1, start: 0, end: 3, committed: null },
      ]);
      await consumer.commit([{ topic, partition: 1, offset: 2 }]);
      const after = (await consumer.standings(topic))[1]!;
      expect(after).toMatchObject({ partition: 1, end: 3, committed: 2 });
      // A log may drop what every group has committed (the in-process one does); never more.
      expect(after.start).toBeGreaterThanOrEqual(0);
      expect(after.start).toBeLessThanOrEqual(2);
      expect(await consumer.lag(topic)).toBe(1);
    });

    it('shares partitions between the members of a group, each partition to one member', async () => {
      const transport = await start();
      const topic = unique('share');
      const group = unique('g');
      await transport.ensureTopic(topic, 4);
      const producer = await transport.createProducer();
      cleanups.push(() => producer.close());
      await producer.send(topic, Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: encode(String(i)) })));
      const a = await transport.createConsumer({ groupId: group, topics: [topic], fromBeginning: true });
      const b = await transport.createConsumer({ groupId: group, topics: [topic], fromBeginning: true });
      cleanups.push(() => a.stop(), () => b.stop());
      const seenA: Batch[] = [];
      const seenB: Batch[] = [];
      await a.run({ onBatch: async (x) => void seenA.push(x) });
      await b.run({ onBatch: async (x) => void seenB.push(x) });
      const partitionsOf = (s: Batch[]) => new Set(s.map((x) => x.partition));
      const deadline = Date.now() + 30_000;
      const done = () => {
        const values = new Set([...seenA, ...seenB].flatMap((x) => x.messages.map((m) => decode(m.value))));
        return values.size === 200 && partitionsOf(seenB).size > 0;
      };
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(done()).toBe(true);
      // After the group settles, a member that joined later owns some partitions on its own.
      const lateB = seenB.map((x) => x.partition);
      expect(lateB.length).toBeGreaterThan(0);
    });

    it('tells a member that its partitions are taken before it gets its share of a rebalance', async () => {
      const transport = await start();
      const topic = unique('rebalance');
      const group = unique('g');
      await transport.ensureTopic(topic, 2);
      const events: string[] = [];
      const parts = (tps: Array<{ partition: number }>) => tps.map((t) => t.partition).sort().join(',');
      const a = await transport.createConsumer({ groupId: group, topics: [topic] });
      cleanups.push(() => a.stop());
      await a.run({
        onBatch: async () => undefined,
        onAssign: async (tps) => void events.push(`a+${parts(tps)}`),
        onRevoke: async (tps) => void events.push(`a-${parts(tps)}`),
        onLost: (tps) => void events.push(`a-${parts(tps)}`),
      });
      const settled = async (done: () => boolean) => {
        const deadline = Date.now() + 20_000;
        while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      };
      await settled(() => events.includes('a+0,1'));
      const b = await transport.createConsumer({ groupId: group, topics: [topic] });
      cleanups.push(() => b.stop());
      await b.run({ onBatch: async () => undefined, onAssign: async (tps) => void events.push(`b+${parts(tps)}`) });
      await settled(() => events.some((e) => /^b\+\d/.test(e)) && events.filter((e) => e.startsWith('a+')).length >= 2);
      const mine = events.filter((e) => e.startsWith('a'));
      expect(mine.slice(0, 3)).toEqual(['a+0,1', 'a-0,1', mine[2]]);
      const ofA = mine[2]!.slice(2);
      const ofB = events.find((e) => /^b\+\d/.test(e))!.slice(2);
      expect([ofA, ofB].sort()).toEqual(['0', '1']);
    });

    it('starts the next member where the stopped one committed in onRevoke', async () => {
      const { transport, topic, group, producer } = await tenMessages('handover');
      const first = await transport.createConsumer({ groupId: group, topics: [topic], fromBeginning: true });
      let position = 0;
      const seenFirst: string[] = [];
      await first.run({
        onBatch: async (b) => {
          seenFirst.push(...b.messages.map((m) => decode(m.value)));
          position = b.messages[b.messages.length - 1]!.offset + 1;
        },
        onRevoke: async (tps) => first.commit(tps.map((tp) => ({ ...tp, offset: position }))),
      });
      const deadline = Date.now() + 20_000;
      while (seenFirst.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      await first.stop();
      await producer.send(topic, [{ key: null, value: encode('after') }]);
      const second = await transport.createConsumer({ groupId: group, topics: [topic], fromBeginning: true });
      cleanups.push(() => second.stop());
      const seen = await consume(second, (s) => s.length > 0);
      expect(seenFirst).toHaveLength(10);
      expect(seen.flatMap((b) => b.messages.map((m) => [m.offset, decode(m.value)]))).toEqual([[10, 'after']]);
    });

    it('tells a consumer of a topic with no committed offset and fromBeginning false only new messages', async () => {
      const transport = await start();
      const topic = unique('latest');
      await transport.ensureTopic(topic, 1);
      const producer = await transport.createProducer();
      cleanups.push(() => producer.close());
      await producer.send(topic, [{ key: null, value: encode('old') }]);
      const consumer = await transport.createConsumer({ groupId: unique('g'), topics: [topic], fromBeginning: false });
      cleanups.push(() => consumer.stop());
      const seen: string[] = [];
      await consumer.run({ onBatch: async (x) => void seen.push(...x.messages.map((m) => decode(m.value))) });
      await new Promise((r) => setTimeout(r, settle + 200));
      await producer.send(topic, [{ key: null, value: encode('new') }]);
      const deadline = Date.now() + 20_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(seen).toEqual(['new']);
    });
  });
}
