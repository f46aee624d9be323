// What stage 1 hands to stage 2: the change since its last hand-over, for one partition,
// with the offset range it covers so that stage 2 can drop a repeat after a restart.
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
  /** Every accepted order, late or not. */
  totals: Totals;
  /** Orders that arrived after their window had closed; they are in raw, not in windows. */
  late: Totals;
  /** Records that could not be decoded, by where they were. */
  rejected: Array<{ where: string; reason: string }>;
  windows: WindowAgg[];
  ticks: Array<[number, Totals]>;
  /** A few of the newest on-time orders, for the dashboard's live feed (absent from older producers). */
  recentOrders?: FeedOrder[];
}

type PartialJson = Omit<Stage1Partial, 'windows'> & { windows: WindowAggJson[] };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodePartial = (partial: Stage1Partial): Uint8Array =>
  encoder.encode(JSON.stringify({ ...partial, windows: partial.windows.map(windowToJson) } satisfies PartialJson));

export function decodePartial(bytes: Uint8Array): Stage1Partial {
  const json = JSON.parse(decoder.decode(bytes)) as PartialJson;
  // JSON has no infinities: a range of only rejected records has no event time yet.
  const orMinusInfinity = (v: number | null): number => v ?? Number.NEGATIVE_INFINITY;
  return {
    ...json,
    watermark: orMinusInfinity(json.watermark),
    maxEventTime: orMinusInfinity(json.maxEventTime),
    windows: json.windows.map(windowFromJson),
  };
}
