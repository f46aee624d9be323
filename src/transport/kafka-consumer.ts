// A consumer-group member on Kafka, behind the transport port. kafkajs has no "partitions
// revoked" callback and rejoins a rebalance on its own, so the port's semantics are built here:
// - busy: after every batch this member heartbeats itself; when that reports a rebalance, it
//   awaits onRevoke (flush and commit, still in the old generation, which the broker accepts)
//   and only then lets kafkajs rejoin;
// - idle: kafkajs finds the rebalance in its own heartbeat and rejoins at once, so the handler
//   hears onLost synchronously (stop writing, drop what is uncommitted; the next owner replays);
// - stop: no batch is handed over any more, onRevoke runs, then the member leaves the group.
// - slow batch: kafkajs heartbeats only between batches, so while the handler works (a flush
//   retrying against a store that is down) this member heartbeats every KEEP_ALIVE_MS itself,
//   or the group would drop it after the session timeout and give its partitions to another
//   member while it keeps writing. If the group has dropped it or moved on to a newer
//   generation anyway, its partitions are lost at once (onLost), so it stops writing for them;
//   a commit the group refuses (PARTITIONS_LOST) does the same.
// - crash: kafkajs restarts a crashed consumer on a timer of its own, MAX_RESTARTS times in a row;
//   once the member stops or gives up it refuses every restart, or a restart under way when the
//   broker was down would keep the stopped process alive for ever.
// Commits are accepted only for partitions this member still owns.
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { WorkbenchError, type Log } from '../core/index';
import { createGroupOwnership, describePartitions as describe, reportLost } from './group-ownership';
import { kafkaError } from './kafka-errors';
import { lagOf, type Batch, type ConsumerHandlers, type ConsumerOptions, type LoggedMessage, type PartitionStanding, type TransportConsumer } from './types';

export interface KafkaMemberOptions {
  /** Builds the kafkajs consumer; kafkajs asks restartOnFailure before each restart after a crash. */
  consumer(restartOnFailure: () => Promise<boolean>): Consumer;
  options: ConsumerOptions;
  brokers: string;
  log: Log;
  standings(topic: string): Promise<PartitionStanding[]>;
  /** How often this member heartbeats while a batch handler runs (default KEEP_ALIVE_MS). */
  keepAliveMs?: number;
}

/** kafkajs's own test for "rejoin needed" (not exported by kafkajs). */
const REJOIN_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION']);
const needsRejoin = (error: unknown): boolean => REJOIN_ERRORS.has((error as { type?: string })?.type ?? '');
/** The group has gone on without this member: its partitions may already be someone else's. */
const DROPPED_ERRORS = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION']);
const wasDropped = (error: unknown): boolean => DROPPED_ERRORS.has((error as { type?: string })?.type ?? '');

const EMPTY = new Uint8Array(0);
/** How often a member busy in its handler heartbeats; kafkajs itself sends at most one per heartbeat interval. */
const KEEP_ALIVE_MS = 1_000;
/** Crashes in a row (kafkajs restarts the member after each) before the pipeline is told. */
const MAX_RESTARTS = 5;

