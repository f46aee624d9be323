// Starting and stopping the pipeline's parts when one of them fails, on the in-process
// transport wrapped so that it fails on cue (both were found by the chaos suite):
// - a part that fails to start: what was already started is stopped and the transport closed,
//   or the open connections keep a failed process alive;
// - stage 2's lag read failing while the stop drains it: the last windows are still written and
//   committed, the transport closed, and the failure reported.
import { describe, expect, it } from 'vitest';
import {
  createFsStore, createHistoryReader, DEFAULT_CONFIG, encodeCheckout, partialsTopicFor, silentLog, stage1GroupFor, stage2GroupFor, startParts, stopParts, planRun, systemClock, WorkbenchError, type Config, type Transport,
} from '../../../src/index';
import { createMemoryTransport } from '../../../src/transport/index';
import type { PartitionOffset } from '../../../src/transport/types';
import { line, order } from '../../helpers/events';
import { tempDir } from '../../helpers/tmp';

const TOPIC = 'orders-runtime';
const T0 = Date.UTC(2026, 10, 24, 12);
const ROLES = { produce: false, stage1: true, stage2: 'writer' } as const;
/** A fixed host: the plan, and so the run, does not depend on this process. */
const HOST = { pid: 1, now: 0, interactive: false };

async function config(): Promise<Config> {
  const dataDir = await tempDir('runtime');
  return {
    ...DEFAULT_CONFIG,
    transport: { ...DEFAULT_CONFIG.transport, topic: TOPIC, partitions: 2 },
    store: { ...DEFAULT_CONFIG.store, dataDir },
    alerts: { ...DEFAULT_CONFIG.alerts, enabled: false },
  };
}

/** The in-process transport, recording what the parts do with it and failing where told. */
function recordingTransport(fail: { joinOf?: string; lagOf?: string }) {
  const inner = createMemoryTransport();
  const seen = { closed: 0, stopped: [] as string[], commits: [] as Array<{ groupId: string } & PartitionOffset> };
  const transport: Transport = {
    ...inner,
    async createConsumer(options) {
      if (options.groupId === fail.joinOf) throw new WorkbenchError('TRANSPORT_FAILED', `group "${options.groupId}" could not be joined`);
      const consumer = await inner.createConsumer(options);
      return {
        ...consumer,
        // The lag is read from the group's standings (as on Kafka): both fail.
        lag: (topic) => (topic === fail.lagOf ? Promise.reject(new WorkbenchError('TRANSPORT_FAILED', `reading the lag of ${topic} failed`)) : consumer.lag(topic)),
        standings: (topic) => (topic === fail.lagOf ? Promise.reject(new WorkbenchError('TRANSPORT_FAILED', `reading the lag of ${topic} failed`)) : consumer.standings(topic)),
        commit: async (offsets) => {
          await consumer.commit(offsets);
          seen.commits.push(...offsets.map((o) => ({ groupId: options.groupId, ...o })));
        },
        stop: async () => {
          seen.stopped.push(options.groupId);
          await consumer.stop();
        },
      };
    },
    async close() {
      seen.closed++;
      await inner.close();
    },
  };
  return { inner, transport, seen };
}

const deps = (transport: Transport) => ({ log: silentLog, clock: systemClock, onFatal: () => undefined, openTransport: async () => transport });

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('starting and stopping the parts when one fails', () => {
  it('stops stage 2 and closes the transport when stage 1 then fails to start', async () => {
    const { transport, seen } = recordingTransport({ joinOf: stage1GroupFor(TOPIC) });
    await expect(startParts(planRun(await config(), HOST), ROLES, deps(transport))).rejects.toThrow(/could not be joined/);
    // Stage 2 and its reader of the feed topic (a group of this process, from the plan's host).
    expect(seen.stopped).toEqual([planRun(DEFAULT_CONFIG, HOST).feedGroupId, stage2GroupFor(TOPIC)]);
    expect(seen.closed).toBe(1);
  });

  it('writes and commits the last windows when the stage-2 lag read fails during the stop, and reports that failure', async () => {
    const { inner, transport, seen } = recordingTransport({ lagOf: partialsTopicFor(TOPIC) });
    const cfg = await config();
    const parts = await startParts(planRun(cfg, HOST), ROLES, deps(transport));
    // Five orders in one-minute windows at 12:01-12:03 and 13:00-13:01; the last ones stay open until the stop.
    const producer = await inner.createProducer();
    const times = [T0 + 60_000, T0 + 120_000, T0 + 180_000, T0 + 3_600_000, T0 + 3_660_000];
    await producer.send(TOPIC, times.map((t, i) => ({ key: String(i), value: encodeCheckout(order(t, [line(i + 1)])) })));
    await until(() => parts.stage2!.stage2.view.summary().orders === 5, 'stage 2 to merge the five orders');

    await expect(stopParts(parts, deps(transport))).rejects.toThrow(/reading the lag of .* failed/);
    const byHour = await createHistoryReader(createFsStore({ root: cfg.store.dataDir })).rows('by_hour');
    expect(byHour.reduce((sum, r) => sum + Number(r.transaction_count), 0)).toBe(5);
    const reader = await inner.createConsumer({ groupId: 'reader', topics: [partialsTopicFor(TOPIC)] });
    const partialsEnd = (await reader.standings(partialsTopicFor(TOPIC)))[0]!.end;
    expect(partialsEnd).toBeGreaterThan(0);
    expect(seen.commits.filter((c) => c.groupId === stage2GroupFor(TOPIC)).at(-1)?.offset).toBe(partialsEnd);
    expect(seen.closed).toBe(1);
  });
});
