// Raw files encoded in a worker thread (bin/raw-encoder-thread.js, the real entry, bundled as the
// run job loads it): byte for byte the file the stream's thread would have written, each answer
// to its own request when many are in flight, and a thread that cannot start or dies costs no
// batch: encoding moves back to the stream's thread, with one warning.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSyntheticSource, encodeRaw, type Log, type RawRecord } from '../../../src/index';
import { rawEncoderInThread, runRawEncoderThread } from '../../../src/store/index';

const ENTRY = fileURLToPath(new URL('../../../bin/raw-encoder-thread.js', import.meta.url));

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string): void => void lines.push(`${level} ${message}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function batches(count: number, orders: number): RawRecord[][] {
  const events = [...createSyntheticSource({ seed: 11, startTime: Date.UTC(2026, 10, 24, 6), ordersPerSecond: 30, maxOrders: count * orders, seasonality: false }).generate()];
  return Array.from({ length: count }, (_, b) =>
    events.slice(b * orders, (b + 1) * orders).map((event, i) => ({ partition: b % 4, offset: i, event, late: i % 7 === 0 })));
}

describe('raw files encoded in a thread of their own', () => {
  it('are the same bytes as encoded in this thread, each answer for its own batch with many in flight', async () => {
    const input = batches(6, 700); // ~7,000 lines each: two 5,000-line row groups
    const expected = await Promise.all(input.map((records) => encodeRaw(records)));
    const log = recordingLog();
    const encoder = rawEncoderInThread({ entry: ENTRY, log });
    try {
      const got = await Promise.all(input.map((records) => encoder.encode(records)));
      got.forEach((bytes, i) => expect(Buffer.compare(bytes, expected[i]!)).toBe(0));
      // The records are left as they were: only the columns built from them went to the thread.
      expect(input[0]![0]!.event.lines.length).toBeGreaterThan(0);
      expect(await encoder.encode(input[2]!)).toEqual(expected[2]);
    } finally {
      await encoder.close();
    }
    expect(log.lines).toEqual([]);
  });

  it('falls back to this thread when the thread cannot start, losing no batch, and says so once', async () => {
    const input = batches(3, 200);
    const log = recordingLog();
    const encoder = rawEncoderInThread({ entry: fileURLToPath(new URL('../../../bin/no-such-thread.js', import.meta.url)), log });
    const got = await Promise.all(input.map((records) => encoder.encode(records)));
    const expected = await Promise.all(input.map((records) => encodeRaw(records)));
    got.forEach((bytes, i) => expect(Buffer.compare(bytes, expected[i]!)).toBe(0));
    expect(await encoder.encode(input[1]!)).toEqual(expected[1]);
    await encoder.close();
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^warn the raw encoder thread failed \(.*no-such-thread\.js.*\); raw files are encoded in the stream's thread from now on$/);
  });

  it('falls back when the thread runs out of heap in the middle of a batch', async () => {
    const [records] = batches(1, 3_000);
    const log = recordingLog();
    // 2 MB of old generation cannot hold ~30,000 lines of columns.
    const encoder = rawEncoderInThread({ entry: ENTRY, log, heapMb: 2 });
    const bytes = await encoder.encode(records!);
    await encoder.close();
    expect(Buffer.compare(bytes, await encodeRaw(records!))).toBe(0);
    expect(log.lines.join('\n')).toMatch(/raw encoder thread failed/);
  });

  it('refuses to run outside a worker thread', () => {
    expect(() => runRawEncoderThread()).toThrow(/started as a worker thread by stage 1 of run and stream, not by hand/);
  });
});
