// A stage-1 worker: consumes transactions as a member of a consumer group, hands partials to
// stage 2 every emit interval, and writes raw Parquet every flush interval. Offsets are
// committed only after the raw files of everything before them are durable, and every cut
// is announced in an intent record first (stage1-intents.ts), so a replay after a crash
// rewrites the same files and repeats the same partial ranges: exactly once to storage.
// Raw is written behind the stream: a flush cuts the buffers and writes them outside the lane
// that reads batches and hands partials over, so neither waits for Parquet encoding.
import { type Clock, isWorkbenchError, WorkbenchError, type Log, withRetry } from '../core/index';
import type { BadRecordPolicy } from '../sources/index';
import { encodeFeed, encodePartial, type Stage1Partial, type StreamSettings, createStage1, recordWhere } from '../stream/index';
import { createHistoryWriter, type HistoryWriterOptions, type RawRecord, type Store } from '../store/index';
import type { Batch, LoggedMessage, TopicPartition, Transport, TransportConsumer, TransportProducer } from '../transport/index';
import type { PipelineObserver } from './observer';
import { writeRejected, type Rejection } from './rejected';
import { createSerial } from './serial';
import { createIntentLog, type PartitionIntent } from './stage1-intents';
import { createProgressReporter } from './stage1-progress';
import { FEED_RETENTION_MS } from './topics';

/** Least time between two messages to the feed topic. */
const FEED_INTERVAL_MS = 1_000;

/** Orders a worker holds before it writes raw, by default (~100k order lines). */
export const DEFAULT_MAX_BUFFERED_ORDERS = 10_000;

export interface Stage1WorkerOptions {
  transport: Transport;
  store: Store;
  /** How raw files are encoded (default: in this thread; the run job gives a thread of its own, store/raw-encoder-thread.ts). */
  encodeRaw?: HistoryWriterOptions['encodeRaw'];
  /** Where intents are kept; without one (the in-process log) a restart cannot replay anyway. */
  checkpoints?: Store;
  topic: string;
  partialsTopic: string;
  /** Where a sample of the newest orders goes for the dashboard's feed (topics.ts); none without it. */
  feedTopic?: string;
  groupId: string;
  settings: StreamSettings;
  flushIntervalMs: number;
  emitIntervalMs: number;
  /** Flush early when this many orders wait in memory. */
  maxBufferedOrders?: number;
  /**
   * Write raw behind the stream (default): flushes started by the timer or a full buffer return
   * once the buffers are cut. False: they wait for the write, as on the in-process log, where the
   * log keeps every uncommitted record in this process and writing behind held ~24 MB more
   * (soak median 416 against 393 MB) for no gain in freshness.
   */
  writeBehind?: boolean;
  /** Hand a partition's change to stage 2 early once it holds this many orders (catching up on a backlog). */
  maxOrdersPerPartial?: number;
  badRecords: BadRecordPolicy;
  clock: Clock;
  log: Log;
  onError?: (error: unknown) => void;
  /** Told how long each flush that wrote something took (metrics). */
  observer?: PipelineObserver;
  /** Awaited when everything is connected, just before joining the group (stream --workers: all join at once). */
  beforeJoin?: () => Promise<void>;
}

export interface Stage1Worker {
  start(): Promise<void>;
  /** Emits partials, writes raw and commits: everything consumed so far becomes durable. */
  flush(): Promise<void>;
  /** Messages of the transactions topic this group has not committed yet. */
  lag(): Promise<number>;
  stop(): Promise<void>;
  /** unread: records the log deleted between this group's commit and what it was handed (retention). */
  readonly stats: { consumed: number; lines: number; rejected: number; late: number; rawFiles: number; unread: number };
}

/** One owned partition. A new object after each (re)assignment: holders of an old one stop writing. */
interface PartitionState {
  partition: number;
  records: RawRecord[];
  rejections: Rejection[];
  /** Next offset to commit once the buffer is durable. */
  nextOffset: number;
  dirty: boolean;
  /** Orders accepted since the last hand-over to stage 2. */
  sinceEmit: number;
  intent: PartitionIntent;
  /** While replaying: offsets where the earlier run cut partials and raw. */
  replayCuts: Set<number>;
  replayRaw: number | null;
  /**
   * A cut whose write failed, to be written again exactly as it was: part of it may be on the
   * store already (one hour's file of several), and its intent names its bounds.
   */
  failed?: { records: RawRecord[]; rejections: Rejection[]; offset: number };
}

