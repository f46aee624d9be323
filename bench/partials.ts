// Bytes on the partials topic per order, and on the feed topic per second, at the stage-1
// worker's hand-over every 250 ms. `npm run bench -- partials [orders]`: synthetic orders on 4
// partitions, at three rates of orders per second (the size per order falls as a hand-over
// carries more orders, since products repeat within a window).
import {
  createStage1, createSyntheticSource, DEFAULT_STREAM_SETTINGS, encodeCheckout, encodeFeed, encodePartial, PARTIAL_VERSION,
} from '../src/index';
import type { Benchmark } from './_runner';

const PARTITIONS = 4;
const EMITS_PER_SECOND = 4;

export const run: Benchmark = async (args) => {
  const orders = Number(args[0] ?? 40_000);
  if (!Number.isInteger(orders) || orders < 1_000) throw new Error(`orders: expected a whole number of at least 1000, got ${args[0]}`);
  const rows = [200, 2_000, 20_000].map((rate) => {
    const events = [...createSyntheticSource({ seed: 5, startTime: Date.UTC(2026, 10, 24, 9), ordersPerSecond: rate, maxOrders: orders, seasonality: false }).generate()];
    const stage1 = createStage1(DEFAULT_STREAM_SETTINGS);
    const perEmit = Math.max(1, Math.round(rate / EMITS_PER_SECOND));
    let partialBytes = 0;
    let partials = 0;
    let feedBytes = 0;
    let emits = 0;
    const emit = (): void => {
      for (const p of stage1.drainAll()) {
        partials += 1;
        partialBytes += encodePartial(p).length;
      }
      // The worker sends the feed once a second (stage1-worker.ts).
      if (emits++ % EMITS_PER_SECOND === 0) feedBytes += encodeFeed(stage1.drainFeed()).length;
    };
    events.forEach((e, i) => {
      stage1.accept('bench', i % PARTITIONS, i, encodeCheckout(e));
      if ((i + 1) % perEmit === 0) emit();
    });
    emit();
    const seconds = emits / EMITS_PER_SECOND;
    return { ordersPerSecond: rate, partials, partialBytesPerOrder: Math.round(partialBytes / orders), feedBytesPerSecond: Math.round(feedBytes / seconds) };
  });
  return {
    figures: { orders, partitions: PARTITIONS, partialVersion: PARTIAL_VERSION, rows },
    lines: [
      `partial format version ${PARTIAL_VERSION}, ${orders} orders on ${PARTITIONS} partitions, a hand-over every ${1000 / EMITS_PER_SECOND} ms:`,
      ...rows.map((r) => `  ${r.ordersPerSecond} orders/s: ${r.partialBytesPerOrder} partial bytes per order (${r.partials} partials); feed ${r.feedBytesPerSecond} bytes/s`),
    ],
  };
};
