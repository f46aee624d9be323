// The Kafka group member's answer to kafkajs's "restart after this crash?": kafkajs restarts a
// crashed consumer on a timer of its own, so a member that has stopped or given up must refuse,
// or a restart under way while the broker is down keeps a stopped process alive for ever.
import type { Consumer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../../../src/index';
import { createKafkaMember } from '../../../src/transport/kafka-consumer';

/** Just enough of a kafkajs consumer: its events can be fired by the test. */
function fakeConsumer() {
  const listeners = new Map<string, (event: { payload: unknown }) => void>();
  let restartOnFailure: () => Promise<boolean> = async () => true;
  const consumer = {
    events: { GROUP_JOIN: 'join', REBALANCING: 'rebalancing', CRASH: 'crash' },
    on: (name: string, listener: (event: { payload: unknown }) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
    connect: async () => undefined, subscribe: async () => undefined, run: async () => undefined, disconnect: async () => undefined,
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
  return { build, crash };
}

async function runningMember() {
  const fake = fakeConsumer();
  const errors: unknown[] = [];
  const member = createKafkaMember({ consumer: fake.build, options: { groupId: 'g', topics: ['t'] }, brokers: 'b:9092', log: silentLog, standings: async () => [] });
  await member.run({ onBatch: async () => undefined, onError: (e) => void errors.push(e) });
  return { member, errors, crash: fake.crash };
}

describe('Kafka group member and kafkajs restarts', () => {
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
});
