// The in-process transport: the embedded default and the unit-test driver. It keeps
// Kafka's semantics — keyed partitions, offsets, consumer groups with committed offsets,
// and rebalancing that revokes before it reassigns — so code that works here works on Kafka.
// It keeps records as Kafka does, in bounded memory: each partition drops what every group
// subscribed to its topic has committed, and holds at most its retention (memory-log.ts).
// Two choices differ from a broker, because the log lives in the producer's own memory:
// a producer waits while a running reader is far behind instead of letting retention delete
// what nobody has read; and a reader that still finds its offset deleted moves to the log
// start (fromBeginning) or end, as kafkajs does on OFFSET_OUT_OF_RANGE, and is reported.
import { WorkbenchError } from '../core/index';
import { createPartitionLog, type PartitionLog, type Retention } from './memory-log';
import {
  lagOf, partitionForKey, type Batch, type ConsumerHandlers, type ConsumerOptions,
  type PartitionOffset, type PartitionStanding, type TopicPartition, type Transport, type TransportConsumer,
} from './types';

export type { Retention } from './memory-log';

/** Per partition: 8 MiB of payload, one hour since append. */
export const DEFAULT_MEMORY_RETENTION: Retention = { bytes: 8 * 1024 * 1024, ms: 3_600_000 };
/** A producer waits while a running reader of a partition it sends to is this far behind. */
export const DEFAULT_PRODUCER_HOLD_BYTES = 2 * 1024 * 1024;

export interface SkippedRecords {
  topic: string;
  partition: number;
  groupId: string;
  /** The offset the group wanted, and where it resumed. */
  from: number;
  to: number;
}

export interface MemoryTransportOptions {
  retention?: Partial<Retention>;
  /** Infinity turns the wait off (then retention may delete records nobody has read). */
  producerHoldBytes?: number;
  /** Wall clock for retention by age. */
  now?: () => number;
  /** Told when a reader's offset had been deleted and it moved on: records lost to that group. */
  onSkipped?: (skip: SkippedRecords) => void;
}

/** The in-process transport, which can also say how much it holds. */
export interface MemoryTransport extends Transport {
  /** Records and payload bytes held, over every topic or one. */
  held(topic?: string): { records: number; bytes: number };
}

interface Group {
  committed: Map<string, number>;
  /** Topics its members have subscribed to: their logs are trimmed to its commits. */
  topics: Set<string>;
  members: Member[];
  generation: number;
}

interface Member {
  options: ConsumerOptions;
  assigned: TopicPartition[];
  /** Next offset to read per owned partition while running. */
  positions: Map<string, number>;
  active: boolean;
}

const tpKey = (topic: string, partition: number): string => `${topic}:${partition}`;

