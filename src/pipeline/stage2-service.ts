// Stage 2 as a running service: consumes the partials topic, keeps the live view, and —
// when it is the writer — writes each closed window's aggregates, and the corrections of
// windows already written, to the store. A read-only replica (the `serve` command) keeps its
// own live view from the same topic.
// Exactly once across restarts: the writer commits a partials offset only below the first
// partial that feeds a window not yet written, and first records the merger's checkpoint
// (stage2-checkpoint.ts): which windows are final, from which offset on a partial is a
// correction of them, and which stage-1 ranges were merged, so a replay neither repeats nor loses.
import { type Clock, isWorkbenchError, type Log, withRetry } from '../core/index';
import {
  decodePartial, type StreamSettings, type Stage1Partial, type ClosedWindow, type Correction, createStage2, type Stage2,
} from '../stream/index';
import { settleProducts } from '../domain/index';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../domain/trend/index';
import { createHistoryWriter, type Store } from '../store/index';
import type { Batch, TopicPartition, Transport, TransportConsumer } from '../transport/index';
import type { PipelineObserver } from './observer';
import { startFeedReader, type FeedReader } from './feed-reader';
import { createSerial } from './serial';
import { createStage2Checkpoint } from './stage2-checkpoint';
import { awaitHandover } from './stage2-handover';
import { warmUpFromHistory } from './stage2-warmup';

export interface Stage2ServiceOptions {
  transport: Transport;
  /** The source topic: every one of its partitions holds the watermark until stage 1 reports on it. */
  sourceTopic: string;
  partialsTopic: string;
  groupId: string;
  /** The dashboard's feed of recent orders, read in a group of this process alone (feed-reader.ts); none without it. */
  feed?: { topic: string; groupId: string };
  settings: StreamSettings;
  /** The writer of aggregated history; a replica has none. */
  store?: Store;
  /** Where the writer records which windows are final; without one a restart starts afresh. */
  checkpoints?: Store;
  /** The trend detector's settings (default: on, with its defaults). */
  alerts?: AlertSettings;
  flushIntervalMs: number;
  clock: Clock;
  log: Log;
  onError?: (error: unknown) => void;
  /** Told when windows close and how long each flush that wrote something took (metrics). */
  observer?: PipelineObserver;
  /** Longest a stop waits for a rebalance under way to hand stage 2 back, and to read it (default 10 s). */
  stopWaitMs?: number;
  /** Write early, without waiting for the flush interval, once this many closed windows wait (default 2). */
  maxPendingWindows?: number;
}

export interface Stage2Service {
  readonly stage2: Stage2;
  start(): Promise<void>;
  /** Writes the windows closed so far and commits what they make durable. */
  flush(): Promise<void>;
  /** Partials this service still has to read (0 when another process owns the topic). */
  lag(): Promise<number>;
  /** Closes every open window, writes it, and stops. */
  stop(): Promise<void>;
  /** Called after every change of the live view. */
  onUpdate(listener: () => void): () => void;
  /** Whether this process writes the aggregates now: it has a store and owns the partials topic (auto-compaction runs only there). */
  isWriting(): boolean;
  /** The end of the newest window written, by this process or (per the checkpoint) an owner before it; null before any. */
  writtenUpTo(): number | null;
  readonly stats: { windowsWritten: number; files: number; correctionFiles: number };
}

const HOUR_MS = 3_600_000;
/**
 * Closed windows waiting to be written, at most. Each holds every product it sold with its
 * distinct sketches (~18 MB at 500 orders/s); at a high speed-up a 30 s flush interval let a
 * dozen of them wait (76 MB in a heap snapshot of the soak).
 */
export const DEFAULT_MAX_PENDING_WINDOWS = 2;

