// What a `stream --workers N` process and its stage-1 worker processes say to each other over
// the IPC channel of node:child_process. The primary sends the Config once; each worker then runs
// stage 1 as a member of the shared consumer group (the orders themselves travel through Kafka,
// never through this channel) and reports its counts. A worker stops only when told, or when its
// primary is gone.
import type { Config } from '../config/index';

/** What a stage-1 worker has done so far (Stage1Worker.stats). */
export interface Stage1Counts {
  consumed: number;
  lines: number;
  rejected: number;
  late: number;
  rawFiles: number;
  unread: number;
}

export const NO_COUNTS: Stage1Counts = { consumed: 0, lines: 0, rejected: 0, late: 0, rawFiles: 0, unread: 0 };

export type ToWorker =
  /** workers: how many there are; each holds its share of what one stage 1 would buffer. */
  | { kind: 'start'; index: number; workers: number; config: Config }
  /** Make everything consumed so far durable (raw written, offsets committed), then answer. */
  /** Every worker is connected: join the group now. */
  | { kind: 'join' }
  | { kind: 'flush'; id: number }
  | { kind: 'stop' };

export type FromWorker =
  /**
   * Loaded and listening. Connecting takes seconds and varies: the primary starts all workers
   * together, and lets them join together once all are connected, so the group assigns the
   * partitions once, instead of the first giving half of them back a few seconds later.
   */
  | { kind: 'ready' }
  /** Connected, about to join the group: waits for 'join'. */
  | { kind: 'joining' }
  | { kind: 'started' }
  | { kind: 'counts'; counts: Stage1Counts }
  | { kind: 'flushed'; id: number; error?: string }
  /** A fatal error; the worker stops and exits 1 after it. */
  | { kind: 'failed'; message: string }
  | { kind: 'stopped'; counts: Stage1Counts };

/** The primary's side of one worker process. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Once, when the process has ended. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Ends the process at once (SIGKILL). */
  kill(): void;
}

/** A worker's side of the channel. */
export interface PrimaryChannel {
  send(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
  /** The primary is gone (it exited or was killed). */
  onDisconnect(listener: () => void): void;
}

export const addCounts = (a: Stage1Counts, b: Stage1Counts): Stage1Counts => ({
  consumed: a.consumed + b.consumed, lines: a.lines + b.lines, rejected: a.rejected + b.rejected,
  late: a.late + b.late, rawFiles: a.rawFiles + b.rawFiles, unread: a.unread + b.unread,
});
