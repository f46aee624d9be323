// Where the pipeline's consumer groups stand on the chaos broker, read with a plain kafkajs admin
// client, not through the pipeline's transport:
// - stage 1 has consumed and committed everything when its lag on the transactions topic is 0;
//   every order is then in raw, and every partial in the partials topic (stage 1 sends them first);
// - stage 2's lag is rarely 0 while workers run (idle stage-1 workers report their standing every
//   2 s, and it commits only up to its oldest open window), but after a clean stop its owner has
//   committed up to the partials topic's end; more is partials no owner merged.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { partialsTopicFor, stage1GroupFor, stage2GroupFor } from '../src/index';

async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [committed, ends] = await Promise.all([admin.fetchOffsets({ groupId, topics: [topic] }), admin.fetchTopicOffsets(topic)]);
  const at = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return ends.reduce((sum, end) => sum + Number(end.high) - Math.max(at.get(end.partition) ?? 0, Number(end.low)), 0);
}

async function withAdmin<T>(brokers: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'chaos-drain', brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 5 } }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export function waitForDrain(brokers: string, topic: string, timeoutMs: number): Promise<{ drained: boolean; lag: Record<string, number> }> {
  return withAdmin(brokers, async (admin) => {
    const deadline = Date.now() + timeoutMs;
    let lag: Record<string, number> = {};
    for (;;) {
      try {
        lag = { stage1: await groupLag(admin, stage1GroupFor(topic), topic), stage2: await groupLag(admin, stage2GroupFor(topic), partialsTopicFor(topic)) };
        if (lag.stage1 === 0) return { drained: true, lag };
      } catch {
        // The broker may still be electing a coordinator after its restart; ask again.
      }
      if (Date.now() > deadline) return { drained: false, lag };
      await new Promise((r) => setTimeout(r, 500));
    }
  });
}

/** Partials the stage-2 group has not committed. */
export const stage2Backlog = (brokers: string, topic: string): Promise<number> =>
  withAdmin(brokers, (admin) => groupLag(admin, stage2GroupFor(topic), partialsTopicFor(topic)));
