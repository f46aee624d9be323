// Property: whatever order stage 2 hears the partitions in, with repeats, progress reports,
// silent partitions and late orders, closed windows plus corrections equal one pass over the orders.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStage1, DEFAULT_STREAM_SETTINGS, encodeCheckout, tumbling, type CheckoutEvent } from '../../../src/index';
import { createTrendMerger } from '../../../src/stream/stage2';
import type { ClosedWindow, Correction, Stage1Partial } from '../../../src/stream/index';
import { line, order } from '../../helpers/events';
import { foldOutputs, singlePass } from '../../helpers/single-pass';

const MIN = 60_000;
const T0 = 1_700_000_040_000;

/** One partition's orders: event times drift forward, with jitter that makes some of them late. */
const partitionOrders = fc.array(
  fc.record({ step: fc.integer({ min: 0, max: 40_000 }), jitter: fc.integer({ min: 0, max: 150_000 }), product: fc.integer({ min: 1, max: 6 }), lines: fc.integer({ min: 1, max: 3 }) }),
  { maxLength: 25 },
);

/** What stage 2 does next: deliver a partition's next partial, repeat an old one, hear a progress report, or close. */
const step = fc.record({
  kind: fc.constantFrom('next', 'next', 'next', 'repeat', 'progress', 'close'),
  partition: fc.nat(),
  pick: fc.nat(),
  idle: fc.boolean(),
});

const scenario = fc.record({
  partitions: fc.array(partitionOrders, { minLength: 1, maxLength: 4 }),
  cuts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
  steps: fc.array(step, { maxLength: 60 }),
  firstPartitionFirst: fc.boolean(),
  lateness: fc.constantFrom(0, 5_000, 30_000),
});

describe('stage 2 merge, property-based', () => {
  it('closed windows plus corrections always equal a single pass over every accepted order', () => {
    fc.assert(fc.property(scenario, ({ partitions, cuts, steps, firstPartitionFirst, lateness }) => {
      const settings = { ...DEFAULT_STREAM_SETTINGS, window: tumbling(MIN), allowedLatenessMs: lateness };
      const events: CheckoutEvent[] = [];
      // Stage 1 per partition, cut into partials at the generated sizes.
      const feeds = partitions.map((orders, partition) => {
        const stage1 = createStage1(settings);
        const partials: Stage1Partial[] = [];
        let t = T0;
        orders.forEach((o, i) => {
          t += o.step;
          const e = order(t - o.jitter, Array.from({ length: o.lines }, (_, k) => line(o.product + k, { quantity: 1 + k, department_id: 1 + ((o.product + k) % 3) })));
          events.push(e);
          stage1.accept('t', partition, i, encodeCheckout(e));
          if ((i + 1) % cuts[i % cuts.length]! === 0) partials.push(...stage1.drainAll());
        });
        partials.push(...stage1.drainAll());
        return { stage1, partials, sent: 0, offset: orders.length };
      });

      const merger = createTrendMerger(settings, { sourcePartitions: feeds.length });
      const closed: ClosedWindow[] = [];
      const corrections: Correction[] = [];
      const deliver = (feed: (typeof feeds)[number]): void => {
        const partial = feed.partials[feed.sent];
        if (!partial) return;
        feed.sent++;
        expect(merger.merge(partial)).toBe(true);
      };
      if (firstPartitionFirst) while (feeds[0]!.sent < feeds[0]!.partials.length) deliver(feeds[0]!);
      for (const s of steps) {
        const feed = feeds[s.partition % feeds.length]!;
        if (s.kind === 'next') deliver(feed);
        else if (s.kind === 'repeat' && feed.sent > 0) expect(merger.merge(feed.partials[s.pick % feed.sent]!)).toBe(false);
        else if (s.kind === 'progress') merger.merge(feed.stage1.progress(s.partition % feeds.length, feed.offset, s.idle));
        else closed.push(...merger.closeReady());
        corrections.push(...merger.takeCorrections());
      }
      for (const feed of feeds) while (feed.sent < feed.partials.length) deliver(feed);
      closed.push(...merger.closeAll());
      corrections.push(...merger.takeCorrections());

      expect(foldOutputs(closed, corrections)).toEqual(singlePass(events, MIN));
      expect(merger.state.totals.orders).toBe(events.length);
      // Every window closes once.
      expect(new Set(closed.map((c) => c.window.start)).size).toBe(closed.length);
    }), { numRuns: 300 });
  });
});
