// A consumer-group member on Kafka through @platformatic/kafka, behind the transport port.
// The client keeps the membership (join, sync, heartbeats on its own timer, so a slow batch
// handler is never taken for dead); this member fetches itself (platformatic-fetch.ts), so
// batches arrive as record batches per partition, not one stream object per message:
// - rebalance: the client calls protocolsMetadata before every JoinGroup, while this member is
//   still in its old generation; there it awaits onRevoke (flush and commit, which the broker
//   accepts) and only then lets the client rejoin. If the group has dropped the member already,
//   or the rejoin comes from a refused commit, its partitions are lost instead (onLost);
// - assignment: positions are read from the group's commits (or the log's start or end), then
//   onAssign runs; fetches of an older assignment are dropped (an epoch counts assignments);
// - stop: no batch is handed over any more, onRevoke runs, then the member leaves the group.
// Commits are accepted only for partitions this member still owns.
import type { Consumer, ConsumerGroupJoinPayload } from '@platformatic/kafka';
import { WorkbenchError, type Log } from '../core/index';
import { createGroupOwnership, describePartitions as describe, reportLost } from './group-ownership';
import { kafkaError } from './kafka-errors';
import { createPartitionFetcher } from './platformatic-fetch';
import { lagOf, type ConsumerHandlers, type ConsumerOptions, type TransportConsumer } from './types';

export interface PlatformaticMemberOptions {
  /** Builds the client; it calls beforeJoin before each JoinGroup it sends. */
  consumer(beforeJoin: () => Promise<Buffer>): Consumer;
  options: ConsumerOptions;
  brokers: string;
  log: Log;
}

const NO_USER_DATA = Buffer.alloc(0);
/** How long fetching may fail in a row (a broker restart takes 15-30 s) before the pipeline is told. */
const FAILING_FOR_MS = 60_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createPlatformaticMember({ consumer: build, options, brokers, log }: PlatformaticMemberOptions): TransportConsumer {
  const { groupId, topics, fromBeginning = true } = options;
  let handlers: ConsumerHandlers = { onBatch: async () => undefined };
  const own = createGroupOwnership(groupId);
  const enqueue = own.enqueue;
  let running = false;
  let stopping = false;
  let failed = false;
  let committing = 0;
  let rejoining = false;
  let rebalances = 0;
  let loop: Promise<void> = Promise.resolve();
  const rebalanceBegins = (): void => {
    rejoining = !stopping && !failed;
    rebalances++;
    fetcher.reset();
  };

  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    rejoining = false;
    handlers.onError?.(kafkaError(error, `consuming ${topics.join(', ')} as group "${groupId}"`, brokers));
    consumer.close(true).catch(() => undefined);
  };

  const lose = (why: string): void => {
    rebalanceBegins();
    reportLost(log, groupId, why, own.takeAll(), handlers.onLost);
  };

  async function beforeJoin(): Promise<Buffer> {
    if (stopping || failed || own.assigned().length === 0) return NO_USER_DATA;
    if (consumer.memberId === null || committing > 0) {
      lose(consumer.memberId === null ? 'the group dropped this member' : 'the group refused a commit of this member');
      return NO_USER_DATA;
    }
    const revoked = own.beginRevoke();
    rebalanceBegins();
    log.info(`group ${groupId}: rebalancing; flushing and committing ${describe(revoked)} before giving them up`);
    try {
      await enqueue(async () => handlers.onRevoke?.(revoked));
    } catch (error) {
      fail(error);
    }
    own.endRevoke();
    return NO_USER_DATA;
  }

  const consumer = build(beforeJoin);
  const fetcher = createPartitionFetcher({ consumer, topics, fromBeginning });

  const onJoin = (payload: ConsumerGroupJoinPayload): void => {
    const assigned = own.assign((payload.assignments ?? []).filter((a) => topics.includes(a.topic)).map((a) => [a.topic, a.partitions]));
    log.info(`group ${groupId}: joined (generation ${payload.generationId ?? '?'} of member ${payload.memberId.slice(-8)}), assigned ${describe(assigned)}`);
    const answering = rebalances;
    const epoch = fetcher.reset();
    enqueue(async () => {
      await fetcher.seek(epoch, assigned);
      await handlers.onAssign?.(assigned);
    }).then(() => void (rejoining &&= rebalances !== answering), fail);
  };

  async function fetchLoop(): Promise<void> {
    let failingSince: number | null = null;
    while (!stopping && !failed) {
      const epoch = fetcher.epoch();
      let batches;
      try {
        batches = await fetcher.next(epoch);
        failingSince = null;
      } catch (error) {
        if (stopping || failed) return;
        failingSince ??= Date.now();
        if (Date.now() - failingSince > FAILING_FOR_MS) return fail(error);
        log.warn(`group ${groupId}: fetching failed (${kafkaError(error, 'fetching', brokers).message}); trying again`);
        await sleep(500); // positions stay where the last handed batch left them
        continue;
      }
      if (batches === null) {
        await sleep(25); // nothing assigned, or positions not known yet
        continue;
      }
      for (const batch of batches) {
        if (fetcher.epoch() !== epoch || stopping || failed) break;
        if (!own.has(batch)) continue;
        try {
          await enqueue(() => handlers.onBatch(batch));
        } catch (error) {
          return fail(error);
        }
      }
    }
  }

  return {
    async run(given) {
      if (running) throw new WorkbenchError('TRANSPORT_FAILED', `consumer of group "${groupId}" is already running`);
      handlers = given;
      running = true;
      consumer.on('consumer:group:join', onJoin);
      // The client emits 'error' when a rejoin fails; unheard, an 'error' event would end the process.
      consumer.on('error', (error: unknown) => log.warn(`group ${groupId}: ${kafkaError(error, 'keeping the membership', brokers).message}`));
      try {
        consumer.topics.trackAll(...topics);
        await consumer.joinGroup({});
      } catch (error) {
        running = false;
        await consumer.close(true).catch(() => undefined);
        throw kafkaError(error, `joining group "${groupId}" on ${topics.join(', ')}`, brokers);
      }
      loop = fetchLoop();
    },
    async commit(offsets) {
      if (offsets.length === 0) return;
      own.checkCommit(offsets);
      committing++;
      try {
        await consumer.commit({ offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 })) });
      } catch (error) {
        const first = offsets[0]!;
        const failure = kafkaError(error, `committing offsets of group "${groupId}"`, brokers, `${describe([first])}@${first.offset}`);
        if (failure.code === 'PARTITIONS_LOST') lose('the group refused a commit of this member');
        throw failure;
      } finally {
        committing--;
      }
    },
    standings: (topic) => fetcher.standings(topic),
    lag: async (topic) => lagOf(await fetcher.standings(topic)),
    rebalancing: () => rejoining,
    async stop() {
      if (!running) {
        await consumer.close(true).catch(() => undefined);
        return;
      }
      stopping = true;
      fetcher.reset();
      await loop;
      await own.idle();
      if (!failed) await own.revokeOnStop(handlers);
      consumer.off('consumer:group:join', onJoin);
      await Promise.resolve(consumer.leaveGroup(true)).catch((error: unknown) => log.debug(`group ${groupId}: leave: ${(error as Error).message}`));
      await consumer.close(true).catch(() => undefined);
      own.endRevoke();
      running = false;
    },
  };
}
