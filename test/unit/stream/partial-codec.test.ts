import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStage1, createSyntheticSource, DEFAULT_STREAM_SETTINGS, encodeCheckout, encodePartial } from '../../../src/index';
import { decodePartial, type Stage1Partial } from '../../../src/stream/index';
import { windowToJson } from '../../../src/domain/aggregates';
import { PairCounts, type WindowAgg } from '../../../src/domain/index';

const ordersOf = (orders: number) =>
  [...createSyntheticSource({ seed: 3, startTime: Date.UTC(2026, 10, 24, 9), ordersPerSecond: 20, maxOrders: orders, seasonality: false }).generate()];

/** A partial of `orders` synthetic orders of seed 3 on partition 2 from offset 100, and nothing else. */
function somePartialOf(orders: number): Stage1Partial {
  const stage1 = createStage1(DEFAULT_STREAM_SETTINGS);
  ordersOf(orders).forEach((e, i) => stage1.accept('t', 2, 100 + i, encodeCheckout(e)));
  return stage1.drainAll()[0]!;
}

/** A partial of `orders` synthetic orders on one partition, with a late order and a rejected message. */
function somePartial(orders: number): Stage1Partial {
  const stage1 = createStage1(DEFAULT_STREAM_SETTINGS);
  const events = ordersOf(orders);
  events.forEach((e, i) => stage1.accept('t', 2, 100 + i, encodeCheckout(e)));
  stage1.accept('t', 2, 100 + orders, encodeCheckout({ ...events[0]!, event_id: 'late-one' })); // far behind: late
  stage1.accept('t', 2, 101 + orders, '{"not": "an order"}');
  return stage1.drainAll()[0]!;
}

/** Everything a partial says but its pair counts, with distinct counters as their estimates. */
const plain = (p: Stage1Partial) => JSON.parse(JSON.stringify({ ...p, idle: p.idle === true, windows: p.windows.map(windowToJson), lateWindows: (p.lateWindows ?? []).map(windowToJson) }));
/** The pair counts of each window (since version 4). */
const pairsOf = (windows: WindowAgg[]) => windows.map((w) => ({ ...w.pairs.parts() }));
const estimates = (windows: WindowAgg[]) => windows.map((w) => [...w.products.values()].map((p) => p.customers.estimate()).concat([...w.departments.values()].map((d) => d.users.estimate())));

