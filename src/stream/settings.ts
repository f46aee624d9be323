// Settings of the stream topology, in one strict shape.
import { tumbling, type WindowSpec } from '../domain/index';

export interface StreamSettings {
  /** The aggregation window of by_product, by_department and by_hour. */
  window: WindowSpec;
  /** How far behind the newest event a record may arrive and still count in its window. */
  allowedLatenessMs: number;
  /** Bucket of the live volume series and rolling stats. */
  tickMs: number;
  /** Products kept in each window's top lists. */
  topK: number;
  /** A partition silent this long (wall clock) stops holding the watermark back. */
  idleTimeoutMs: number;
  /**
   * How far back the live views reach (the 24h and all ranges, the volume series, resolved
   * alerts): closed windows are kept this long as sums, hour blocks with their products.
   */
  retentionMs: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  window: tumbling(60_000),
  allowedLatenessMs: 10_000,
  tickMs: 1_000,
  topK: 20,
  idleTimeoutMs: 10_000,
  retentionMs: 24 * 3_600_000,
};
