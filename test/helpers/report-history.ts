// Closed windows of a small, seeded synthetic history, for report tests: the real topology
// (stage 1 → stage 2 through the test driver) over two hours of event time.
import { createSyntheticSource, createTopologyDriver, tumbling, type LiveView, type Scenario } from '../../src/index';
import type { ClosedWindow } from '../../src/stream/index';
import type { TopologyDriver } from '../../src/stream/driver';

export const HISTORY_START = Date.UTC(2026, 10, 24, 6, 0, 0);
export const HOUR = 3_600_000;

export interface HistoryOptions {
  hours?: number;
  ordersPerSecond?: number;
  windowMs?: number;
  scenarios?: Scenario[];
  seed?: number;
  /** The live view's retention (default: the stream's). */
  retentionMs?: number;
}

const made = new Map<string, TopologyDriver>();

/** The driver that ran the history (memoised per options), for tests that need its clock or closed windows. */
export function historyDriver(options: HistoryOptions): TopologyDriver {
  const key = JSON.stringify(options);
  let driver = made.get(key);
  if (!driver) made.set(key, (driver = makeHistory(options)));
  return driver;
}

/** Memoised per options within a test file: the windows are read-only to the report code. */
export const closedHistory = (options: HistoryOptions = {}): ClosedWindow[] => historyDriver(options).closed;

/** The live view that saw the same history, as the server holds it. */
export const historyView = (options: HistoryOptions = {}): LiveView => historyDriver(options).stage2.view;

function makeHistory(options: HistoryOptions): TopologyDriver {
  const { hours = 2, ordersPerSecond = 0.6, windowMs = 300_000, scenarios = [], seed = 7, retentionMs } = options;
  const source = createSyntheticSource({
    seed, startTime: HISTORY_START, ordersPerSecond, endTime: HISTORY_START + hours * HOUR, seasonality: false, scenarios,
  });
  const driver = createTopologyDriver({ settings: { window: tumbling(windowMs), allowedLatenessMs: 0, ...(retentionMs ? { retentionMs } : {}) }, start: HISTORY_START });
  // Partials go to stage 2 as each window ends, as they would live, so the live view sees windows close one by one.
  let boundary = HISTORY_START + windowMs;
  for (const event of source.generate()) {
    if (event.event_time >= boundary) {
      driver.punctuate();
      boundary += windowMs;
    }
    driver.pipe(event);
  }
  driver.finish();
  return driver;
}