export function createStage2Service(options: Stage2ServiceOptions): Stage2Service {
  const { transport, sourceTopic, partialsTopic, groupId, settings, store, clock, log } = options;
  const stage2 = createStage2(settings, options.alerts);
  const history = store ? createHistoryWriter(store) : undefined;
  const checkpoint = createStage2Checkpoint(store ? options.checkpoints : undefined, partialsTopic);
  const serial = createSerial();
  const listeners = new Set<() => void>();
  const pending: ClosedWindow[] = [];
  const maxPending = options.maxPendingWindows ?? DEFAULT_MAX_PENDING_WINDOWS;
  let corrections: Correction[] = [];
  /** Window start → offset of the first partial that fed it, for windows not yet written. */
  const contributors = new Map<number, number>();
  const stats = { windowsWritten: 0, files: 0, correctionFiles: 0 };
  let writtenUpTo = Number.NEGATIVE_INFINITY;
  /** The detector learns the stored history once per process, at its first ownership. */
  let warmedUp = false;
  let owning = false;
  let partition = 0;
  let nextOffset: number | undefined;
  /** The group's committed offset as far as this member knows. */
  let committedAt: number | undefined;
  let consumer: TransportConsumer | undefined;
  let feedReader: FeedReader | undefined;
  let timers: Array<() => void> = [];

  const notify = (): void => listeners.forEach((listener) => listener());
  /** Windows to write: the live view and the detector have read them, so their products' sketches can go. */
  const queue = (closed: readonly ClosedWindow[]): void => {
    closed.forEach((c) => settleProducts(c.window));
    pending.push(...closed);
  };
  const retrying = <T>(work: () => Promise<T>, what: string): Promise<T> =>
    withRetry(work, { clock, onRetry: (error, attempt, delay) => log.warn(`${what} failed (attempt ${attempt}), retrying in ${delay} ms: ${(error as Error).message}`) });

  const writePending = async (): Promise<void> => {
    if (history && owning && pending.length > 0) {
      const batch = pending.slice();
      // A window another owner already made final is not written again from older state.
      const fresh = batch.filter((c) => c.window.end > writtenUpTo);
      if (fresh.length > 0) {
        // All together: one file per dataset and hour partition (store/window-files.ts).
        const what = `writing ${fresh.length} windows from ${new Date(fresh[0]!.window.start).toISOString()}`;
        const files = await retrying(() => history.writeWindows(fresh), what);
        stats.windowsWritten += fresh.length;
        stats.files += files.length;
        writtenUpTo = Math.max(writtenUpTo, ...fresh.map((c) => c.window.end));
      }
      for (const c of batch) contributors.delete(c.window.start);
      pending.splice(0, batch.length);
    }
    while (history && owning && corrections.length > 0) {
      const correction = corrections[0]!;
      const files = await retrying(() => history.writeCorrection(correction), `writing late rows of window ${new Date(correction.window.start).toISOString()}`);
      stats.correctionFiles += files.length;
      corrections.shift();
    }
  };

  const commitDurable = async (): Promise<void> => {
    if (!history || !owning || nextOffset === undefined) return;
    const offset = Math.min(nextOffset, ...contributors.values());
    if (offset === committedAt) return;
    const state = stage2.merger.checkpoint(offset);
    await retrying(() => checkpoint.save({ writtenUpTo, merger: state }), 'recording the windows written');
    try {
      await retrying(() => consumer!.commit([{ topic: partialsTopic, partition, offset }]), `committing ${partialsTopic}`);
    } catch (error) {
      if (!isWorkbenchError(error) || error.code !== 'PARTITIONS_LOST') throw error;
      // Another member owns the windows now and replays from the last commit and checkpoint.
      owning = false;
      log.warn(`stage 2: ${error.message}`);
      return;
    }
    committedAt = offset;
  };

  const persist = async (): Promise<void> => {
    const started = clock.now();
    const writing = pending.length + corrections.length > 0;
    await writePending();
    await commitDurable();
    if (writing) options.observer?.flushed('stage2', clock.now() - started);
  };

  const ingest = (partials: readonly Stage1Partial[], offsets: readonly number[]): ClosedWindow[] => {
    const now = clock.now();
    const seen = stage2.view.version;
    const closed = stage2.ingest(partials, now, offsets);
    closed.forEach((c) => options.observer?.windowClosed(now - c.window.end));
    const late = stage2.takeCorrections();
    if (history) {
      queue(closed);
      corrections.push(...late);
    }
    // Progress reports of an idle stream change nothing: no one is woken to rebuild nothing.
    if (stage2.view.version !== seen) notify();
    return closed;
  };

  const onBatch = (batch: Batch): Promise<void> =>
    serial(async () => {
      const first = batch.messages[0];
      if (!first) return;
      partition = batch.partition;
      committedAt ??= first.offset;
      const read = batch.messages.map((m) => ({ offset: m.offset, partial: decodePartial(m.value, `${partialsTopic}[${batch.partition}]@${m.offset}`) }));
      const closed = ingest(read.map((r) => r.partial), read.map((r) => r.offset));
      if (history) {
        const fed = new Set([...stage2.merger.state.openWindows.map((w) => w.start), ...closed.map((c) => c.window.start)]);
        for (const { offset, partial } of read) {
          for (const w of partial.windows) if (fed.has(w.start) && !contributors.has(w.start)) contributors.set(w.start, offset);
        }
      }
      nextOffset = batch.messages[batch.messages.length - 1]!.offset + 1;
      // As if the flush interval had ended right after this batch: bounds the windows held.
      if (pending.length >= maxPending) await persist();
    });

  const owns = (tps: TopicPartition[]): boolean => tps.some((tp) => tp.topic === partialsTopic);
  const onAssign = (tps: TopicPartition[]): Promise<void> =>
    serial(async () => {
      if (!owns(tps)) return;
      owning = true;
      committedAt = undefined;
      nextOffset = undefined;
      const saved = await checkpoint.load();
      if (saved) {
        writtenUpTo = Math.max(writtenUpTo, saved.writtenUpTo);
        stage2.merger.restore(saved.merger);
        if (!warmedUp && store) {
          const spanMs = Math.max(HOUR_MS, 2 * (options.alerts ?? DEFAULT_ALERT_SETTINGS).warmupMs);
          await warmUpFromHistory({ store, alerts: stage2.alerts, writtenUpTo, spanMs, now: clock.now(), log });
        }
      }
      warmedUp = true;
      stage2.merger.setSourcePartitions(await transport.partitionCount(sourceTopic));
      for (const start of contributors.keys()) if (start + settings.window.sizeMs <= writtenUpTo) contributors.delete(start);
    });
  const onRevoke = (tps: TopicPartition[]): Promise<void> =>
    serial(async () => {
      if (!owns(tps)) return;
      await persist();
      owning = false;
    });
  const onLost = (tps: TopicPartition[]): void => {
    if (owns(tps)) owning = false;
  };
  /** A rebalance took stage 2 away and the group has not answered yet: it may hand it back. */
  const rejoining = (): boolean => consumer?.rebalancing?.() ?? false;

  /** Periodic work through the clock (a manual clock drives it in tests), one at a time with the rest. */
  const every = (ms: number, work: () => Promise<void>, what: string): void => {
    timers.push(clock.every(ms, () => {
      serial(work).catch((error: unknown) => {
        log.error(`${what}: ${(error as Error).message}`);
        options.onError?.(error);
      });
    }));
  };

  /**
   * Partials this member has still to read. Not the uncommitted count less what was read since
   * the commit: a log may delete records read but not committed yet (the in-process log's byte
   * cap, which partials of a backlog reach within seconds, as Kafka's retention would), and
   * that difference then stayed below zero until the next commit, up to a flush interval: a run
   * whose source had ended waited ~27 s of its 30 for stage 2 to "drain".
   */
  const lag = async (): Promise<number> => {
    if (!consumer || !owning) return 0;
    if (nextOffset === undefined) return consumer.lag(partialsTopic);
    const read = nextOffset;
    return (await consumer.standings(partialsTopic)).reduce((sum, s) => sum + (s.partition === partition ? Math.max(0, s.end - read) : s.end - (s.committed ?? s.start)), 0);
  };

  /** Closes every open window and writes it; false when a rebalance took stage 2 away meanwhile. */
  const finish = (): Promise<boolean> =>
    serial(async () => {
      if (!owning) return true; // another member owns the windows now; its state is the newer one
      const closed = stage2.finish();
      if (history) queue(closed);
      notify();
      await persist();
      return owning;
    });

  return {
    stage2,
    stats,
    async start() {
      await transport.ensureTopic(partialsTopic, 1);
      consumer = await transport.createConsumer({ groupId, topics: [partialsTopic], fromBeginning: true });
      await consumer.run({ onBatch, onAssign, onRevoke, onLost, onError: (error) => options.onError?.(error) });
      if (options.feed) {
        feedReader = await startFeedReader({
          transport, ...options.feed, log,
          onOrders: (orders) => {
            stage2.view.recordOrders(orders);
            notify();
          },
        });
      }
      if (history) every(options.flushIntervalMs, persist, 'writing aggregated Parquet');
    },
    flush: () => serial(persist),
    lag,
    isWriting: () => history !== undefined && owning,
    writtenUpTo: () => (Number.isFinite(writtenUpTo) ? writtenUpTo : null),
    async stop() {
      timers.forEach((cancel) => cancel());
      timers = [];
      const waitMs = options.stopWaitMs ?? 10_000;
      const deadline = clock.now() + waitMs;
      let failure: unknown;
      if (rejoining()) log.info(`stage 2: stopping during a rebalance; waiting up to ${waitMs / 1000} s for the group to hand stage 2 out`);
      // A rebalance under way (or one during the last write) may hand stage 2 back: wait for it.
      for (;;) {
        const handover = await awaitHandover({ clock, deadline, rejoining, owning: () => owning, lag });
        failure ??= handover.failure;
        if (handover.waited) log.info(`stage 2: ${owning ? 'the group handed stage 2 back and it is read: writing the last windows' : 'another member owns stage 2 now'}`);
        if ((await finish()) || !rejoining() || clock.now() >= deadline) break;
      }
      if (rejoining()) log.warn(`stage 2: stopped while a rebalance was still under way; the next owner writes the open windows`);
      await feedReader?.stop();
      await consumer?.stop();
      if (failure !== undefined) throw failure;
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
