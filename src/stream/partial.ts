// What stage 1 hands to stage 2: the change since its last hand-over, for one partition,
// with the offset range it covers so that stage 2 can drop a repeat after a restart.
// A partial with an empty range (lastOffset < firstOffset) is a progress report: it only says
// where the partition's event time stands and whether it is idle at its log end.
import {
  windowFromJson, windowToJson, type Totals, type WindowAgg, type WindowAggJson,
} from '../domain/aggregates';
import type { FeedOrder } from './live-feed';

export interface Stage1Partial {
  partition: number;
  firstOffset: number;
  lastOffset: number;
  /** The partition's watermark after this range: newest event time minus allowed lateness. */
  watermark: number;
  maxEventTime: number;
  /**
   * Caught up to the partition's log end and silent for the idle timeout: it no longer holds
   * the watermark back. Absent or false while the partition may still have unread records.
   */
  idle?: boolean;
  /** Every accepted order, late or not. */
  totals: Totals;
  /** Orders that arrived behind their partition's watermark; their sums are in `lateWindows`. */
  late: Totals;
  /** Records that could not be decoded, by where they were. */
  rejected: Array<{ where: string; reason: string }>;
  windows: WindowAgg[];
  /** The late orders' sums, per window: stage 2 adds them as corrections, never drops them. */
  lateWindows?: WindowAgg[];
  ticks: Array<[number, Totals]>;
  /** A few of the newest on-time orders, for the dashboard's live feed (absent from older producers). */
  recentOrders?: FeedOrder[];
}

/** A progress report carries no records. */
export const isProgressOnly = (partial: Stage1Partial): boolean => partial.lastOffset < partial.firstOffset;

type PartialJson = Omit<Stage1Partial, 'windows' | 'lateWindows'> & { windows: WindowAggJson[]; lateWindows?: WindowAggJson[] };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodePartial = (partial: Stage1Partial): Uint8Array =>
  encoder.encode(JSON.stringify({
    ...partial,
    windows: partial.windows.map(windowToJson),
    lateWindows: (partial.lateWindows ?? []).map(windowToJson),
  } satisfies PartialJson));

export function decodePartial(bytes: Uint8Array): Stage1Partial {
  const json = JSON.parse(decoder.decode(bytes)) as PartialJson;
  // JSON has no infinities: a range of only rejected records has no event time yet.
  const orMinusInfinity = (v: number | null): number => v ?? Number.NEGATIVE_INFINITY;
  return {
    ...json,
    watermark: orMinusInfinity(json.watermark),
    maxEventTime: orMinusInfinity(json.maxEventTime),
    windows: json.windows.map(windowFromJson),
    lateWindows: (json.lateWindows ?? []).map(windowFromJson),
  };
}
