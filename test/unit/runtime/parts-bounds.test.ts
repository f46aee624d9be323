// Memory bounds the runner sets when it builds the parts: on the in-process log, stage 1 writes
// raw (and commits, which trims the log) at IN_PROCESS_MAX_BUFFERED_ORDERS, not at the worker's
// 10,000, and never waits for the flush interval to do so.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG, encodeCheckout, silentLog, stage1GroupFor, startParts, stopParts, planRun, currentHost, systemClock, type Config,
} from '../../../src/index';
import { IN_PROCESS_MAX_BUFFERED_ORDERS } from '../../../src/runtime/parts';
import { line, order } from '../../helpers/events';
import { tempDir } from '../../helpers/tmp';

const TOPIC = 'orders-runtime-bounds';
const T0 = Date.UTC(2026, 10, 24, 12);

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('memory bounds of the parts on the in-process log', () => {
  it(`writes raw and commits once ${IN_PROCESS_MAX_BUFFERED_ORDERS} orders wait, long before the flush interval`, async () => {
    expect(IN_PROCESS_MAX_BUFFERED_ORDERS).toBeLessThan(10_000); // the worker's own default, kept for Kafka
    const config: Config = {
      ...DEFAULT_CONFIG,
      transport: { ...DEFAULT_CONFIG.transport, kind: 'memory', topic: TOPIC, partitions: 1 },
      store: { ...DEFAULT_CONFIG.store, dataDir: await tempDir('runtime-bounds') },
      alerts: { ...DEFAULT_CONFIG.alerts, enabled: false },
      flushIntervalMs: 3_600_000,
    };
    const deps = { log: silentLog, clock: systemClock, onFatal: () => undefined };
    const parts = await startParts(planRun(config, currentHost()), { produce: false, stage1: true, stage2: 'none' }, deps);
    try {
      const producer = await parts.transport.createProducer();
      const count = IN_PROCESS_MAX_BUFFERED_ORDERS + 10;
      for (let from = 0; from < count; from += 500) {
        const batch = Array.from({ length: Math.min(500, count - from) }, (_, i) => encodeCheckout(order(T0 + (from + i) * 100, [line(1 + ((from + i) % 7))])));
        await producer.send(TOPIC, batch.map((value) => ({ key: 'k', value })));
      }
      await until(() => (parts.worker?.stats.consumed ?? 0) === count, 'stage 1 to read every order');
      await until(() => (parts.worker?.stats.rawFiles ?? 0) >= 1, 'a raw file written at the bound');
      const reader = await parts.transport.createConsumer({ groupId: stage1GroupFor(TOPIC), topics: [TOPIC] });
      const [standing] = await reader.standings(TOPIC);
      expect(standing!.committed).toBeGreaterThanOrEqual(IN_PROCESS_MAX_BUFFERED_ORDERS);
      expect(standing!.committed).toBeLessThan(count); // the last orders wait for the next bound or interval
      expect(standing!.start).toBe(standing!.committed); // and the log let go of what was committed
    } finally {
      await stopParts(parts, deps);
    }
  });
});
