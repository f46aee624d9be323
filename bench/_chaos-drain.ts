// Waits until stage 1 has consumed and committed everything on the chaos broker (its group's lag
// on the transactions topic is 0): every order is then in raw. Stage 2's lag on the partials topic
// is reported too, but it is rarely 0 at an instant, since idle stage-1 workers report their
// standing every 2 s; a stopping worker merges every partial itself before its last windows.
// Reads the offsets with a plain kafkajs admin client, not through the pipeline's transport.
import { Kafka, logLevel } from 'kafkajs';
import { partialsTopicFor, stage1GroupFor, stage2GroupFor } from '../src/index';

export async function waitForDrain(brokers: string, topic: string, timeoutMs: number): Promise<{ drained: boolean; lag: Record<string, number> }> {
  const admin = new Kafka({ clientId: 'chaos-drain', brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
  const lagOf = async (groupId: string, of: string): Promise<number> => {
    const [committed, ends] = await Promise.all([admin.fetchOffsets({ groupId, topics: [of] }), admin.fetchTopicOffsets(of)]);
    const at = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((sum, end) => sum + Number(end.high) - Math.max(at.get(end.partition) ?? 0, Number(end.low)), 0);
  };
  const deadline = Date.now() + timeoutMs;
  let lag: Record<string, number> = {};
  await admin.connect();
  try {
    for (;;) {
      try {
        lag = { stage1: await lagOf(stage1GroupFor(topic), topic), stage2: await lagOf(stage2GroupFor(topic), partialsTopicFor(topic)) };
        if (lag.stage1 === 0) return { drained: true, lag };
      } catch {
        // The broker may still be electing a coordinator after its restart; ask again.
      }
      if (Date.now() > deadline) return { drained: false, lag };
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
