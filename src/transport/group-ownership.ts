// What a Kafka group member owns, for both members (kafkajs in kafka-consumer.ts,
// @platformatic/kafka in platformatic-member.ts): the partitions assigned to it, those being
// revoked (still committable until it rejoins), a commit refused for any other partition, and
// the queue that runs the handler calls one at a time, in the order they came.
import { WorkbenchError, type Log } from '../core/index';
import type { ConsumerHandlers, PartitionOffset, TopicPartition } from './types';

export const tpKey = (topic: string, partition: number): string => `${topic}[${partition}]`;
export const describePartitions = (tps: TopicPartition[]): string => tps.map((tp) => tpKey(tp.topic, tp.partition)).join(', ') || 'none';

export interface GroupOwnership {
  /** Assigned to this member now (not counting those being revoked). */
  has(tp: TopicPartition): boolean;
  assigned(): TopicPartition[];
  /** A new assignment, per topic; anything being revoked is over. Returns the partitions. */
  assign(byTopic: Array<[string, number[]]>): TopicPartition[];
  /** Everything assigned is being revoked: still committable until endRevoke or assign. */
  beginRevoke(): TopicPartition[];
  endRevoke(): void;
  /** Everything, assigned or being revoked, is gone at once; returns it. */
  takeAll(): TopicPartition[];
  /** Throws PARTITIONS_LOST naming the first partition this member may not commit. */
  checkCommit(offsets: PartitionOffset[]): void;
  enqueue<T>(work: () => Promise<T>): Promise<T>;
  /** Settles when every handler call queued so far has. */
  idle(): Promise<unknown>;
  /** A member that stops: after the queued calls, onRevoke of everything assigned; its error goes to onError. */
  revokeOnStop(handlers: Pick<ConsumerHandlers, 'onRevoke' | 'onError'>): Promise<void>;
}

export function createGroupOwnership(groupId: string): GroupOwnership {
  let owned = new Map<string, TopicPartition>();
  let revoking = new Map<string, TopicPartition>();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    has: (tp) => owned.has(tpKey(tp.topic, tp.partition)),
    assigned: () => [...owned.values()],
    assign(byTopic) {
      revoking = new Map();
      owned = new Map(byTopic.flatMap(([topic, partitions]) =>
        partitions.map((partition): [string, TopicPartition] => [tpKey(topic, partition), { topic, partition }])));
      return [...owned.values()];
    },
    beginRevoke() {
      revoking = owned;
      owned = new Map();
      return [...revoking.values()];
    },
    endRevoke: () => void (revoking = new Map()),
    takeAll() {
      const all = [...owned.values(), ...revoking.values()];
      owned = new Map();
      revoking = new Map();
      return all;
    },
    checkCommit(offsets) {
      const foreign = offsets.find((o) => !owned.has(tpKey(o.topic, o.partition)) && !revoking.has(tpKey(o.topic, o.partition)));
      if (!foreign) return;
      const where = tpKey(foreign.topic, foreign.partition);
      throw new WorkbenchError('PARTITIONS_LOST', `cannot commit ${where}@${foreign.offset}: group "${groupId}" gave that partition to another member; it replays from its last commit`, { where, retriable: false });
    },
    enqueue(work) {
      const next = queue.then(work);
      queue = next.catch(() => undefined);
      return next;
    },
    idle: () => queue,
    async revokeOnStop({ onRevoke, onError }) {
      await queue;
      const revoked = this.beginRevoke();
      try {
        await this.enqueue(async () => onRevoke?.(revoked));
      } catch (error) {
        onError?.(error);
      }
    },
  };
}

/** Partitions taken away without a flush: said in the log, and told to the handler. */
export function reportLost(log: Log, groupId: string, why: string, lost: TopicPartition[], onLost?: (tps: TopicPartition[]) => void): void {
  if (lost.length === 0) return;
  log.info(`group ${groupId}: ${why}; partitions ${describePartitions(lost)} are given up without a flush and will be replayed from their committed offsets`);
  onLost?.(lost);
}
