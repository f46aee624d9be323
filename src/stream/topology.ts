// The topology in one place: stage-1 aggregators per partition feed the stage-2 merger,
// which feeds the live view. The runtime (pipeline/) and the test driver both drive it.
import { decodeCheckout, type CheckoutEvent } from '../domain/index';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../domain/trend/index';
import { createAlertStage, type AlertStage } from './alerts-stage';
import { createFeedSampler, type FeedOrder } from './live-feed';
import { createLiveView, type LiveView } from './live-view';
import { isProgressOnly, type Stage1Partial } from './partial';
import type { StreamSettings } from './settings';
import { createPartitionAggregator, type Arrival, type PartitionAggregator } from './stage1';
import { createTrendMerger, type ClosedWindow, type Correction, type MergerOptions, type TrendMerger } from './stage2';

/** Where a record came from, for messages: topic[partition]@offset. */
export const recordWhere = (topic: string, partition: number, offset: number): string => `${topic}[${partition}]@${offset}`;

export type Decision = { arrival: Arrival; event: CheckoutEvent } | { arrival: 'rejected'; reason: string };

/** Stage 1 for the partitions one worker owns. */
export interface Stage1 {
  /** Decodes and counts one message; a message that cannot be read is noted as rejected. */
  accept(topic: string, partition: number, offset: number, value: Uint8Array | string): Decision;
  drainAll(): Stage1Partial[];
  /** A sample of the newest on-time orders since the last call, for the dashboard's feed (live-feed.ts). */
  drainFeed(): FeedOrder[];
  /** A progress report for a partition with nothing to drain (see Stage1Partial). */
  progress(partition: number, nextOffset: number, idle: boolean): Stage1Partial;
  drop(partition: number): void;
}

export function createStage1(settings: StreamSettings): Stage1 {
  const aggregators = new Map<number, PartitionAggregator>();
  const aggregator = (partition: number): PartitionAggregator => {
    let agg = aggregators.get(partition);
    if (!agg) aggregators.set(partition, (agg = createPartitionAggregator(partition, settings)));
    return agg;
  };
  const feed = createFeedSampler();
  return {
    accept(topic, partition, offset, value) {
      const decoded = decodeCheckout(value);
      if (!decoded.ok) {
        aggregator(partition).reject(offset, recordWhere(topic, partition, offset), decoded.reason);
        return { arrival: 'rejected', reason: decoded.reason };
      }
      const arrival = aggregator(partition).add(offset, decoded.event);
      if (arrival === 'on-time') feed.add(decoded.event);
      return { arrival, event: decoded.event };
    },
    drainFeed: () => feed.drain(),
    drainAll: () => [...aggregators.values()].map((a) => a.drain()).filter((p): p is Stage1Partial => p !== undefined),
    progress: (partition, nextOffset, idle) => aggregator(partition).progress(nextOffset, idle),
    drop(partition) {
      aggregators.delete(partition);
    },
  };
}

/** Stage 2 with its live view. */
export interface Stage2 {
  merger: TrendMerger;
  view: LiveView;
  /** The trend detector and its alerts, fed every closed window and the slices of open ones the watermark passed. */
  alerts: AlertStage;
  /**
   * Merges partials (read at these offsets of the partials topic, when there is one) and
   * returns the windows that closed as a result.
   */
  ingest(partials: readonly Stage1Partial[], wallNow: number, offsets?: readonly number[]): ClosedWindow[];
  /** Corrections to windows already closed, since the last call (see stage2.ts). */
  takeCorrections(): Correction[];
  finish(): ClosedWindow[];
}

export function createStage2(settings: StreamSettings, alertSettings: AlertSettings = DEFAULT_ALERT_SETTINGS, mergerOptions: MergerOptions = {}): Stage2 {
  const merger = createTrendMerger(settings, mergerOptions);
  let corrections: Correction[] = [];
  // The desk owns the alerts and the view reads them; the stop-gap rule reads its previous window from the view.
  const alerts = createAlertStage({ stream: settings, alerts: alertSettings, closedBefore: (start) => view.closedBefore(start) });
  const view = createLiveView(settings, alerts);
  const { detector } = alerts;
  if (detector) view.useTrendReadings((productId) => detector.reading('product', productId), alertSettings.minSupport);
  return {
    merger,
    view,
    alerts,
    ingest(partials, wallNow, offsets) {
      const markBefore = merger.watermark();
      partials.forEach((p, i) => merger.merge(p, offsets?.[i]));
      const closed = merger.closeReady();
      const late = merger.takeCorrections();
      corrections.push(...late);
      // Progress reports that move nothing leave the view (and every client) alone.
      const changed = partials.some((p) => !isProgressOnly(p)) || closed.length > 0 || merger.watermark() !== markBefore;
      if (!changed) return closed;
      const watermark = merger.watermark();
      view.recordMerge(merger.state, wallNow, watermark);
      view.recordClosed(closed);
      alerts.observe(closed, { openWindows: merger.state.openWindows, watermark });
      return closed;
    },
    takeCorrections() {
      const taken = corrections;
      corrections = [];
      return taken;
    },
    finish() {
      const closed = merger.closeAll();
      view.recordClosed(closed);
      alerts.observe(closed);
      return closed;
    },
  };
}
