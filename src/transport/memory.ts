// The in-process transport: the embedded default and the unit-test driver. It keeps
// Kafka's semantics — keyed partitions, offsets, consumer groups with committed offsets,
// and rebalancing that revokes before it reassigns — so code that works here works on Kafka.
import { WorkbenchError } from '../errors';
import {
  lagOf, partitionForKey, type Batch, type ConsumerHandlers, type ConsumerOptions, type LoggedMessage,
  type PartitionOffset, type PartitionStanding, type TopicPartition, type Transport, type TransportConsumer,
} from './types';

interface Group {
  committed: Map<string, number>;
  members: Member[];
  generation: number;
}

interface Member {
  options: ConsumerOptions;
  assigned: TopicPartition[];
}

const tpKey = (topic: string, partition: number): string => `${topic}:${partition}`;

export function createMemoryTransport(): Transport {
  const topics = new Map<string, LoggedMessage[][]>();
  const groups = new Map<string, Group>();
  let waiters: Array<() => void> = [];
  let roundRobin = 0;

  const wake = (): void => {
    const ready = waiters;
    waiters = [];
    ready.forEach((resolve) => resolve());
  };
  const nextChange = (timeoutMs: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  const log = (topic: string): LoggedMessage[][] => {
    const partitions = topics.get(topic);
    if (!partitions) throw new WorkbenchError('TRANSPORT_FAILED', `topic "${topic}" does not exist in the in-process transport; create it first`, { where: topic });
    return partitions;
  };

  /** Range assignment, as Kafka's default: members sorted by join order share each topic's partitions. */
  const rebalance = (group: Group): void => {
    group.generation++;
    group.members.forEach((m) => (m.assigned = []));
    const subscribed = new Set(group.members.flatMap((m) => m.options.topics));
    for (const topic of subscribed) {
      const members = group.members.filter((m) => m.options.topics.includes(topic));
      const count = topics.get(topic)?.length ?? 0;
      for (let p = 0; p < count; p++) (members[p % members.length] as Member).assigned.push({ topic, partition: p });
    }
    wake();
  };

  const transport: Transport = {
    kind: 'memory',
    address: 'in-process',
    async ensureTopic(topic, partitions) {
      if (!Number.isInteger(partitions) || partitions < 1) throw new WorkbenchError('BAD_CONFIG', `a topic needs at least 1 partition, got ${partitions}`);
      if (!topics.has(topic)) topics.set(topic, Array.from({ length: partitions }, () => []));
    },
    async partitionCount(topic) {
      return log(topic).length;
    },
    async createProducer() {
      let open = true;
      return {
        async send(topic, messages) {
          if (!open) throw new WorkbenchError('TRANSPORT_FAILED', 'send on a closed producer');
          const partitions = log(topic);
          const now = Date.now();
          for (const m of messages) {
            const p = partitions[partitionForKey(m.key, partitions.length, roundRobin++)] as LoggedMessage[];
            p.push({ key: m.key, value: m.value, timestamp: m.timestamp ?? now, offset: p.length });
          }
          wake();
        },
        async close() {
          open = false;
        },
      };
    },
    async createConsumer(options) {
      return createMemoryConsumer(options);
    },
    async close() {
      wake();
    },
  };

  function createMemoryConsumer(options: ConsumerOptions): TransportConsumer {
    const { groupId, fromBeginning = true, maxBatchSize = 1000 } = options;
    const group: Group = groups.get(groupId) ?? { committed: new Map(), members: [], generation: 0 };
    groups.set(groupId, group);
    const member: Member = { options, assigned: [] };
    let running = false;
    let loop: Promise<void> = Promise.resolve();

    const standings = (topic: string): PartitionStanding[] =>
      log(topic).map((messages, partition) => ({ partition, start: 0, end: messages.length, committed: group.committed.get(tpKey(topic, partition)) ?? null }));
    const startPosition = (tp: TopicPartition): number =>
      group.committed.get(tpKey(tp.topic, tp.partition)) ?? (fromBeginning ? 0 : log(tp.topic)[tp.partition]!.length);

    async function consume(handlers: ConsumerHandlers): Promise<void> {
      let generation = -1;
      let owned: TopicPartition[] = [];
      const positions = new Map<string, number>();
      while (running) {
        if (generation !== group.generation) {
          if (owned.length > 0) await handlers.onRevoke?.(owned);
          generation = group.generation;
          owned = [...member.assigned];
          positions.clear();
          for (const tp of owned) positions.set(tpKey(tp.topic, tp.partition), startPosition(tp));
          if (owned.length > 0) await handlers.onAssign?.(owned);
          continue;
        }
        let delivered = false;
        for (const tp of owned) {
          if (!running || generation !== group.generation) break;
          const key = tpKey(tp.topic, tp.partition);
          const messages = log(tp.topic)[tp.partition] as LoggedMessage[];
          const from = positions.get(key) as number;
          if (from >= messages.length) continue;
          const batch: Batch = { ...tp, messages: messages.slice(from, from + maxBatchSize), highWatermark: messages.length };
          positions.set(key, from + batch.messages.length);
          await handlers.onBatch(batch);
          delivered = true;
        }
        // Yield to the event loop between rounds so producers and servers in the same process run.
        if (delivered) await new Promise((resolve) => setImmediate(resolve));
        else await nextChange(50);
      }
      if (owned.length > 0) await handlers.onRevoke?.(owned);
    }

    return {
      async run(handlers) {
        if (running) throw new WorkbenchError('TRANSPORT_FAILED', `consumer of group "${groupId}" is already running`);
        for (const topic of options.topics) log(topic);
        running = true;
        group.members.push(member);
        rebalance(group);
        loop = consume(handlers).catch((error: unknown) => {
          running = false;
          handlers.onError?.(error);
        });
      },
      async commit(offsets: PartitionOffset[]) {
        for (const o of offsets) group.committed.set(tpKey(o.topic, o.partition), o.offset);
      },
      lag: async (topic) => lagOf(standings(topic)),
      standings: async (topic) => standings(topic),
      async stop() {
        if (!running) return;
        running = false;
        wake();
        await loop;
        group.members = group.members.filter((m) => m !== member);
        if (group.members.length > 0) rebalance(group);
      },
    };
  }

  return transport;
}