describe('the partial codec (version 4, binary)', () => {
  it('round-trips a partial exactly, with exact and HyperLogLog distinct counters, late windows and rejections', () => {
    const partial = somePartial(1_500);
    expect(partial.lateWindows!.length).toBe(1);
    expect(partial.rejected).toHaveLength(1);
    // Some counter past 128 distinct ids, so registers travel too.
    expect(partial.windows.some((w) => [...w.hours.values()].some((h) => h.users.estimate() > 128))).toBe(true);
    const bytes = encodePartial(partial);
    expect(bytes[0]).toBe(4);
    // Since version 2 it carries each department's hours of day.
    expect(partial.windows.some((w) => [...w.departments.values()].some((d) => d.hours.size > 0))).toBe(true);
    const back = decodePartial(bytes, 't.stage1-partials[0]@7');
    expect(plain(back)).toEqual(plain(partial));
    expect(estimates(back.windows)).toEqual(estimates(partial.windows));
    // Since version 4 it carries each window's pair counts, pruned ones with their error bound.
    expect(partial.windows.some((w) => w.pairs.errorBound > 0 && w.pairs.size > 100)).toBe(true);
    expect(pairsOf(back.windows)).toEqual(pairsOf(partial.windows));
    expect(pairsOf(back.lateWindows!)).toEqual(pairsOf(partial.lateWindows!));
  });

  it('keeps a progress report\'s empty range, its idle flag and an unknown watermark', () => {
    const report = createStage1(DEFAULT_STREAM_SETTINGS).progress(3, 40, true);
    const back = decodePartial(encodePartial(report));
    expect([back.partition, back.firstOffset, back.lastOffset, back.idle, back.watermark]).toEqual([3, 40, 39, true, Number.NEGATIVE_INFINITY]);
  });

  it('is several times smaller than the JSON it replaces', () => {
    const partial = somePartial(1_000);
    const json = JSON.stringify({ ...partial, windows: partial.windows.map(windowToJson) }).length;
    const binary = encodePartial(partial).length;
    expect(binary * 3).toBeLessThan(json);
  });

  it('refuses an unknown version, a truncated message and trailing bytes, naming topic, partition and offset', () => {
    const bytes = encodePartial(somePartial(50));
    const where = 'purchase-transactions.stage1-partials[0]@42';
    expect(() => decodePartial(Uint8Array.of(9, ...bytes.subarray(1)), where)).toThrow(/partial at purchase-transactions\.stage1-partials\[0\]@42: its format version is 9; this release reads versions 1, 2, 3 and 4 \(and writes 4\)/);
    expect(() => decodePartial(bytes.subarray(0, bytes.length - 5), where)).toThrow(/@42: it ends early/);
    expect(() => decodePartial(Uint8Array.of(...bytes, 0), where)).toThrow(/@42: 1 byte\(s\) are left over/);
    expect(() => decodePartial(new Uint8Array(0), where)).toThrow(/@42: it is empty/);
  });

  it('reads a version-1 message (written by the release before), whose departments have no hours of day', () => {
    // test/fixtures/partial-v1.bin: 30 orders of seed 3 on partition 2, encoded by the version-1 writer.
    const v1 = decodePartial(new Uint8Array(readFileSync(new URL('../../fixtures/partial-v1.bin', import.meta.url))), 't.stage1-partials[0]@1');
    const now = somePartialOf(30);
    const withoutDepartmentHours = (p: Stage1Partial) => plain({ ...p, windows: p.windows.map((w) => ({ ...w, departments: new Map([...w.departments].map(([id, d]) => [id, { ...d, hours: new Map() }])) })) });
    expect(v1.windows.flatMap((w) => [...w.departments.values()]).every((d) => d.hours.size === 0)).toBe(true);
    expect(plain(v1)).toEqual(withoutDepartmentHours(now));
  });

  it('reads a version-2 message, skipping the sample of recent orders it carried (the feed has its own topic now)', () => {
    // test/fixtures/partial-v2.bin: the same 30 orders, encoded by the version-2 writer with 8 recent orders.
    const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/partial-v2.bin', import.meta.url)));
    expect(bytes[0]).toBe(2);
    const v2 = decodePartial(bytes, 't.stage1-partials[0]@2');
    expect(plain(v2)).toEqual(plain(somePartialOf(30)));
    expect(v2.windows.every((w) => w.pairs.size === 0)).toBe(true);
  });

  it('reads a version-3 message, whose windows have no pair counts', () => {
    // test/fixtures/partial-v3.bin: the same 30 orders, encoded by the version-3 writer.
    const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/partial-v3.bin', import.meta.url)));
    expect(bytes[0]).toBe(3);
    const v3 = decodePartial(bytes, 't.stage1-partials[0]@3');
    const now = somePartialOf(30);
    expect(plain(v3)).toEqual(plain(now));
    expect(v3.windows.every((w) => w.pairs.size === 0 && w.pairs.occurrences === 0)).toBe(true);
    expect(now.windows.some((w) => w.pairs.size > 0)).toBe(true);
  });

  it('refuses a pair summary that holds more pairs than its capacity allows', () => {
    const partial = somePartialOf(30);
    const w = partial.windows[0]!;
    const parts = w.pairs.parts();
    expect(parts.keys.length).toBeGreaterThan(4);
    // Rewritten as capacity 1: the same pairs would be more than twice that.
    w.pairs = PairCounts.fromParts({ ...parts, capacity: 1 });
    expect(() => decodePartial(encodePartial(partial), 'p[0]@5')).toThrow(/partial at p\[0\]@5: a pair summary holds \d+ pairs, more than twice its capacity 1/);
  });

  it('still reads the JSON partials of the release before, once, during an upgrade', () => {
    const partial = somePartial(20);
    const json = new TextEncoder().encode(JSON.stringify({ ...partial, windows: partial.windows.map(windowToJson), lateWindows: [] }));
    expect(plain(decodePartial(json))).toEqual(plain({ ...partial, lateWindows: [] }));
  });
});
