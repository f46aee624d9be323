// The transport port: a partitioned, keyed log with offsets and consumer groups that
// commit offsets. The in-process implementation and the Kafka adapter share these semantics,
// and one contract suite checks both.

export interface OutgoingMessage {
  key: string | null;
  value: Uint8Array;
  /**
   * Epoch ms, kept by the in-process log (its retention counts from arrival anyway). Kafka
   * records always carry the send time, so that a backfill of old events is not deleted by the
   * broker's time retention before it is read.
   */
  timestamp?: number;
}

export interface LoggedMessage {
  key: string | null;
  value: Uint8Array;
  timestamp: number;
  offset: number;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** offset is the next offset to read, as Kafka commits it. */
export interface PartitionOffset extends TopicPartition {
  offset: number;
}

export interface Batch extends TopicPartition {
  messages: LoggedMessage[];
  /** Offset after the newest message in the partition when the batch was fetched. */
  highWatermark: number;
}

export interface ConsumerHandlers {
  onBatch(batch: Batch): Promise<void>;
  /** Called before partitions are taken away: flush and commit here. */
  onRevoke?(partitions: TopicPartition[]): Promise<void>;
  onAssign?(partitions: TopicPartition[]): Promise<void>;
  /**
   * Partitions taken away with no chance to flush first (Kafka noticed the rebalance while
   * idle, or the member was dropped). Called synchronously: stop writing for them at once and
   * drop what is not committed; the next owner replays it from the committed offset.
   */
  onLost?(partitions: TopicPartition[]): void;
  /** The consumer stopped on an error thrown by a handler or by the transport. */
  onError?(error: unknown): void;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts: the oldest message or only new ones. */
  fromBeginning?: boolean;
  maxBatchSize?: number;
}

export interface TransportProducer {
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** Where a partition stands for a group: its log's first and next offset, and the group's commit. */
export interface PartitionStanding {
  partition: number;
  /** Oldest offset still in the log. */
  start: number;
  /** Log end: the offset the next message will get. */
  end: number;
  /** The group's committed offset, or null when it has none. */
  committed: number | null;
}

export interface TransportConsumer {
  /** Starts consuming; resolves once the consumer is running. */
  run(handlers: ConsumerHandlers): Promise<void>;
  commit(offsets: PartitionOffset[]): Promise<void>;
  /** Messages not yet committed by this group, summed over the partitions of a topic. */
  lag(topic: string): Promise<number>;
  /** Every partition of a topic: log start and end, and this group's committed offset. */
  standings(topic: string): Promise<PartitionStanding[]>;
  /**
   * True from a rebalance that took this member's partitions (onRevoke or onLost) until the
   * group's next assignment has been handled (onAssign, even of nothing). Kafka rejoins on its
   * own in between; the in-process log reassigns at once and has no such moment.
   */
  rebalancing?(): boolean;
  stop(): Promise<void>;
}

/** Settings of a topic the workbench creates; an existing topic keeps its own. */
export interface TopicOptions {
  /** How long the broker keeps records (Kafka's retention.ms); the broker's default without it. */
  retentionMs?: number;
}

export interface Transport {
  readonly kind: 'memory' | 'kafka';
  /** Where it is, for messages: "in-process" or the broker list. */
  readonly address: string;
  ensureTopic(topic: string, partitions: number, options?: TopicOptions): Promise<void>;
  partitionCount(topic: string): Promise<number>;
  createProducer(): Promise<TransportProducer>;
  createConsumer(options: ConsumerOptions): Promise<TransportConsumer>;
  close(): Promise<void>;
}

/** Stable key → partition, shared by both implementations' callers. */
export function partitionForKey(key: string | null, partitions: number, roundRobin: number): number {
  if (key === null) return roundRobin % partitions;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % partitions;
}

/** Messages a group has not committed: from its commit, or from the log start where it has none. */
export const lagOf = (standings: readonly PartitionStanding[]): number =>
  standings.reduce((sum, s) => sum + s.end - (s.committed ?? s.start), 0);
