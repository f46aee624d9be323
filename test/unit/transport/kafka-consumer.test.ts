// The Kafka group member against a fake kafkajs consumer:
// - its answer to kafkajs's "restart after this crash?": kafkajs restarts a crashed consumer on
//   a timer of its own, so a member that has stopped or given up must refuse, or a restart under
//   way while the broker is down keeps a stopped process alive for ever;
// - a slow batch handler: the member heartbeats meanwhile, and gives its partitions up at once
//   when the group has dropped it, so that it stops writing for them;
// - a rebalance: from the moment partitions are taken (idle) or given up (busy) until the next
//   assignment, even of nothing, has been handled, the member says it is rebalancing, so that
//   a stage-2 owner stopping meanwhile waits for the group's answer;
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
  /** The group's answer after a rebalance: this member's assignment (possibly nothing). */
  const join = (assignment: Record<string, number[]>): void =>
    listeners.get('join')?.({ payload: { memberAssignment: assignment, memberId: 'member-00000001' } });
  const rebalancing = (): void => listeners.get('rebalancing')?.({ payload: {} });
  return { build, crash, batch, join, rebalancing, calls, listeners };
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

describe('Kafka group member during a rebalance', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('is rebalancing from an idle loss until the next assignment has been handled, even of nothing', async () => {
    const fake = fakeConsumer();
    let assignDone = (): void => undefined;
    const member = createKafkaMember({ consumer: fake.build, options: { groupId: 'g', topics: ['t'] }, brokers: 'b:9092', log: silentLog, standings: async () => [] });
    await member.run({ onBatch: async () => undefined, onAssign: (tps) => (tps.length > 0 ? Promise.resolve() : new Promise((r) => (assignDone = () => r()))) });
    fake.join({ t: [0] });
    await tick();
    expect(member.rebalancing?.()).toBe(false);
    fake.rebalancing();
    expect(member.rebalancing?.()).toBe(true);
    fake.join({}); // the partition went to another member
    await tick();
    expect(member.rebalancing?.()).toBe(true); // its onAssign is still running
    assignDone();
    await tick();
    expect(member.rebalancing?.()).toBe(false);
  });

  it('is rebalancing once a busy member has given its partitions up, and never once stopping', async () => {
    const fake = fakeConsumer();
    const revoked: string[] = [];
    const member = createKafkaMember({ consumer: fake.build, options: { groupId: 'g', topics: ['t'] }, brokers: 'b:9092', log: silentLog, standings: async () => [], keepAliveMs: 50 });
    await member.run({ onBatch: async () => undefined, onRevoke: async (tps) => void revoked.push(...tps.map((tp) => `${tp.topic}[${tp.partition}]`)) });
    const rebalanceInProgress = Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
    await expect(fake.batch(async () => Promise.reject(rebalanceInProgress))).rejects.toThrow(/rebalancing/);
    expect(revoked).toEqual(['t[0]']);
    expect(member.rebalancing?.()).toBe(true);
    fake.join({ t: [0] });
    await tick();
    expect(member.rebalancing?.()).toBe(false);
    await member.stop();
    fake.rebalancing();
    expect(member.rebalancing?.()).toBe(false);
  });
});
