// An idle stream on a manual clock, through both workers as the runtime wires them: stage 1
// still reports progress every emit interval, but nothing changes, so stage 2 tells no one and
// the dashboard has nothing to rebuild or push.
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createFsStore, DEFAULT_ALERT_SETTINGS, DEFAULT_STREAM_SETTINGS, encodeCheckout, partialsTopicFor, silentLog, tumbling,
} from '../../../src/index';
import { createManualClock } from '../../../src/core/index';
import { createMemoryTransport } from '../../../src/transport/index';
import { createStage1Worker, createStage2Service } from '../../../src/pipeline/index';
import { line, order } from '../../helpers/events';
import { tempDir } from '../../helpers/tmp';

const TOPIC = 'orders';
const EMIT_MS = 250;
const T0 = Date.UTC(2026, 10, 30, 9);

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('an idle stream', () => {
  it('pushes 0 snapshots a minute: no update signal, no new view version', async () => {
    const clock = createManualClock(T0 + 60_000);
    const transport = createMemoryTransport();
    await transport.ensureTopic(TOPIC, 2);
    const producer = await transport.createProducer();
    await producer.send(TOPIC, Array.from({ length: 40 }, (_, i) => ({ key: String(i), value: encodeCheckout(order(T0 + i * 1_000, [line(1 + (i % 3))])) })));
    const settings = { ...DEFAULT_STREAM_SETTINGS, window: tumbling(10_000), allowedLatenessMs: 0, idleTimeoutMs: 5_000 };
    const partialsTopic = partialsTopicFor(TOPIC);
    const stage1 = createStage1Worker({
      transport, store: createFsStore({ root: await tempDir('idle-stream') }), topic: TOPIC, partialsTopic, groupId: 's1', settings, flushIntervalMs: 30_000, emitIntervalMs: EMIT_MS,
      badRecords: 'skip', clock, log: silentLog,
    });
    const stage2 = createStage2Service({
      transport, sourceTopic: TOPIC, partialsTopic, groupId: 's2', settings, alerts: { ...DEFAULT_ALERT_SETTINGS, enabled: false },
      flushIntervalMs: 30_000, clock, log: silentLog,
    });
    await stage1.start();
    await stage2.start();
    onTestFinished(async () => {
      await stage1.stop();
      await stage2.stop();
    });
    const view = stage2.stage2.view;
    // Two minutes: every order read, the partitions idle, the windows the watermark passed closed.
    for (let i = 0; i < 2 * 60_000 / EMIT_MS; i++) {
      clock.advance(EMIT_MS);
      await settle();
    }
    expect(view.summary().orders).toBe(40);
    expect(view.summary().windowsClosed).toBe(3);

    let updates = 0;
    stage2.onUpdate(() => updates++);
    const versions = new Set([view.version]);
    for (let i = 0; i < 60_000 / EMIT_MS; i++) {
      clock.advance(EMIT_MS);
      await settle();
      versions.add(view.version);
    }
    expect({ updates, versions: versions.size - 1 }).toEqual({ updates: 0, versions: 0 });
  });
});
