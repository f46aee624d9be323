// The Kafka group member against a fake kafkajs consumer:
// - its answer to kafkajs's "restart after this crash?": kafkajs restarts a crashed consumer on
//   a timer of its own, so a member that has stopped or given up must refuse, or a restart under
//   way while the broker is down keeps a stopped process alive for ever;
// - a slow batch handler: the member heartbeats meanwhile, and gives its partitions up at once
//   when the group has dropped it, so that it stops writing for them;
// - a join that fails: the consumer it connected is disconnected (stop() does nothing for a
//   member that never ran), or a process that failed to start stays alive.
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../../../src/index';
import { createKafkaMember } from '../../../src/transport/kafka-consumer';

/** Just enough of a kafkajs consumer: its events can be fired by the test. */
function fakeConsumer(joinError?: Error) {
  const listeners = new Map<string, (event: { payload: unknown }) => void>();
  const calls = { connected: 0, disconnected: 0 };
  let restartOnFailure: () => Promise<boolean> = async () => true;
  let eachBatch: (payload: EachBatchPayload) => Promise<void> = async () => undefined;
  const consumer = {
    events: { GROUP_JOIN: 'join', REBALANCING: 'rebalancing', CRASH: 'crash' },
    on: (name: string, listener: (event: { payload: unknown }) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
    connect: async () => void calls.connected++,
    subscribe: async () => undefined,
    disconnect: async () => void calls.disconnected++,
    run: async (config: { eachBatch: typeof eachBatch }) => {
      if (joinError) throw joinError;
      eachBatch = config.eachBatch;
    },
  };
  /** The group assigns partition 0 of t, then kafkajs hands over one batch with this heartbeat. */
  const batch = (heartbeat: () => Promise<void>): Promise<void> => {
    listeners.get('join')?.({ payload: { memberAssignment: { t: [0] }, memberId: 'member-00000001' } });
    const messages = [{ key: null, value: Buffer.from('x'), timestamp: '0', offset: '0' }];
    return eachBatch({ batch: { topic: 't', partition: 0, messages, highWatermark: '1' }, heartbeat } as unknown as EachBatchPayload);
  };
  /** What kafkajs does on a crash: ask, then report the crash with its decision. */
  const crash = async (): Promise<boolean> => {
    const restart = await restartOnFailure();
    listeners.get('crash')?.({ payload: { error: new Error('Connection error: connect ECONNREFUSED'), restart } });
    return restart;
  };
  const build = (hook: () => Promise<boolean>): Consumer => {
    restartOnFailure = hook;
    return consumer as unknown as Consumer;
  };
  return { build, crash, batch, calls, listeners };
}

async function runningMember(onBatchMs = 0) {
  const fake = fakeConsumer();
  const errors: unknown[] = [];
  const events: string[] = [];
  const member = createKafkaMember({ consumer: fake.build, options: { groupId: 'g', topics: ['t'] }, brokers: 'b:9092', log: silentLog, standings: async () => [], keepAliveMs: 50 });
  await member.run({
    onBatch: async () => {
      events.push('batch start');
      await new Promise((r) => setTimeout(r, onBatchMs));
      events.push('batch end');
    },
    onLost: (tps) => void events.push(`lost ${tps.map((tp) => `${tp.topic}[${tp.partition}]`).join(',')}`),
    onError: (e) => void errors.push(e),
  });
  return { member, errors, events, crash: fake.crash, batch: fake.batch };
}

describe('Kafka group member and kafkajs restarts', () => {
  it('disconnects the consumer it connected when joining the group fails, and says which group', async () => {
    const fake = fakeConsumer(Object.assign(new Error('The group coordinator is not available'), { type: 'GROUP_COORDINATOR_NOT_AVAILABLE' }));
    const member = createKafkaMember({ consumer: fake.build, options: { groupId: 'g', topics: ['t'] }, brokers: 'b:9092', log: silentLog, standings: async () => [] });
    await expect(member.run({ onBatch: async () => undefined })).rejects.toThrow(/joining group "g" on t/);
    expect(fake.calls).toEqual({ connected: 1, disconnected: 1 });
    expect(fake.listeners.size).toBe(0);
  });

  it('lets kafkajs restart after a crash while running, and refuses once stopped', async () => {
    const { member, errors, crash } = await runningMember();
    expect(await crash()).toBe(true);
    await member.stop();
    expect(await crash()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('refuses the restart after five crashes in a row and reports the failure once', async () => {
    const { errors, crash } = await runningMember();
    const decisions = [];
    for (let i = 0; i < 7; i++) decisions.push(await crash());
    expect(decisions).toEqual([true, true, true, true, true, false, false]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(/Kafka unreachable at b:9092 while consuming t as group "g"/);
  });

  it('heartbeats while a slow batch handler works', async () => {
    const { batch, events } = await runningMember(600);
    let beats = 0;
    await batch(async () => void beats++);
    expect(beats).toBeGreaterThanOrEqual(5); // every 50 ms over 600 ms, and once after the batch
    expect(events).toEqual(['batch start', 'batch end']);
  });

  it('gives its partitions up during a slow batch when the group has dropped it', async () => {
    const { batch, events } = await runningMember(600);
    const dropped = Object.assign(new Error('The coordinator is not aware of this member'), { type: 'UNKNOWN_MEMBER_ID' });
    await expect(batch(async () => Promise.reject(dropped))).rejects.toThrow(/not aware/);
    expect(events).toEqual(['batch start', 'lost t[0]', 'batch end']);
  });
});
