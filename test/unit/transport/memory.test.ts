import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../../src/index';
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
