// The fetcher of the @platformatic/kafka member, on a fake client: where an assignment starts,
// how record batches become port batches, and that fetches of an old assignment are dropped.
import { describe, expect, it } from 'vitest';
import type { Consumer } from '@platformatic/kafka';
import { createPartitionFetcher } from '../../../src/transport/platformatic-fetch';

const TOPIC = 't';
const LOG_APPEND_TIME = 0x08;
const IS_CONTROL = 0x20;

interface FakeBatch { firstOffset: number; attributes?: number; firstTimestamp?: number; maxTimestamp?: number; values: string[] }

/** A one-broker client over a log of record batches per partition, with commits and log edges. */
function fakeConsumer(log: Record<number, FakeBatch[]>, edges: { start: number[]; end: number[]; committed: number[] }) {
  const fetched: Array<Record<number, bigint>> = [];
  let hold: Promise<void> = Promise.resolve();
  const consumer = {
    metadata: async () => ({ topics: new Map([[TOPIC, { id: 'id-t', partitionsCount: edges.end.length, partitions: edges.end.map(() => ({ leader: 1 })) }]]) }),
    listOffsets: async ({ timestamp }: { timestamp: bigint }) => new Map([[TOPIC, (timestamp === -2n ? edges.start : edges.end).map(BigInt)]]),
    listCommittedOffsets: async () => new Map([[TOPIC, edges.committed.map(BigInt)]]),
    fetch: async ({ topics }: { topics: Array<{ partitions: Array<{ partition: number; fetchOffset: bigint }> }> }) => {
      const asked = Object.fromEntries(topics[0]!.partitions.map((p) => [p.partition, p.fetchOffset]));
      fetched.push(asked);
      await hold;
      return {
        responses: [{
          topicId: 'id-t',
          partitions: topics[0]!.partitions.map(({ partition, fetchOffset }) => ({
            partitionIndex: partition, highWatermark: BigInt(edges.end[partition]!),
            // Like a broker: whole batches, from the one that holds the asked offset on.
            records: (log[partition] ?? []).filter((b) => b.firstOffset + b.values.length > Number(fetchOffset)).map((b) => ({
              firstOffset: BigInt(b.firstOffset), lastOffsetDelta: b.values.length - 1, attributes: b.attributes ?? 0,
              firstTimestamp: BigInt(b.firstTimestamp ?? 1_000), maxTimestamp: BigInt(b.maxTimestamp ?? 1_000 + b.values.length - 1),
              records: b.values.map((v, i) => ({ offsetDelta: i, timestampDelta: BigInt(i), key: Buffer.from(`k${v}`), value: Buffer.from(v) })),
            })),
          })),
        }],
      };
    },
  };
  return { consumer: consumer as unknown as Consumer, fetched, holdFetches: (until: Promise<void>) => void (hold = until) };
}

const values = (batches: Array<{ messages: Array<{ value: Uint8Array }> }> | null) =>
  (batches ?? []).flatMap((b) => b.messages.map((m) => Buffer.from(m.value).toString()));

describe('platformatic fetcher', () => {
  it('starts at the commit, skips the part of a batch before it, and goes on after the last batch', async () => {
    const fake = fakeConsumer({ 0: [{ firstOffset: 0, values: ['a', 'b', 'c'] }, { firstOffset: 3, values: ['d', 'e'] }] }, { start: [0], end: [5], committed: [1] });
    const fetcher = createPartitionFetcher({ consumer: fake.consumer, topics: [TOPIC], fromBeginning: true });
    const epoch = fetcher.reset();
    await fetcher.seek(epoch, [{ topic: TOPIC, partition: 0 }]);
    const batches = await fetcher.next(epoch);
    expect(values(batches)).toEqual(['b', 'c', 'd', 'e']);
    expect(batches![0]!.messages.map((m) => m.offset)).toEqual([1, 2, 3, 4]);
    expect(batches![0]!.highWatermark).toBe(5);
    await fetcher.next(epoch); // the prefetch, from the next offset
    expect(fake.fetched.map((f) => Number(f[0]))).toEqual([1, 5]);
  });

  it('starts without a commit at the log start or end, and moves a commit the log no longer holds to its start', async () => {
    const cases: Array<[number, boolean, number]> = [[-1, true, 2], [-1, false, 7], [0, true, 2], [5, false, 5]];
    for (const [committed, fromBeginning, expected] of cases) {
      const fake = fakeConsumer({}, { start: [2], end: [7], committed: [committed] });
      const fetcher = createPartitionFetcher({ consumer: fake.consumer, topics: [TOPIC], fromBeginning });
      const epoch = fetcher.reset();
      await fetcher.seek(epoch, [{ topic: TOPIC, partition: 0 }]);
      await fetcher.next(epoch);
      expect(Number(fake.fetched[0]![0])).toBe(expected);
    }
  });

  it('stamps records with the broker time on LogAppendTime batches, and leaves transaction markers out', async () => {
    const fake = fakeConsumer({ 0: [
      { firstOffset: 0, values: ['a', 'b'], attributes: LOG_APPEND_TIME, firstTimestamp: 10, maxTimestamp: 99_000 },
      { firstOffset: 2, values: ['marker'], attributes: IS_CONTROL },
      { firstOffset: 3, values: ['c'], firstTimestamp: 500 },
    ] }, { start: [0], end: [4], committed: [-1] });
    const fetcher = createPartitionFetcher({ consumer: fake.consumer, topics: [TOPIC], fromBeginning: true });
    const epoch = fetcher.reset();
    await fetcher.seek(epoch, [{ topic: TOPIC, partition: 0 }]);
    const messages = (await fetcher.next(epoch))![0]!.messages;
    expect(messages.map((m) => [Buffer.from(m.value).toString(), m.offset, m.timestamp, m.key])).toEqual([['a', 0, 99_000, 'ka'], ['b', 1, 99_000, 'kb'], ['c', 3, 500, 'kc']]);
  });

  it('drops a fetch that was under way when the assignment changed, and fetches nothing before the new positions are known', async () => {
    const fake = fakeConsumer({ 0: [{ firstOffset: 0, values: ['a'] }] }, { start: [0], end: [1], committed: [-1] });
    const fetcher = createPartitionFetcher({ consumer: fake.consumer, topics: [TOPIC], fromBeginning: true });
    const first = fetcher.reset();
    await fetcher.seek(first, [{ topic: TOPIC, partition: 0 }]);
    let release!: () => void;
    fake.holdFetches(new Promise<void>((r) => (release = r)));
    const pending = fetcher.next(first);
    const second = fetcher.reset();
    release();
    expect(await pending).toEqual([]);
    expect(await fetcher.next(second)).toBeNull();
    expect(fetcher.epoch()).toBe(second);
  });
});