export function createMemoryTransport(settings: MemoryTransportOptions = {}): MemoryTransport {
  const retention: Retention = { ...DEFAULT_MEMORY_RETENTION, ...settings.retention };
  // Below half the byte cap, so that retention never reaches what a running reader has not read.
  const holdBytes = Math.min(settings.producerHoldBytes ?? DEFAULT_PRODUCER_HOLD_BYTES, retention.bytes / 2);
  const now = settings.now ?? Date.now;
  const topics = new Map<string, PartitionLog[]>();
  const groups = new Map<string, Group>();
  let waiters: Array<() => void> = [];
  let roundRobin = 0;
  let closed = false;

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

  const log = (topic: string): PartitionLog[] => {
    const partitions = topics.get(topic);
    if (!partitions) throw new WorkbenchError('TRANSPORT_FAILED', `topic "${topic}" does not exist in the in-process transport; create it first`, { where: topic });
    return partitions;
  };
  const partitionLog = (topic: string, partition: number): PartitionLog => log(topic)[partition] as PartitionLog;

  /** Drops what every group of the topic has committed; a group without a commit here holds it all. */
  const trimCommitted = (topic: string, partition: number): void => {
    let floor = Number.POSITIVE_INFINITY;
    for (const group of groups.values()) {
      if (group.topics.has(topic)) floor = Math.min(floor, group.committed.get(tpKey(topic, partition)) ?? Number.NEGATIVE_INFINITY);
    }
    if (Number.isFinite(floor)) partitionLog(topic, partition).trimBefore(floor);
  };

  /** Bytes the furthest-behind running reader of a partition has still to read. */
  const behind = (topic: string, partition: number): number => {
    const key = tpKey(topic, partition);
    let most = 0;
    for (const group of groups.values()) {
      for (const m of group.members) {
        const at = m.active ? m.positions.get(key) : undefined;
        if (at !== undefined) most = Math.max(most, partitionLog(topic, partition).bytesFrom(at));
      }
    }
    return most;
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

  const transport: MemoryTransport = {
    kind: 'memory',
    address: 'in-process',
    async ensureTopic(topic, partitions) {
      if (!Number.isInteger(partitions) || partitions < 1) throw new WorkbenchError('BAD_CONFIG', `a topic needs at least 1 partition, got ${partitions}`);
      if (!topics.has(topic)) topics.set(topic, Array.from({ length: partitions }, () => createPartitionLog()));
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
          const targets = messages.map((m) => partitionForKey(m.key, partitions.length, roundRobin++));
          const touched = [...new Set(targets)];
          while (open && !closed && touched.some((p) => behind(topic, p) > holdBytes)) await nextChange(20);
          const at = now();
          messages.forEach((m, i) => (partitions[targets[i] as number] as PartitionLog).append(m.key, m.value, m.timestamp ?? at, at));
          for (const p of touched) (partitions[p] as PartitionLog).enforce(retention, at);
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
      closed = true;
      wake();
    },
    held(topic) {
      const held = { records: 0, bytes: 0 };
      for (const [name, partitions] of topics) {
        if (topic !== undefined && name !== topic) continue;
        for (const p of partitions) {
          held.records += p.end - p.start;
          held.bytes += p.bytes;
        }
      }
      return held;
    },
  };

  function createMemoryConsumer(options: ConsumerOptions): TransportConsumer {
    const { groupId, fromBeginning = true, maxBatchSize = 1000 } = options;
    const group: Group = groups.get(groupId) ?? { committed: new Map(), topics: new Set(), members: [], generation: 0 };
    groups.set(groupId, group);
    const member: Member = { options, assigned: [], positions: new Map(), active: false };
    let running = false;
    let loop: Promise<void> = Promise.resolve();

    const standings = (topic: string): PartitionStanding[] =>
      log(topic).map((p, partition) => ({ partition, start: p.start, end: p.end, committed: group.committed.get(tpKey(topic, partition)) ?? null }));
    /** Where to read from: the committed offset, or the log start or end; never a deleted offset. */
    const readable = (tp: TopicPartition, wanted: number | undefined): number => {
      const partition = partitionLog(tp.topic, tp.partition);
      if (wanted === undefined) return fromBeginning ? partition.start : partition.end;
      if (wanted >= partition.start) return wanted;
      const to = fromBeginning ? partition.start : partition.end;
      settings.onSkipped?.({ ...tp, groupId, from: wanted, to });
      return to;
    };

    async function consume(handlers: ConsumerHandlers): Promise<void> {
      let generation = -1;
      let owned: TopicPartition[] = [];
      const positions = member.positions;
      while (running) {
        if (generation !== group.generation) {
          if (owned.length > 0) await handlers.onRevoke?.(owned);
          generation = group.generation;
          owned = [...member.assigned];
          positions.clear();
          for (const tp of owned) positions.set(tpKey(tp.topic, tp.partition), readable(tp, group.committed.get(tpKey(tp.topic, tp.partition))));
          if (owned.length > 0) await handlers.onAssign?.(owned);
          continue;
        }
        let delivered = false;
        for (const tp of owned) {
          if (!running || generation !== group.generation) break;
          const key = tpKey(tp.topic, tp.partition);
          const partition = partitionLog(tp.topic, tp.partition);
          const from = readable(tp, positions.get(key));
          if (from >= partition.end) {
            positions.set(key, from);
            continue;
          }
          const batch: Batch = { ...tp, messages: partition.read(from, maxBatchSize), highWatermark: partition.end };
          positions.set(key, from + batch.messages.length);
          await handlers.onBatch(batch);
          delivered = true;
        }
        // Yield to the event loop between rounds so producers and servers in the same process run.
        if (delivered) {
          wake(); // producers held back by this reader may go on
          await new Promise((resolve) => setImmediate(resolve));
        } else await nextChange(50);
      }
      if (owned.length > 0) await handlers.onRevoke?.(owned);
    }

    return {
      async run(handlers) {
        if (running) throw new WorkbenchError('TRANSPORT_FAILED', `consumer of group "${groupId}" is already running`);
        for (const topic of options.topics) log(topic);
        running = true;
        member.active = true;
        options.topics.forEach((topic) => group.topics.add(topic));
        group.members.push(member);
        rebalance(group);
        loop = consume(handlers).catch((error: unknown) => {
          running = false;
          handlers.onError?.(error);
        }).finally(() => {
          member.active = false;
          member.positions.clear();
          wake();
        });
      },
      async commit(offsets: PartitionOffset[]) {
        for (const o of offsets) {
          group.committed.set(tpKey(o.topic, o.partition), o.offset);
          trimCommitted(o.topic, o.partition);
        }
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
