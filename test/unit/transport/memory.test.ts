import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../../src/transport/index';
import { transportContract } from '../../contract/transport.contract';

transportContract('memory', async () => createMemoryTransport());

describe('memory transport', () => {
  it('refuses an unknown topic with its name', async () => {
    const transport = createMemoryTransport();
    const producer = await transport.createProducer();
    await expect(producer.send('nope', [])).rejects.toThrow(/topic "nope" does not exist/);
  });

  it('revokes partitions before a second member gets them, so the first can commit', async () => {
    const transport = createMemoryTransport();
    await transport.ensureTopic('t', 2);
    const events: string[] = [];
    const a = await transport.createConsumer({ groupId: 'g', topics: ['t'] });
    await a.run({
      onBatch: async () => undefined,
      onAssign: async (tps) => void events.push(`a+${tps.map((t) => t.partition).join(',')}`),
      onRevoke: async (tps) => void events.push(`a-${tps.map((t) => t.partition).join(',')}`),
    });
    await new Promise((r) => setTimeout(r, 20));
    const b = await transport.createConsumer({ groupId: 'g', topics: ['t'] });
    await b.run({ onBatch: async () => undefined, onAssign: async (tps) => void events.push(`b+${tps.map((t) => t.partition).join(',')}`) });
    await new Promise((r) => setTimeout(r, 100));
    await a.stop();
    await b.stop();
    expect(events.filter((e) => e.startsWith('a'))).toEqual(['a+0,1', 'a-0,1', 'a+0', 'a-0']);
    expect(events).toContain('b+1');
  });
});

describe('memory transport: retention', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const fill = async (transport: ReturnType<typeof createMemoryTransport>, topic: string, n: number, size = 10) => {
    await transport.ensureTopic(topic, 1);
    const producer = await transport.createProducer();
    await producer.send(topic, Array.from({ length: n }, (_, i) => ({ key: null, value: encode(`m${i}`.padEnd(size, '.')) })));
    return producer;
  };
  /** Offsets a new group reads from the log start: what the log still holds. */
  const heldOffsets = async (transport: ReturnType<typeof createMemoryTransport>, topic: string, expected: number) => {
    const consumer = await transport.createConsumer({ groupId: `probe-${Math.random()}`, topics: [topic], fromBeginning: true });
    const offsets: number[] = [];
    await consumer.run({ onBatch: async (b) => void offsets.push(...b.messages.map((m) => m.offset)) });
    const deadline = Date.now() + 5_000;
    while (offsets.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    await consumer.stop();
    return offsets;
  };

  it('trims a partition below the lowest offset its groups committed, keeping offsets absolute', async () => {
    const transport = createMemoryTransport();
    await fill(transport, 't', 10);
    const a = await transport.createConsumer({ groupId: 'a', topics: ['t'] });
    const b = await transport.createConsumer({ groupId: 'b', topics: ['t'] });
    await a.run({ onBatch: async () => undefined });
    await b.run({ onBatch: async () => undefined });
    await a.commit([{ topic: 't', partition: 0, offset: 8 }]);
    expect(transport.held('t').records).toBe(10); // b has committed nothing: it holds the whole log
    await b.commit([{ topic: 't', partition: 0, offset: 3 }]);
    expect(transport.held('t').records).toBe(7);
    await a.stop();
    await b.stop();
    expect(await heldOffsets(transport, 't', 7)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(await a.lag('t')).toBe(2);
    expect(await b.lag('t')).toBe(7);
  });

  it('keeps a topic nobody subscribes to within its byte cap, newest records first', async () => {
    const transport = createMemoryTransport({ retention: { bytes: 45 } });
    await fill(transport, 'alerts', 10, 10);
    expect(transport.held('alerts')).toEqual({ records: 4, bytes: 40 });
    expect(await heldOffsets(transport, 'alerts', 4)).toEqual([6, 7, 8, 9]);
  });

  it('drops records older than the retention time, by the time they were appended', async () => {
    let now = 1_000_000;
    const transport = createMemoryTransport({ retention: { ms: 60_000 }, now: () => now });
    const producer = await fill(transport, 't', 3);
    now += 61_000;
    await producer.send('t', [{ key: null, value: encode('fresh'), timestamp: 0 }]);
    expect(await heldOffsets(transport, 't', 1)).toEqual([3]);
  });

  it('moves a group whose committed offset was deleted to the log start and says how much it lost', async () => {
    const skipped: unknown[] = [];
    const transport = createMemoryTransport({ retention: { bytes: 30 }, producerHoldBytes: 10, onSkipped: (s) => void skipped.push(s) });
    await transport.ensureTopic('t', 1);
    const first = await transport.createConsumer({ groupId: 'g', topics: ['t'] });
    await first.run({ onBatch: async () => undefined });
    await first.commit([{ topic: 't', partition: 0, offset: 0 }]);
    await first.stop(); // not running: it holds no producer back, and retention goes on
    await fill(transport, 't', 10);
    const again = await transport.createConsumer({ groupId: 'g', topics: ['t'] });
    const seen: string[] = [];
    await again.run({ onBatch: async (b) => void seen.push(...b.messages.map((m) => `${m.offset}:${decode(m.value).slice(0, 2)}`)) });
    const deadline = Date.now() + 5_000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await again.stop();
    expect(seen).toEqual(['7:m7', '8:m8', '9:m9']);
    expect(skipped).toEqual([{ topic: 't', partition: 0, groupId: 'g', from: 0, to: 7 }]);
  });

  it('holds a producer while a running reader is far behind, so retention deletes nothing unread', async () => {
    const skipped: unknown[] = [];
    const transport = createMemoryTransport({ retention: { bytes: 400 }, producerHoldBytes: 100, onSkipped: (s) => void skipped.push(s) });
    await transport.ensureTopic('t', 1);
    let release: () => void = () => undefined;
    let gate = new Promise<void>((r) => (release = r));
    const read: number[] = [];
    const reader = await transport.createConsumer({ groupId: 'slow', topics: ['t'], maxBatchSize: 5 });
    await reader.run({ onBatch: async (b) => {
      await gate;
      read.push(...b.messages.map((m) => m.offset));
    } });
    const producer = await transport.createProducer();
    let sent = 0;
    const sending = (async () => {
      for (let i = 0; i < 40; i++) {
        await producer.send('t', [{ key: null, value: encode(`m${i}`.padEnd(10, '.')) }]);
        sent++;
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    // The reader holds one batch of 5 and cannot take more: the producer stops once 100 bytes wait.
    expect(sent).toBeGreaterThanOrEqual(10);
    expect(sent).toBeLessThan(20);
    release();
    gate = Promise.resolve();
    await sending;
    const deadline = Date.now() + 5_000;
    while (read.length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await reader.stop();
    expect(read).toEqual([...Array(40).keys()]);
    expect(skipped).toEqual([]);
    expect(transport.held('t').bytes).toBeLessThanOrEqual(400);
  });
});
