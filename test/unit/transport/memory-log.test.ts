import { describe, expect, it } from 'vitest';
import { createPartitionLog, payloadBytes } from '../../../src/transport/memory-log';

const bytes = (n: number) => new Uint8Array(n);

describe('in-process partition log', () => {
  it('keeps offsets absolute after the head is trimmed', () => {
    const log = createPartitionLog();
    for (let i = 0; i < 10; i++) log.append(`k${i}`, bytes(10), 1_000 + i, 0);
    expect(log.trimBefore(4)).toBe(4);
    expect([log.start, log.end]).toEqual([4, 10]);
    expect(log.read(4, 3).map((m) => [m.offset, m.key, m.timestamp])).toEqual([[4, 'k4', 1_004], [5, 'k5', 1_005], [6, 'k6', 1_006]]);
    // Trimming never goes back, nor past the end.
    expect(log.trimBefore(2)).toBe(0);
    expect(log.trimBefore(99)).toBe(6);
    expect([log.start, log.end, log.bytes]).toEqual([10, 10, 0]);
    log.append(null, bytes(1), 0, 0);
    expect(log.read(0, 5).map((m) => m.offset)).toEqual([10]);
  });

  it('counts payload bytes held and still to read from an offset', () => {
    const log = createPartitionLog();
    const sizes = [5, 7, 11, 13];
    sizes.forEach((n, i) => log.append(i % 2 ? 'ab' : null, bytes(n), 0, 0));
    const each = sizes.map((n, i) => payloadBytes(i % 2 ? 'ab' : null, bytes(n)));
    expect(each).toEqual([5, 11, 11, 17]);
    expect(log.bytes).toBe(44);
    expect(log.bytesFrom(2)).toBe(28);
    log.trimBefore(1);
    expect(log.bytes).toBe(39);
    expect(log.bytesFrom(0)).toBe(39); // a reader behind the start has what is left to read
  });

  it('drops the oldest records past the byte cap, keeping the newest that fit', () => {
    const log = createPartitionLog();
    for (let i = 0; i < 10; i++) log.append(null, bytes(100), 0, 0);
    expect(log.enforce({ bytes: 350, ms: Number.POSITIVE_INFINITY }, 0)).toBe(7);
    expect([log.start, log.bytes]).toEqual([7, 300]);
  });

  it('drops records appended longer ago than the age limit, by append time not record time', () => {
    const log = createPartitionLog();
    for (let i = 0; i < 6; i++) log.append(null, bytes(1), /* event time far in the past */ 0, i * 1_000);
    expect(log.enforce({ bytes: Number.POSITIVE_INFINITY, ms: 2_500 }, 5_000)).toBe(3);
    expect(log.start).toBe(3);
    expect(log.enforce({ bytes: Number.POSITIVE_INFINITY, ms: 2_500 }, 5_000)).toBe(0);
  });

  it('reads the right records across the compaction of its arrays', () => {
    const log = createPartitionLog();
    const total = 20_000;
    for (let i = 0; i < total; i++) log.append(String(i), bytes(1), i, 0);
    let start = 0;
    for (const to of [3_000, 4_100, 9_000, 12_345, 19_990]) {
      log.trimBefore(to);
      start = to;
      const read = log.read(start, 5);
      expect(read.map((m) => [m.offset, m.key])).toEqual([0, 1, 2, 3, 4].map((i) => [start + i, String(start + i)]));
      let expected = 0;
      for (let o = start; o < total; o++) expected += 1 + String(o).length * 2;
      expect(log.bytes).toBe(expected);
    }
  });
});
