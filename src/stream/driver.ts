// A test driver for the whole topology in one process, with a manual clock: pipe events
// in, move time, read what closed. No timers, no I/O.
import { createManualClock, type ManualClock } from '../clock';
import { encodeCheckout } from '../domain/codec';
import type { CheckoutEvent } from '../domain/event';
import { partitionForKey } from '../transport/types';
import { decodePartial, encodePartial } from './partial';
import { DEFAULT_STREAM_SETTINGS, type StreamSettings } from './settings';
import type { ClosedWindow } from './stage2';
import { createStage1, createStage2, type Decision, type Stage1, type Stage2 } from './topology';

export interface TopologyDriver {
  readonly clock: ManualClock;
  readonly stage1: Stage1;
  readonly stage2: Stage2;
  /** Every window closed so far, oldest first. */
  readonly closed: ClosedWindow[];
  pipe(event: CheckoutEvent): Decision;
  /** Pipes bytes as they would arrive from the topic, to exercise bad messages. */
  pipeBytes(key: string, value: Uint8Array | string): Decision;
  /** Hands stage-1 partials to stage 2 (through their wire form) and closes ready windows. */
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
  const stage2 = createStage2(settings);
  const offsets = new Array<number>(partitions).fill(0);
  const closed: ClosedWindow[] = [];

  const pipeBytes = (key: string, value: Uint8Array | string): Decision => {
    const partition = partitionForKey(key, partitions, 0);
    const offset = offsets[partition]!;
    offsets[partition] = offset + 1;
    return stage1.accept(DRIVER_TOPIC, partition, offset, value);
  };
  const punctuate = (): ClosedWindow[] => {
    const partials = stage1.drainAll().map((p) => decodePartial(encodePartial(p)));
    const now = stage2.ingest(partials, clock.now());
    closed.push(...now);
    return now;
  };

  return {
    clock,
    stage1,
    stage2,
    closed,
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
