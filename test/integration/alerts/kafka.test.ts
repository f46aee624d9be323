// Alert events published to a real Apache Kafka topic (npm test starts the broker; see infra/README.md).
import { describe, expect, it } from 'vitest';
import { attachAlertSink } from '../../../src/pipeline/index';
import { createAlertDesk, silentLog, systemClock, type AlertEvent, type TrendSignal } from '../../../src/index';
import { kafka, uniqueTopic } from '../kafka/helpers';

const T0 = Date.UTC(2026, 10, 23, 10, 5);
const signal = (kind: TrendSignal['kind'], at: number, subjectId: number): TrendSignal => ({
  kind, level: 'product', subjectId, subjectName: `Product ${subjectId}`, departmentId: 4, polarity: 'up', direction: 'surge',
  severity: 'critical', windowStart: at - 60_000, at, observed: 90, baseline: 20, changePct: 350, ratio: 4.5, evidence: 1.4,
  rank: null, baselineRank: null, message: `Product ${subjectId} surged`,
});

describe('alerts on Kafka', () => {
  it('publishes every alert event to the alerts topic, keyed by alert id, in order', async () => {
    const transport = await kafka();
    const topic = uniqueTopic('alerts');
    const desk = createAlertDesk({ cooldownFor: () => 0 });
    const sink = attachAlertSink({ desk }, { transport, topic, clock: systemClock, log: silentLog });
    desk.apply([signal('onset', T0, 1), signal('onset', T0, 2)]);
    desk.apply([signal('recovered', T0 + 180_000, 1)]);
    desk.acknowledge(`product-2-up-${T0}`, Date.now());
    await sink.close();
    expect(sink.stats).toMatchObject({ published: 4, failed: 0 });

    const consumer = await transport.createConsumer({ groupId: `${topic}-check`, topics: [topic], fromBeginning: true });
    const seen: Array<{ key: string | null; event: AlertEvent }> = [];
    try {
      await consumer.run({ onBatch: async (b) => void seen.push(...b.messages.map((m) => ({ key: m.key, event: JSON.parse(new TextDecoder().decode(m.value)) as AlertEvent }))) });
      await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(4);
    } finally {
      await consumer.stop();
    }
    expect(seen.map((m) => [m.key, m.event.type])).toEqual([
      [`product-1-up-${T0}`, 'raised'], [`product-2-up-${T0}`, 'raised'], [`product-1-up-${T0}`, 'resolved'], [`product-2-up-${T0}`, 'acknowledged'],
    ]);
    expect(seen[0]!.event.alert).toMatchObject({ level: 'product', subjectId: 1, direction: 'surge', severity: 'critical', startedAt: T0 });
  }, 60_000);
});
