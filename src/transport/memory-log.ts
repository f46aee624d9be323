// One partition of the in-process log: records with absolute offsets that survive trimming,
// as in Kafka. The head is trimmed below what every group has committed, by a byte cap and by
// age; offsets below the log start are gone, and a reader there is moved on (memory.ts).
import type { LoggedMessage } from './types';

/** How much a partition keeps. Bytes are payload bytes: value plus key (UTF-16 code units × 2). */
export interface Retention {
  /** Newest bytes kept per partition, read or not. */
  bytes: number;
  /** Records older than this (wall-clock time since they were appended) are dropped. */
  ms: number;
}

export interface PartitionLog {
  /** Offset of the oldest record still held (the end when empty). */
  readonly start: number;
  /** Offset the next record gets: the high watermark. */
  readonly end: number;
  /** Payload bytes held. */
  readonly bytes: number;
  append(key: string | null, value: Uint8Array, timestamp: number, appendedAt: number): void;
  /** Up to max records from offset on (offset ≥ start). */
  read(offset: number, max: number): LoggedMessage[];
  /** Payload bytes from offset to the end: what a reader at offset has still to read. */
  bytesFrom(offset: number): number;
  /** Drops every record below offset; returns how many were dropped. */
  trimBefore(offset: number): number;
  /** Drops the oldest records past the byte cap or the age limit; returns how many. */
  enforce(retention: Retention, now: number): number;
}

/** Compact the arrays once this many dropped slots sit at their front (and half of them). */
const COMPACT_AT = 4_096;

export const payloadBytes = (key: string | null, value: Uint8Array): number => value.byteLength + (key === null ? 0 : key.length * 2);

export function createPartitionLog(): PartitionLog {
  let records: LoggedMessage[] = [];
  /** Wall-clock append time and payload bytes, parallel to records. */
  let appendedAt: number[] = [];
  /** Bytes appended before each record: cumulative, so the bytes after an offset are one subtraction. */
  let before: number[] = [];
  let head = 0;
  let start = 0;
  let end = 0;
  let appendedBytes = 0;

  const indexOf = (offset: number): number => head + (offset - start);
  const bytesBefore = (offset: number): number => (offset >= end ? appendedBytes : (before[indexOf(offset)] as number));

  const dropTo = (offset: number): number => {
    const target = Math.min(Math.max(offset, start), end);
    const dropped = target - start;
    if (dropped === 0) return 0;
    for (let i = head; i < head + dropped; i++) records[i] = undefined as unknown as LoggedMessage; // let the payloads go now
    head += dropped;
    start = target;
    if (head >= COMPACT_AT && head * 2 >= records.length) {
      records = records.slice(head);
      appendedAt = appendedAt.slice(head);
      before = before.slice(head);
      head = 0;
    }
    return dropped;
  };

  return {
    get start() {
      return start;
    },
    get end() {
      return end;
    },
    get bytes() {
      return appendedBytes - bytesBefore(start);
    },
    append(key, value, timestamp, at) {
      records.push({ key, value, timestamp, offset: end });
      appendedAt.push(at);
      before.push(appendedBytes);
      appendedBytes += payloadBytes(key, value);
      end++;
    },
    read(offset, max) {
      const from = Math.max(offset, start);
      const i = indexOf(from);
      return records.slice(i, i + Math.max(0, Math.min(max, end - from)));
    },
    bytesFrom: (offset) => appendedBytes - bytesBefore(Math.max(offset, start)),
    trimBefore: dropTo,
    enforce(retention, now) {
      let offset = start;
      // Past the byte cap: the first offset whose bytes from there on fit.
      while (offset < end && appendedBytes - bytesBefore(offset) > retention.bytes) offset++;
      while (offset < end && now - (appendedAt[indexOf(offset)] as number) > retention.ms) offset++;
      return dropTo(offset);
    },
  };
}
