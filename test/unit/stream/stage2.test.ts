import { describe, expect, it } from 'vitest';
import {
  createStage1, createTopologyDriver, DEFAULT_STREAM_SETTINGS, encodeCheckout, tumbling, type CheckoutEvent,
} from '../../../src/index';
import { createStage2, type Stage1Partial } from '../../../src/stream/index';
import { createTrendMerger } from '../../../src/stream/stage2';
import { windowToJson } from '../../../src/domain/aggregates';
import { line, order } from '../../helpers/events';
import { foldOutputs, singlePass } from '../../helpers/single-pass';

const MIN = 60_000;
const T0 = 1_700_000_040_000; // aligned to the minute
const settings = { ...DEFAULT_STREAM_SETTINGS, window: tumbling(MIN), allowedLatenessMs: 0, idleTimeoutMs: 1_000 };

/** Stage 1 for one partition fed by hand: its partials, in order, one per call of cut(). */
function partitionFeed(partition: number) {
  const stage1 = createStage1(settings);
  let offset = 0;
  return {
    add: (e: CheckoutEvent) => stage1.accept('t', partition, offset++, encodeCheckout(e)),
    cut: (): Stage1Partial[] => stage1.drainAll(),
    progress: (idle: boolean) => stage1.progress(partition, offset, idle),
  };
}

describe('stage 2 watermark over every partition of the source topic', () => {
  it('holds every window while a partition has not been heard from, however long the wall clock runs', () => {
    const merger = createTrendMerger(settings, { sourcePartitions: 2 });
    const p0 = partitionFeed(0);
    for (let i = 0; i < 10; i++) p0.add(order(T0 + i * MIN, [line(1)]));
    p0.cut().forEach((p) => merger.merge(p));
    expect(merger.watermark()).toBe(Number.NEGATIVE_INFINITY);
    expect(merger.closeReady()).toEqual([]);
  });

  it('keeps a catch-up exact when one partition\'s backlog arrives entirely before the other\'s', () => {
    const merger = createTrendMerger(settings, { sourcePartitions: 2 });
    const [p0, p1] = [partitionFeed(0), partitionFeed(1)];
    const events: CheckoutEvent[] = [];
    for (let i = 0; i < 20; i++) {
      const a = order(T0 + i * 30_000, [line(1), line(2, { department_id: 7, department: 'beverages' })]);
      const b = order(T0 + i * 30_000 + 7, [line(3)]);
      p0.add(a);
      p1.add(b);
      events.push(a, b);
    }
    const closed = [];
    for (const p of p0.cut()) {
      merger.merge(p);
      closed.push(...merger.closeReady());
    }
    expect(closed).toEqual([]); // partition 1 is not heard yet
    for (const p of p1.cut()) {
      merger.merge(p);
      closed.push(...merger.closeReady());
    }
    closed.push(...merger.closeAll());
    expect(merger.takeCorrections()).toEqual([]);
    expect(foldOutputs(closed, [])).toEqual(singlePass(events, MIN));
  });

  it('stops holding for a partition only once stage 1 reports it idle at its log end', () => {
    const merger = createTrendMerger(settings, { sourcePartitions: 2 });
    const [p0, p1] = [partitionFeed(0), partitionFeed(1)];
    p0.add(order(T0 + 10, [line(1)]));
    p0.add(order(T0 + 3 * MIN, [line(1)]));
    p0.cut().forEach((p) => merger.merge(p));
    merger.merge(p1.progress(false)); // caught up, but not silent long enough
    expect(merger.closeReady()).toEqual([]);
    merger.merge(p1.progress(true));
    expect(merger.closeReady().map((c) => c.window.start)).toEqual([T0]);
    // It wakes up with an order for the closed window: a correction, not a loss.
    p1.add(order(T0 + 20, [line(9)]));
    p1.cut().forEach((p) => merger.merge(p));
    const [correction] = merger.takeCorrections();
    expect(correction?.window.start).toBe(T0);
    expect([correction?.partition, correction?.firstOffset, correction?.lastOffset]).toEqual([1, 0, 0]);
    expect(merger.state.late.orders).toBe(1);
  });

  it('turns a late order into a correction of its window, counted in the summary', () => {
    const driver = createTopologyDriver({ partitions: 1, settings });
    driver.pipe(order(T0 + 10, [line(1)]));
    driver.pipe(order(T0 + MIN + 10, [line(1)]));
    const late = order(T0 + 20, [line(1, { unit_price: 4 })]);
    expect(driver.pipe(late).arrival).toBe('late');
    driver.finish();
    expect(driver.corrections.map((c) => [c.window.start, c.window.orders, c.window.revenue])).toEqual([[T0, 1, 4]]);
    expect(driver.stage2.view.summary().late.orders).toBe(1);
  });
});

