// A test driver for the whole topology in one process, with a manual clock: pipe events
// in, move time, read what closed. No timers, no I/O.
import { createManualClock, type ManualClock } from '../core/index';
import { encodeCheckout, type CheckoutEvent } from '../domain/index';
import { partitionForKey } from '../transport/index';
import { decodeFeed, encodeFeed } from './live-feed';
import { decodePartial, encodePartial } from './partial';
import { DEFAULT_STREAM_SETTINGS, type StreamSettings } from './settings';
import type { ClosedWindow, Correction } from './stage2';
import { createStage1, createStage2, type Decision, type Stage1, type Stage2 } from './topology';

export interface TopologyDriver {
  readonly clock: ManualClock;
  readonly stage1: Stage1;
  readonly stage2: Stage2;
  /** Every window closed so far, oldest first. */
  readonly closed: ClosedWindow[];
  /** Every correction to a closed window so far (late orders, see stage2.ts). */
  readonly corrections: Correction[];
  pipe(event: CheckoutEvent): Decision;
  /** Pipes bytes as they would arrive from the topic, to exercise bad messages. */
  pipeBytes(key: string, value: Uint8Array | string): Decision;
  /**
   * Hands stage-1 partials to stage 2 (through their wire form), with a progress report for
   * every partition that has nothing new, and closes ready windows.
   */
  punctuate(): ClosedWindow[];
  advance(ms: number): ClosedWindow[];
  /** End of input: closes every open window. */
  finish(): ClosedWindow[];
}

export const DRIVER_TOPIC = 'purchase-transactions';

export function createTopologyDriver(options: { settings?: Partial<StreamSettings>; partitions?: number; start?: number } = {}): TopologyDriver {
  const settings = { ...DEFAULT_STREAM_SETTINGS, ...options.settings };
  const partitions = options.partitions ?? 4;
  const clock = createManualClock(options.start ?? 0);
  const stage1 = createStage1(settings);
  const stage2 = createStage2(settings, undefined, { sourcePartitions: partitions });
  const offsets = new Array<number>(partitions).fill(0);
  /** Wall time of each partition's newest record (or of the start): all that is piped is read at once, so silence alone makes it idle. */
  const lastRecord = new Array<number>(partitions).fill(clock.now());
  const closed: ClosedWindow[] = [];
  const corrections: Correction[] = [];

  const pipeBytes = (key: string, value: Uint8Array | string): Decision => {
    const partition = partitionForKey(key, partitions, 0);
    const offset = offsets[partition]!;
    offsets[partition] = offset + 1;
    lastRecord[partition] = clock.now();
    return stage1.accept(DRIVER_TOPIC, partition, offset, value);
  };
  const punctuate = (): ClosedWindow[] => {
    const drained = stage1.drainAll();
    const reported = new Set(drained.map((p) => p.partition));
    for (let p = 0; p < partitions; p++) {
      if (!reported.has(p)) drained.push(stage1.progress(p, offsets[p]!, clock.now() - lastRecord[p]! >= settings.idleTimeoutMs));
    }
    const partials = drained.map((p) => decodePartial(encodePartial(p)));
    const now = stage2.ingest(partials, clock.now());
    // The feed travels on its own topic, through its codec, as it does in the pipeline.
    const feed = stage1.drainFeed();
    if (feed.length > 0) stage2.view.recordOrders(decodeFeed(encodeFeed(feed), `${DRIVER_TOPIC}-feed`));
    closed.push(...now);
    corrections.push(...stage2.takeCorrections());
    return now;
  };

  return {
    clock,
    stage1,
    stage2,
    closed,
    corrections,
    pipe: (event) => pipeBytes(String(event.order_id), encodeCheckout(event)),
    pipeBytes,
    punctuate,
    advance(ms) {
      clock.advance(ms);
      return punctuate();
    },
    finish() {
      const last = punctuate();
      const rest = stage2.finish();
      closed.push(...rest);
      return [...last, ...rest];
    },
  };
}
