// In-process throughput of the pure core: synthetic orders through stage 1 and stage 2 with
// the test driver. The ceiling for any transport: `npm run bench -- pipeline [orders]`.
import { createSyntheticSource, createTopologyDriver, encodeCheckout } from '../src/index';
import type { Benchmark } from './_runner';

export const run: Benchmark = async (args) => {
  const orders = Number(args[0] ?? 100_000);
  const source = createSyntheticSource({ seed: 1, startTime: Date.UTC(2026, 10, 24), ordersPerSecond: 500, maxOrders: orders, seasonality: false });
  const generateStart = performance.now();
  const events = [...source.generate()];
  const generateMs = performance.now() - generateStart;
  const lines = events.reduce((n, e) => n + e.lines.length, 0);
  const encodeStart = performance.now();
  const messages = events.map((e) => [String(e.order_id), encodeCheckout(e)] as const);
  const encodeMs = performance.now() - encodeStart;
  const driver = createTopologyDriver({ partitions: 4 });
  const streamStart = performance.now();
  messages.forEach(([key, value], i) => {
    driver.pipeBytes(key, value);
    if (i % 5_000 === 4_999) driver.advance(250);
  });
  driver.finish();
  const streamMs = performance.now() - streamStart;
  const perSecond = (n: number, ms: number) => Math.round((n * 1000) / ms);
  const figures = {
    orders, lines,
    generateLinesPerSecond: perSecond(lines, generateMs),
    encodeLinesPerSecond: perSecond(lines, encodeMs),
    streamLinesPerSecond: perSecond(lines, streamMs),
    windowsClosed: driver.closed.length,
  };
  return {
    figures,
    lines: [
      `orders ${orders}, lines ${lines}`,
      `generate: ${figures.generateLinesPerSecond} lines/s`,
      `encode:   ${figures.encodeLinesPerSecond} lines/s`,
      `decode + stage 1 + stage 2: ${figures.streamLinesPerSecond} lines/s (${figures.windowsClosed} windows)`,
    ],
  };
};
