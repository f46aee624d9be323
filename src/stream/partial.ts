// What stage 1 hands to stage 2: the change since its last hand-over, for one partition,
// with the offset range it covers so that stage 2 can drop a repeat after a restart.
// A partial with an empty range (lastOffset < firstOffset) is a progress report: it only says
// where the partition's event time stands and whether it is idle at its log end.
import { windowFromJson, type Totals, type WindowAgg, type WindowAggJson } from '../domain/index';
import { WorkbenchError } from '../core/index';
import { decodePartialBinary, encodePartialBinary, PARTIAL_VERSION, READABLE_PARTIAL_VERSIONS } from './partial-codec';

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
}

/** A progress report carries no records. */
export const isProgressOnly = (partial: Stage1Partial): boolean => partial.lastOffset < partial.firstOffset;

type PartialJson = Omit<Stage1Partial, 'windows' | 'lateWindows'> & { windows: WindowAggJson[]; lateWindows?: WindowAggJson[] };

/** What goes on the partials topic: the binary layout of partial-codec.ts. */
export const encodePartial = (partial: Stage1Partial): Uint8Array => encodePartialBinary(partial);

const JSON_OPEN = 0x7b; // "{": a partial from before the binary codec, read once during an upgrade

/**
 * Reads a partial from the partials topic. `where` (topic[partition]@offset) goes into the
 * error for anything that is not a partial this version can read.
 */
export function decodePartial(bytes: Uint8Array, where = 'a partial'): Stage1Partial {
  const fail = (problem: string): never => {
    throw new WorkbenchError('BAD_PARTIAL', `cannot read the stage-1 partial at ${where}: ${problem}. Every stage-1 worker and stage 2 must run the same release`, { where });
  };
  const version = bytes[0];
  if (version !== undefined && READABLE_PARTIAL_VERSIONS.includes(version)) return decodePartialBinary(bytes, fail);
  if (version === JSON_OPEN) return decodeJsonPartial(bytes, fail);
  return fail(version === undefined ? 'it is empty' : `its format version is ${version}; this release reads versions ${READABLE_PARTIAL_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_PARTIAL_VERSIONS.at(-1)} (and writes ${PARTIAL_VERSION})`);
}

/** The JSON form of earlier releases (no version byte), kept readable for one upgrade. */
function decodeJsonPartial(bytes: Uint8Array, fail: (problem: string) => never): Stage1Partial {
  let json: PartialJson;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as PartialJson;
  } catch (error) {
    return fail(`it is neither binary nor JSON (${(error as Error).message})`);
  }
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
