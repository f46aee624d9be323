import { describe, expect, it } from 'vitest';
import { createStage1, createSyntheticSource, DEFAULT_STREAM_SETTINGS, encodeCheckout, encodeFeed } from '../../../src/index';
import { decodeFeed } from '../../../src/stream/index';
import { FEED_SAMPLE_PER_MESSAGE } from '../../../src/stream/live-feed';

const events = (n: number) =>
  [...createSyntheticSource({ seed: 9, startTime: Date.UTC(2026, 10, 24, 9), ordersPerSecond: 20, maxOrders: n, seasonality: false }).generate()];

describe('the feed of recent orders, apart from the partials', () => {
  it('samples the newest on-time orders across partitions, and never a late one', () => {
    const stage1 = createStage1(DEFAULT_STREAM_SETTINGS);
    const sent = events(50);
    sent.forEach((e, i) => stage1.accept('t', i % 4, i, encodeCheckout(e)));
    stage1.accept('t', 0, 99, encodeCheckout({ ...sent[0]!, order_id: 999_999, event_id: 'late', event_time: sent[0]!.event_time - 3_600_000 })); // an hour behind: late
    const feed = stage1.drainFeed();
    expect(feed.map((o) => o.orderId)).toEqual(expect.arrayContaining(sent.slice(-FEED_SAMPLE_PER_MESSAGE).map((e) => e.order_id)));
    expect(feed).toHaveLength(FEED_SAMPLE_PER_MESSAGE);
    expect(stage1.drainFeed()).toEqual([]);
    // The partials no longer carry it.
    expect(stage1.drainAll().every((p) => !('recentOrders' in p))).toBe(true);
  });

  it('round-trips through its message and names where a bad one was', () => {
    const stage1 = createStage1(DEFAULT_STREAM_SETTINGS);
    events(5).forEach((e, i) => stage1.accept('t', 0, i, encodeCheckout(e)));
    const feed = stage1.drainFeed();
    expect(decodeFeed(encodeFeed(feed), 't.feed[0]@1')).toEqual(feed);
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(() => decodeFeed(bytes('not json'), 't.feed[0]@5')).toThrow(/feed message at t\.feed\[0\]@5: it is not JSON/);
    expect(() => decodeFeed(bytes('{"v":2,"orders":[]}'), 't.feed[0]@6')).toThrow(/@6: its version is 2; this release reads version 1/);
    expect(() => decodeFeed(bytes('{"v":1}'), 't.feed[0]@7')).toThrow(/@7: it has no list of orders/);
  });
});