export function createKafkaMember({ consumer: build, options, brokers, log, standings, keepAliveMs = KEEP_ALIVE_MS }: KafkaMemberOptions): TransportConsumer {
  const { groupId, topics, fromBeginning = true } = options;
  let handlers: ConsumerHandlers = { onBatch: async () => undefined };
  /** Assigned, and revoked but being flushed (still committable until this member rejoins). */
  const own = createGroupOwnership(groupId);
  let revokedByUs = false;
  let running = false;
  let stopping = false;
  let failed = false;
  let crashes = 0;
  /** Partitions were taken or given up for a rebalance, and the group's next assignment is not yet handled. */
  let rejoining = false;
  /** Counts those rebalances, so that an older assignment handled late does not end a newer one. */
  let rebalances = 0;
  const rebalanceBegins = (): void => {
    rejoining = !stopping && !failed; // kafkajs rejoins (or restarts) on its own
    rebalances++;
  };
  const unsubscribe: Array<() => void> = [];
  const consumer = build(async () => !stopping && !failed && crashes < MAX_RESTARTS);

  /** Handler calls run one at a time, in the order kafkajs produced them. */
  const enqueue = own.enqueue;

  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    rejoining = false; // no assignment will come
    handlers.onError?.(kafkaError(error, `consuming ${topics.join(', ')} as group "${groupId}"`, brokers));
    // Not awaited: kafkajs's stop waits for the batch handler this may be called from.
    consumer.disconnect().catch(() => undefined);
  };

  const lose = (why: string): void => {
    rebalanceBegins();
    reportLost(log, groupId, why, own.takeAll(), handlers.onLost);
  };

  const checkRebalance = async (heartbeat: () => Promise<void>): Promise<void> => {
    try {
      await heartbeat();
    } catch (error) {
      if (needsRejoin(error) && !stopping) {
        const revoked = own.beginRevoke();
        revokedByUs = true;
        rebalanceBegins();
        log.info(`group ${groupId}: rebalancing; flushing and committing ${describe(revoked)} before giving them up`);
        try {
          await enqueue(async () => handlers.onRevoke?.(revoked));
        } catch (handlerError) {
          fail(handlerError);
        }
      }
      throw error; // kafkajs rejoins on this error
    }
  };

  const eachBatch = async ({ batch, heartbeat }: EachBatchPayload): Promise<void> => {
    if (stopping || failed || !own.has(batch)) return;
    const messages: LoggedMessage[] = batch.messages.map((m) => ({
      key: m.key ? m.key.toString() : null,
      value: m.value ?? EMPTY, // a Buffer is a Uint8Array: no copy
      timestamp: Number(m.timestamp),
      offset: Number(m.offset),
    }));
    const handed: Batch = { topic: batch.topic, partition: batch.partition, messages, highWatermark: Number(batch.highWatermark) };
    // The handler may wait behind a flush for seconds; heartbeats go on meanwhile, or the group
    // would drop this member as dead (kafkajs heartbeats only between batches). A rebalance found
    // here is handled after the batch (checkRebalance); being dropped already is handled at once.
    const keepAlive = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        if (wasDropped(error) && !stopping) lose(`the group went on without this member while it handled a batch (${(error as Error).message})`);
      });
    }, keepAliveMs);
    try {
      await enqueue(() => handlers.onBatch(handed));
    } catch (error) {
      fail(error);
      return;
    } finally {
      clearInterval(keepAlive);
    }
    await checkRebalance(heartbeat);
  };

  const listen = (): void => {
    const { GROUP_JOIN, REBALANCING, CRASH } = consumer.events;
    unsubscribe.push(consumer.on(GROUP_JOIN, ({ payload }) => {
      crashes = 0;
      revokedByUs = false;
      const assigned = own.assign(Object.entries(payload.memberAssignment));
      log.info(`group ${groupId}: joined (generation of member ${payload.memberId.slice(-8)}), assigned ${describe(assigned)}`);
      const answering = rebalances;
      enqueue(async () => handlers.onAssign?.(assigned)).then(() => void (rejoining &&= rebalances !== answering), fail);
    }));
    unsubscribe.push(consumer.on(REBALANCING, () => {
      if (!revokedByUs) lose('the group is rebalancing while this member was idle');
    }));
    unsubscribe.push(consumer.on(CRASH, ({ payload }) => {
      lose(`the consumer crashed (${payload.error.message})`);
      crashes++;
      if (!payload.restart || crashes > MAX_RESTARTS) fail(payload.error);
      else log.warn(`group ${groupId}: consumer restarting after: ${payload.error.message}`);
    }));
  };

  return {
    async run(given) {
      if (running) throw new WorkbenchError('TRANSPORT_FAILED', `consumer of group "${groupId}" is already running`);
      handlers = given;
      running = true;
      listen();
      try {
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning });
        // Resolves after the first join; batches then flow. Offsets move only through commit().
        await consumer.run({ autoCommit: false, eachBatchAutoResolve: true, partitionsConsumedConcurrently: 1, eachBatch });
      } catch (error) {
        running = false;
        // stop() does nothing for a member that never ran: a consumer left connected here would
        // keep a process that failed to start alive.
        unsubscribe.splice(0).forEach((off) => off());
        await consumer.disconnect().catch(() => undefined);
        throw kafkaError(error, `joining group "${groupId}" on ${topics.join(', ')}`, brokers);
      }
    },
    async commit(offsets) {
      if (offsets.length === 0) return;
      own.checkCommit(offsets);
      try {
        await consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
      } catch (error) {
        const first = offsets[0]!;
        const failure = kafkaError(error, `committing offsets of group "${groupId}"`, brokers, `${describe([first])}@${first.offset}`);
        // The group dropped this member: stop writing for every partition now, until it rejoins.
        if (failure.code === 'PARTITIONS_LOST') lose('the group refused a commit of this member');
        throw failure;
      }
    },
    standings,
    lag: async (topic) => lagOf(await standings(topic)),
    rebalancing: () => rejoining,
    async stop() {
      if (!running) return;
      stopping = true;
      await own.idle();
      if (!failed) await own.revokeOnStop(handlers);
      unsubscribe.splice(0).forEach((off) => off());
      await consumer.disconnect().catch((error: unknown) => log.debug(`group ${groupId}: disconnect: ${(error as Error).message}`));
      own.endRevoke();
      running = false;
    },
  };
}