export function createStage1Worker(options: Stage1WorkerOptions): Stage1Worker {
  const { transport, store, topic, partialsTopic, groupId, settings, clock, log } = options;
  // ~100k order lines: each flush's Parquet encoding stays a second or two, not a stall.
  const maxBuffered = options.maxBufferedOrders ?? DEFAULT_MAX_BUFFERED_ORDERS;
  // A partial of 1,000 orders is ~1 MB of JSON (~130 KB gzipped); unbounded, a backlog makes
  // partials larger than a Kafka message may be.
  const maxPerPartial = options.maxOrdersPerPartial ?? 1_000;
  const stage1 = createStage1(settings);
  const history = createHistoryWriter(store, options.encodeRaw ? { encodeRaw: options.encodeRaw } : {});
  const intents = createIntentLog(options.checkpoints, topic, log.warn);
  const states = new Map<number, PartitionState>();
  const serial = createSerial();
  const stats = { consumed: 0, lines: 0, rejected: 0, late: 0, rawFiles: 0, unread: 0 };
  let buffered = 0;
  let consumer: TransportConsumer | undefined;
  let producer: TransportProducer | undefined;
  let timers: Array<() => void> = [];
  let feedSentAt = Number.NEGATIVE_INFINITY;
  const reporter = createProgressReporter({ idleTimeoutMs: settings.idleTimeoutMs, clock, standings: () => consumer!.standings(topic) });

  const mine = (state: PartitionState): boolean => states.get(state.partition) === state;
  const retrying = <T>(work: () => Promise<T>, what: string): Promise<T> =>
    withRetry(work, { clock, onRetry: (error, attempt, delay) => log.warn(`${what} failed (attempt ${attempt}), retrying in ${delay} ms: ${(error as Error).message}`) });
  const saveIntent = (state: PartitionState): Promise<void> =>
    retrying(() => intents.save(state.partition, state.intent), `recording the cut of ${topic}[${state.partition}]`);

  /**
   * Hands every partition's change to stage 2, each cut recorded before it is sent, with a
   * progress report for each owned partition that has nothing new (stage1-progress.ts).
   */
  const emit = async (): Promise<void> => {
    const drained: Array<{ state: PartitionState; partial: Stage1Partial }> = [];
    for (const partial of stage1.drainAll()) {
      const state = states.get(partial.partition);
      if (state) drained.push({ state, partial });
    }
    states.forEach((state) => (state.sinceEmit = 0));
    if (!producer) return;
    await sendFeed(producer);
    drained.forEach(({ state, partial }) => state.intent.cuts.push(partial.lastOffset));
    await Promise.all(drained.map(({ state }) => saveIntent(state)));
    const live = drained.filter(({ state }) => mine(state)).map(({ partial }) => partial);
    const reports = await retrying(() => reporter.due(new Set(live.map((p) => p.partition)), (p) => states.get(p)?.nextOffset), `reading the log ends of ${topic}`);
    const outgoing = [...live, ...reports.map((r) => stage1.progress(r.partition, r.nextOffset, r.idle))];
    if (outgoing.length === 0) return;
    await retrying(() => producer!.send(partialsTopic, outgoing.map((partial) => ({ key: String(partial.partition), value: encodePartial(partial) }))), `sending partials to ${partialsTopic}`);
  };

  /**
   * At most one feed message a second (the dashboard shows ~10 orders; a message each emit would
   * be ~5 GB a day on the broker). For display only: a failed send is reported and dropped.
   */
  const sendFeed = async (to: TransportProducer): Promise<void> => {
    if (clock.now() - feedSentAt < FEED_INTERVAL_MS) return;
    const orders = stage1.drainFeed();
    if (!options.feedTopic || orders.length === 0) return;
    feedSentAt = clock.now();
    try {
      await to.send(options.feedTopic, [{ key: null, value: encodeFeed(orders) }]);
    } catch (error) {
      log.warn(`could not send ${orders.length} recent orders to the feed topic ${options.feedTopic} (display only; the sums are not affected): ${(error as Error).message}`);
    }
  };

  const commitDurable = async (done: Array<{ state: PartitionState; offset: number }>): Promise<void> => {
    let committed: typeof done = [];
    try {
      await retrying(async () => {
        committed = done.filter(({ state }) => mine(state));
        if (committed.length === 0) return;
        try {
          await consumer?.commit(committed.map(({ state, offset }) => ({ topic, partition: state.partition, offset })));
        } catch (error) {
          // A partition taken away meanwhile replays from its last commit; commit the others.
          if (committed.some(({ state }) => !mine(state))) throw new WorkbenchError('TRANSPORT_FAILED', 'a partition was taken during the commit', { retriable: true, cause: error });
          throw error;
        }
      }, `committing offsets of ${topic}`);
    } catch (error) {
      if (!isWorkbenchError(error) || error.code !== 'PARTITIONS_LOST') throw error;
      // The group gave them away (this member was too slow to heartbeat, or left): what is not
      // committed is replayed by the next owner and rewrites the same files; nothing is lost.
      const gone = forget(committed.map(({ state }) => ({ topic, partition: state.partition })));
      log.warn(`${topic}: partitions ${gone.join(', ')} were taken away before their commit; their next owner replays them (${error.message})`);
      return;
    }
    // Partials cut while raw was being written end past it: they carry over to the next record.
    committed.forEach(({ state, offset }) => (state.intent = { from: offset, cuts: state.intent.cuts.filter((c) => c >= offset), raw: null }));
  };

  /**
   * The raw write under way, if any, and whether someone waits for its outcome. It runs outside
   * the serial lane, so that partials keep leaving for stage 2 and batches keep being read while
   * raw is encoded (a flush of 10,000 orders is a second or more of encoding, which the live view
   * once waited for). One write at a time: the next flush cuts only once this one is settled, so
   * a partition's pending raw cut in its intent record is always the one being written.
   */
  type RawWrite = { outcome: Promise<unknown>; waited: boolean };
  let writing: RawWrite = { outcome: Promise.resolve(undefined), waited: true };

  type Cut = { state: PartitionState; records: RawRecord[]; rejections: Rejection[]; offset: number };

  /**
   * A cut that could not be written is kept as it was, for the next flush to write again before
   * anything newer of its partition. Merged into the buffer, it would be written under wider
   * bounds beside the files of it that did get written (one hour of two): duplicates in raw.
   */
  const restore = ({ state, records, rejections, offset }: Cut): void => {
    if (!mine(state)) return;
    state.failed = { records, rejections, offset };
    buffered += records.length;
  };

  /** Writes the cuts in turn and commits what was written; resolves to the error, if any. */
  const writeCuts = async (cut: Cut[], started: number): Promise<unknown> => {
    const done: Array<{ state: PartitionState; offset: number }> = [];
    let failure: unknown;
    let i = 0;
    try {
      for (; i < cut.length; i++) {
        const { state, records, rejections, offset } = cut[i]!;
        if (!mine(state)) continue; // taken away meanwhile: its next owner replays it
        const files = await retrying(() => history.writeRaw(state.partition, records), `writing raw Parquet of ${topic}[${state.partition}]`);
        stats.rawFiles += files.length;
        if (rejections.length > 0) await retrying(() => writeRejected(store, topic, state.partition, rejections), 'writing rejected records');
        done.push({ state, offset });
      }
    } catch (error) {
      failure = error;
      cut.slice(i).forEach(restore);
    }
    try {
      if (done.length > 0) await commitDurable(done);
    } catch (error) {
      failure ??= error;
    }
    if (failure === undefined && done.length > 0) options.observer?.flushed('stage1', clock.now() - started);
    return failure;
  };

  /**
   * Emits, then cuts each dirty partition's buffer (the cut recorded in its intent first) and
   * writes the cut buffers as raw in the background; their offsets are committed once they are
   * durable. Returns once the cut is made; `writing` settles once the write is committed. A
   * failed write is reported (error log, onError) unless someone waits for it (flushAndWait).
   */
  const flushPartitions = async (partitions: number[]): Promise<RawWrite | undefined> => {
    await writing.outcome;
    const started = clock.now();
    await emit();
    const cut: Cut[] = [];
    for (const partition of partitions) {
      const state = states.get(partition);
      if (state?.failed) {
        // Its intent still names the failed cut's end: the same cut again, and nothing newer yet.
        cut.push({ state, ...state.failed });
        buffered -= state.failed.records.length;
        state.failed = undefined;
        continue;
      }
      // A replay must first reach the end of the flush the earlier run had begun.
      if (!state || !state.dirty || state.replayRaw !== null) continue;
      state.intent.raw = state.nextOffset - 1;
      await saveIntent(state);
      if (!mine(state)) continue;
      cut.push({ state, records: state.records, rejections: state.rejections, offset: state.nextOffset });
      buffered -= state.records.length;
      state.records = [];
      state.rejections = [];
      state.dirty = false;
    }
    if (cut.length === 0) return undefined;
    const write: RawWrite = { outcome: writeCuts(cut, started), waited: false };
    writing = write;
    void write.outcome.then((failure) => {
      if (failure === undefined || write.waited) return;
      log.error(`writing raw Parquet: ${(failure as Error).message}`);
      options.onError?.(failure);
    });
    return write;
  };
  /**
   * A flush that returns once everything these partitions hold is written and committed, and
   * fails if that failed. Twice when a failed cut was written again first: then the newer orders.
   */
  const flushAndWait = async (partitions: number[]): Promise<void> => {
    for (let round = 0; round < 2; round++) {
      const again = partitions.some((p) => states.get(p)?.failed !== undefined);
      const write = await flushPartitions(partitions);
      if (!write) return;
      write.waited = true;
      const failure = await write.outcome;
      if (failure !== undefined) throw failure;
      if (!again) return;
    }
  };
  const flushAll = async (): Promise<void> => {
    if (options.writeBehind === false) await flushAndWait([...states.keys()]);
    else await flushPartitions([...states.keys()]);
  };

  /**
   * A partition is handed over from its committed offset; a first record past it means the log
   * deleted records this group never read (a retention shorter than the backlog's age). Nothing
   * can bring them back, so the loss is said once, loudly, with the offsets, and counted.
   */
  const reportUnread = async (partition: number, firstOffset: number): Promise<void> => {
    let committed: number | null | undefined;
    try {
      committed = (await consumer!.standings(topic)).find((s) => s.partition === partition)?.committed;
    } catch (error) {
      log.debug(`${topic}[${partition}]: could not read the group's commit to check for deleted records: ${(error as Error).message}`);
      return;
    }
    if (committed == null || firstOffset <= committed) return;
    stats.unread += firstOffset - committed;
    log.error(`${topic}[${partition}]: offsets ${committed}-${firstOffset - 1} (${firstOffset - committed} records) were deleted by the log's retention before group "${groupId}" read them; their orders are missing from raw and the aggregates. Keep topics longer than the oldest backlog you replay`);
  };

  const open = async (partition: number, firstOffset: number): Promise<PartitionState> => {
    await reportUnread(partition, firstOffset);
    const plan = await intents.plan(partition, firstOffset);
    if (plan.raw !== null || plan.cuts.size > 0) log.info(`${topic}[${partition}]: replaying from ${firstOffset} with the cuts of the earlier run (raw up to ${plan.raw ?? '-'}, ${plan.cuts.size} partial cut(s))`);
    const state: PartitionState = {
      partition, records: [], rejections: [], nextOffset: firstOffset, dirty: false, sinceEmit: 0,
      intent: plan.intent, replayCuts: plan.cuts, replayRaw: plan.raw,
    };
    states.set(partition, state);
    return state;
  };

  const accept = (state: PartitionState, message: LoggedMessage): Rejection | undefined => {
    const { partition } = state;
    const decision = stage1.accept(topic, partition, message.offset, message.value);
    stats.consumed++;
    state.sinceEmit++;
    state.nextOffset = message.offset + 1;
    state.dirty = true;
    if (decision.arrival === 'rejected') {
      const where = recordWhere(topic, partition, message.offset);
      return { where, offset: message.offset, reason: decision.reason, value: message.value };
    }
    state.records.push({ partition, offset: message.offset, event: decision.event, late: decision.arrival === 'late' });
    buffered++;
    stats.lines += decision.event.lines.length;
    if (decision.arrival === 'late') stats.late++;
    return undefined;
  };

  const onBatch = (batch: Batch): Promise<void> =>
    serial(async () => {
      const first = batch.messages[0];
      if (!first) return;
      const state = states.get(batch.partition) ?? (await open(batch.partition, first.offset));
      reporter.assigned([batch.partition]);
      reporter.sawRecords(batch.partition);
      for (const message of batch.messages) {
        if (!mine(state)) return; // lost while this batch waited on a flush
        const rejection = accept(state, message);
        if (rejection) {
          if (options.badRecords === 'fail') {
            state.nextOffset = message.offset; // the bad record itself stays uncommitted
            await flushAndWait([...states.keys()]);
            throw new WorkbenchError('BAD_EVENT', `malformed checkout event at ${rejection.where}: ${rejection.reason}. Offsets before it are committed; fix or skip it (--on-bad-record skip)`, { where: rejection.where });
          }
          stats.rejected++;
          log.warn(`skipping malformed checkout event at ${rejection.where}: ${rejection.reason}`);
          state.rejections.push(rejection);
        }
        if (state.replayCuts.delete(message.offset) || state.sinceEmit >= maxPerPartial) await emit();
        if (state.replayRaw === message.offset) {
          state.replayRaw = null;
          await flushPartitions([state.partition]);
        }
      }
      if (buffered >= maxBuffered) await flushAll();
    });

  const forget = (partitions: TopicPartition[]): number[] => {
    const gone = partitions.filter((tp) => tp.topic === topic).map((tp) => tp.partition);
    for (const p of gone) {
      const state = states.get(p);
      buffered -= (state?.records.length ?? 0) + (state?.failed?.records.length ?? 0);
      states.delete(p);
      stage1.drop(p);
    }
    reporter.released(gone);
    return gone;
  };

  const onAssign = (partitions: TopicPartition[]): Promise<void> =>
    serial(async () => reporter.assigned(partitions.filter((tp) => tp.topic === topic).map((tp) => tp.partition)));

  const onRevoke = (partitions: TopicPartition[]): Promise<void> =>
    serial(async () => {
      await flushAndWait(partitions.filter((tp) => tp.topic === topic).map((tp) => tp.partition));
      forget(partitions);
    });

  /** Synchronous: whatever is under way for these partitions stops before its next write. */
  const onLost = (partitions: TopicPartition[]): void => {
    const gone = forget(partitions);
    if (gone.length > 0) log.info(`${topic}: partitions ${gone.join(', ')} were taken without a flush; their uncommitted records are left to the next owner`);
  };

  /** Periodic work through the clock (a manual clock drives it in tests), one at a time with the rest. */
  const every = (ms: number, work: () => Promise<void>, what: string): void => {
    timers.push(clock.every(ms, () => {
      serial(work).catch((error: unknown) => {
        log.error(`${what}: ${(error as Error).message}`);
        options.onError?.(error);
      });
    }));
  };

  return {
    stats,
    async start() {
      await transport.ensureTopic(partialsTopic, 1);
      if (options.feedTopic) await transport.ensureTopic(options.feedTopic, 1, { retentionMs: FEED_RETENTION_MS });
      producer = await transport.createProducer();
      consumer = await transport.createConsumer({ groupId, topics: [topic], fromBeginning: true });
      await options.beforeJoin?.();
      await consumer.run({ onBatch, onAssign, onRevoke, onLost, onError: (error) => options.onError?.(error) });
      every(options.emitIntervalMs, emit, 'handing partials to stage 2');
      every(options.flushIntervalMs, flushAll, 'flushing raw Parquet');
    },
    flush: () => serial(() => flushAndWait([...states.keys()])),
    lag: async () => (consumer ? consumer.lag(topic) : 0),
    async stop() {
      timers.forEach((cancel) => cancel());
      timers = [];
      try {
        await consumer?.stop(); // revokes, which flushes and commits
        // A write the revoke did not wait for (partitions it no longer owned); reported already if it failed.
        await writing.outcome;
      } finally {
        await producer?.close();
      }
    },
  };
}