describe('stage 2 and the live view on an idle stream', () => {
  it('changes nothing the clients see while only unchanged progress reports arrive', () => {
    const driver = createTopologyDriver({ partitions: 2, settings });
    driver.pipe(order(T0 + 10, [line(1)]));
    driver.punctuate();
    driver.advance(5_000); // partitions go idle: the watermark moves once
    const version = driver.stage2.view.version;
    for (let i = 0; i < 240; i++) driver.advance(250); // a minute of progress reports
    expect(driver.stage2.view.version).toBe(version);
  });
});

describe('stage 2 restart from a checkpoint', () => {
  it('neither double counts nor loses what a replay of the partials topic repeats', () => {
    // First run: partials at offsets 0..3 of the partials topic; window T0 closes after offset 2.
    const first = createStage2(settings, undefined, { sourcePartitions: 1 });
    const p0 = partitionFeed(0);
    const events = [order(T0 + 10, [line(1)]), order(T0 + 20, [line(2)]), order(T0 + MIN + 5, [line(1)]), order(T0 + 30, [line(5)])];
    const partials: Stage1Partial[] = [];
    for (const e of events) {
      p0.add(e);
      partials.push(...p0.cut());
    }
    const written = [...first.ingest(partials.slice(0, 3), 0, [0, 1, 2])];
    expect(written.map((c) => c.window.start)).toEqual([T0]);
    // Durable so far: window T0 (sealed at offset 3). Committed offset: 2 (offset 2 feeds the open window).
    const checkpoint = first.merger.checkpoint(2);
    // Crash. The second run replays from offset 2, and offset 3 (a late order of T0) is new.
    const second = createStage2(settings, undefined, { sourcePartitions: 1, restore: JSON.parse(JSON.stringify(checkpoint)) });
    second.ingest(partials.slice(2), 0, [2, 3]);
    const rest = second.finish();
    const corrections = second.takeCorrections();
    expect(corrections.map((c) => c.window.start)).toEqual([T0]);
    expect(foldOutputs([...written, ...rest], corrections)).toEqual(singlePass(events, MIN));
  });

  it('drops a stage-1 range it merged before the restart, when stage 1 sends it again', () => {
    const first = createTrendMerger(settings, { sourcePartitions: 1 });
    const p0 = partitionFeed(0);
    p0.add(order(T0 + 10, [line(1)]));
    const [partial] = p0.cut();
    first.merge(partial!, 0);
    const second = createTrendMerger(settings, { sourcePartitions: 1, restore: first.checkpoint(1) });
    expect(second.merge(partial!, 1)).toBe(false);
    expect(second.state.duplicatesDropped).toBe(1);
  });
});

describe('stage 2 reads partials and never changes them', () => {
  it('leaves every decoded partial as it was, through merges, closes, corrections and the finish', () => {
    const stage2 = createStage2(settings, undefined, { sourcePartitions: 2 });
    const feeds = [partitionFeed(0), partitionFeed(1)];
    const partials: Stage1Partial[] = [];
    for (let i = 0; i < 6; i++) {
      feeds.forEach((f, p) => f.add(order(T0 + i * MIN + p * 1_000, [line(1 + p), line(7)])));
      partials.push(...feeds.flatMap((f) => f.cut()));
    }
    // Late for partition 0's watermark: a correction to a window already closed.
    feeds[0]!.add(order(T0 + 5, [line(1), line(9)]));
    partials.push(...feeds[0]!.cut());
    const seen = (ps: Stage1Partial[]) => JSON.stringify(ps.map((p) => ({ ...p, windows: p.windows.map(windowToJson), lateWindows: (p.lateWindows ?? []).map(windowToJson) })));
    const before = seen(partials);
    // Same-window partials are merged into the same open window, which must be a copy of theirs.
    partials.forEach((p) => stage2.ingest([p], T0));
    stage2.finish();
    expect(stage2.takeCorrections().length).toBeGreaterThan(0);
    expect(seen(partials)).toBe(before);
  });
});
