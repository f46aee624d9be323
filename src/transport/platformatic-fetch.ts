// Fetching for a group member on @platformatic/kafka: where each assigned partition stands,
// and the next record batches from the partitions' leaders, as port batches. One fetch is
// prefetched while the caller hands the last one over. An epoch counts assignments: reset()
// starts a new one, and positions or fetches of an older epoch are dropped.
import { ListOffsetTimestamps, type Consumer } from '@platformatic/kafka';
import type { Batch, LoggedMessage, PartitionStanding, TopicPartition } from './types';
import { tpKey } from './group-ownership';
import { describeDeep } from './platformatic-errors';

/** Record batch attributes (Kafka's protocol): the timestamp is the broker's, and transaction markers. */
const LOG_APPEND_TIME = 0x08;
const IS_CONTROL = 0x20;
const EMPTY = new Uint8Array(0);

type FetchTopics = Parameters<Consumer['fetch']>[0]['topics'];

export interface PartitionFetcherOptions {
  consumer: Consumer;
  topics: string[];
  fromBeginning: boolean;
}

export function createPartitionFetcher({ consumer, topics, fromBeginning }: PartitionFetcherOptions) {
  let epoch = 0;
  let readyEpoch = -1;
  const positions = new Map<string, { topic: string; partition: number; offset: bigint }>();
  let prefetch: { epoch: number; result: Promise<Batch[]> } | null = null;

  const offsetsOf = async (topic: string, timestamp: bigint): Promise<bigint[]> =>
    (await consumer.listOffsets({ topics: [topic], timestamp })).get(topic) ?? [];

  /** Log start and end of every partition of a topic, and this group's commits (-1 for none). */
  async function edges(topic: string, partitions: number[]): Promise<{ start: bigint[]; end: bigint[]; committed: bigint[] }> {
    const [start, end, commits] = await Promise.all([
      offsetsOf(topic, ListOffsetTimestamps.EARLIEST), offsetsOf(topic, ListOffsetTimestamps.LATEST),
      consumer.listCommittedOffsets({ topics: [{ topic, partitions }] }),
    ]);
    return { start, end, committed: commits.get(topic) ?? [] };
  }

  /** Positions the log no longer holds (retention deleted them, or it was truncated) move to its nearest edge. */
  async function clamp(mine: number): Promise<void> {
    for (const topic of new Set([...positions.values()].map((p) => p.topic))) {
      const [start, end] = await Promise.all([offsetsOf(topic, ListOffsetTimestamps.EARLIEST), offsetsOf(topic, ListOffsetTimestamps.LATEST)]);
      if (mine !== epoch) return;
      for (const p of positions.values()) {
        if (p.topic !== topic) continue;
        const low = start[p.partition] ?? 0n;
        const high = end[p.partition] ?? 0n;
        p.offset = p.offset < low ? low : p.offset > high ? high : p.offset;
      }
    }
  }

  async function fetchOnce(mine: number): Promise<Batch[]> {
    const metadata = await consumer.metadata({ topics });
    const byNode = new Map<number, FetchTopics>();
    const idToTopic = new Map<string, string>();
    const requested = new Map<string, bigint>();
    for (const [key, { topic, partition, offset }] of positions) {
      const info = metadata.topics.get(topic);
      if (!info) continue;
      idToTopic.set(info.id, topic);
      requested.set(key, offset);
      const node = info.partitions[partition]!.leader;
      const list = byNode.get(node) ?? [];
      byNode.set(node, list);
      const entry = list.find((t) => t.topicId === info.id) ?? list[list.push({ topicId: info.id, partitions: [] }) - 1]!;
      entry.partitions.push({ partition, fetchOffset: offset, partitionMaxBytes: 4 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1 });
    }
    const responses = await Promise.all([...byNode].map(([node, request]) => consumer.fetch({ node, topics: request })));
    if (mine !== epoch) return [];
    const batches: Batch[] = [];
    for (const response of responses) for (const { topicId, partitions } of response.responses) {
      const topic = idToTopic.get(topicId)!;
      for (const p of partitions) {
        const key = tpKey(topic, p.partitionIndex);
        const from = requested.get(key);
        const position = positions.get(key);
        if (from === undefined || position === undefined) continue;
        const messages: LoggedMessage[] = [];
        let next = from;
        for (const rb of p.records ?? []) {
          const last = rb.firstOffset + BigInt(rb.lastOffsetDelta);
          if (last >= next) next = last + 1n;
          if ((rb.attributes & IS_CONTROL) !== 0) continue;
          const first = Number(rb.firstOffset);
          const firstTimestamp = Number(rb.firstTimestamp);
          const appended = (rb.attributes & LOG_APPEND_TIME) !== 0 ? Number(rb.maxTimestamp) : -1;
          const skipBelow = Number(from);
          for (const r of rb.records) {
            const offset = first + r.offsetDelta;
            if (offset < skipBelow) continue; // a batch fetched whole starts before the position
            messages.push({ key: r.key === null ? null : r.key.toString(), value: r.value ?? EMPTY, timestamp: appended >= 0 ? appended : firstTimestamp + Number(r.timestampDelta), offset });
          }
        }
        position.offset = next;
        if (messages.length > 0) batches.push({ topic, partition: p.partitionIndex, messages, highWatermark: Number(p.highWatermark) });
      }
    }
    return batches;
  }

  return {
    epoch: (): number => epoch,
    /** A new assignment (or none): positions are forgotten until seek() sets them. */
    reset(): number {
      positions.clear();
      prefetch = null;
      return ++epoch;
    },
    /** Positions of the assigned partitions: the group's commit, else the log's start (fromBeginning) or end. */
    async seek(mine: number, assigned: TopicPartition[]): Promise<void> {
      const found = new Map<string, bigint>();
      for (const topic of new Set(assigned.map((tp) => tp.topic))) {
        const partitions = assigned.filter((tp) => tp.topic === topic).map((tp) => tp.partition);
        const { start, end, committed } = await edges(topic, partitions);
        for (const partition of partitions) {
          const commit = committed[partition] ?? -1n;
          const low = start[partition] ?? 0n;
          const high = end[partition] ?? 0n;
          // A commit the log no longer holds (retention) starts from the oldest record kept.
          found.set(tpKey(topic, partition), commit >= 0n ? (commit < low ? low : commit > high ? high : commit) : fromBeginning ? low : high);
        }
      }
      if (mine !== epoch) return;
      for (const tp of assigned) positions.set(tpKey(tp.topic, tp.partition), { ...tp, offset: found.get(tpKey(tp.topic, tp.partition))! });
      readyEpoch = mine;
    },
    /** The next batches of epoch `mine`, or null when it has nothing to fetch (yet). */
    async next(mine: number): Promise<Batch[] | null> {
      if (readyEpoch !== mine || mine !== epoch || positions.size === 0) return null;
      const taken = prefetch?.epoch === mine ? prefetch.result : fetchOnce(mine);
      prefetch = null;
      let batches: Batch[];
      try {
        batches = await taken;
      } catch (error) {
        if (/OFFSET_OUT_OF_RANGE/.test(describeDeep(error)) && mine === epoch) await clamp(mine);
        throw error;
      }
      if (batches.length > 0 && mine === epoch) {
        const result = fetchOnce(mine);
        result.catch(() => undefined); // surfaces when taken
        prefetch = { epoch: mine, result };
      }
      return batches;
    },
    async standings(topic: string): Promise<PartitionStanding[]> {
      const count = (await consumer.metadata({ topics: [topic], forceUpdate: true })).topics.get(topic)?.partitionsCount ?? 0;
      const partitions = Array.from({ length: count }, (_, i) => i);
      const { start, end, committed } = await edges(topic, partitions);
      return partitions.map((partition) => {
        const commit = committed[partition] ?? -1n;
        return { partition, start: Number(start[partition] ?? 0n), end: Number(end[partition] ?? 0n), committed: commit >= 0n ? Number(commit) : null };
      });
    },
  };
}

export type PartitionFetcher = ReturnType<typeof createPartitionFetcher>;
