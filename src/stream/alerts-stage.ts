// The alerts of stage 2, in one store: the desk (alerts.ts). With `--alerts on` the windows go
// through the trend detector in slices (alert-slices.ts) as the watermark passes them, and its
// signals through the desk; with `--alerts simple` the stop-gap rule (alert-simple-rule.ts)
// writes to the same desk; with `--alerts off` the desk stays empty. The live view, the API
// and the reports read the desk (list, source, revision), and an acknowledgement is made on it
// once. Pure and in-process; persistence, Kafka and webhooks subscribe to the desk's events
// (pipeline/alert-sink.ts). After a restart, warmUp has the detector learn the stored windows
// whole (the detector takes a window of any length).
import {
  countsFromWindow, type WindowCounts, createTrendDetector, type TrendDetector, rulesFor, type AlertSettings,
} from '../domain/trend/index';
import type { Alert, AlertSource } from './alert-types';
import { createAlertDesk, type AlertDesk, type AlertEvent } from './alerts';
import { applySimpleRule } from './alert-simple-rule';
import type { RetainedWindow } from './live-retained';
import type { StreamSettings } from './settings';
import type { WindowAgg } from '../domain/index';
import { createWindowSlicer } from './alert-slices';
import type { ClosedWindow } from './stage2';

/** Where stage 2 stands: its open windows as merged so far, and its watermark. */
export interface StageProgress {
  openWindows: readonly WindowAgg[];
  watermark: number;
}

/** What the live view and the API read of the alerts: never a copy. */
export interface AlertReader {
  readonly source: AlertSource;
  /** Ongoing first, then gravest, then newest. */
  list(): Alert[];
  /** Increases whenever an alert changes. */
  readonly revision: number;
}

export interface AlertStage extends AlertReader {
  readonly enabled: boolean;
  readonly desk: AlertDesk;
  /** Undefined when alerts are off. */
  readonly detector: TrendDetector | undefined;
  /**
   * Runs the detector over windows that just closed and, given stage 2's progress, over the
   * slices of its open windows that the watermark has passed; oldest first.
   */
  observe(closed: readonly ClosedWindow[], progress?: StageProgress): AlertEvent[];
  /** A person acknowledged an alert; `at` is their clock's time. */
  acknowledge(id: string, at: number): Alert | undefined;
  /**
   * After a restart: the detector learns the windows already written (oldest first) and the
   * desk takes up the alerts and acknowledgements they imply, telling no sink again.
   */
  warmUp(windows: readonly WindowCounts[], acknowledged: ReadonlyArray<{ id: string; at: number }>): void;
}

export interface AlertStageOptions {
  stream: StreamSettings;
  alerts: AlertSettings;
  /**
   * For the stop-gap rule: the closed window before the one starting at `start`, as the read
   * model keeps it (the rule keeps no window of its own).
   */
  closedBefore?: (start: number) => RetainedWindow | undefined;
}

export function createAlertStage(options: AlertStageOptions): AlertStage {
  const { stream, alerts, closedBefore } = options;
  const desk = createAlertDesk({ cooldownFor: (departmentId) => rulesFor(alerts, departmentId).cooldownMs, retentionMs: stream.retentionMs });
  // Hopping windows overlap: they are read whole and weighted, not sliced.
  const tumbling = stream.window.advanceMs === stream.window.sizeMs;
  const slicer = tumbling ? createWindowSlicer({ sliceMs: alerts.sliceMs }) : undefined;
  const detector = alerts.enabled
    ? createTrendDetector({ settings: alerts, topK: stream.topK, windowWeight: tumbling ? 1 : stream.window.advanceMs / stream.window.sizeMs })
    : undefined;
  const source: AlertSource = detector ? 'trend-detector' : alerts.simpleRule ? 'simple-rule' : 'off';
  const simpleRule = (closed: readonly ClosedWindow[]): void => {
    for (const c of closed) {
      const before = closedBefore?.(c.window.start);
      if (before) applySimpleRule(desk, c, before);
    }
  };
  return {
    enabled: alerts.enabled,
    source,
    desk,
    detector,
    list: () => desk.list(),
    get revision() {
      return desk.revision;
    },
    observe(closed, progress) {
      if (source === 'simple-rule') simpleRule(closed);
      if (!detector) return [];
      const events: AlertEvent[] = [];
      const slices: WindowCounts[] = [...closed].sort((a, b) => a.window.start - b.window.start)
        .map((c) => (slicer ? slicer.close(c.window) : countsFromWindow(c.window)));
      if (slicer && progress) slices.push(...slicer.progress(progress.openWindows, progress.watermark));
      for (const slice of slices) events.push(...desk.apply(detector.evaluate(slice)));
      return events;
    },
    acknowledge: (id, at) => desk.acknowledge(id, at)?.alert,
    warmUp(windows, acknowledged) {
      if (!detector) return;
      desk.silently(() => {
        for (const w of windows) desk.apply(detector.evaluate(w));
        // An episode learned again may start a window apart from the first run's: the same subject
        // and direction, still open, is the alert that was acknowledged.
        const subject = (id: string): string => id.slice(0, id.lastIndexOf('-'));
        for (const { id, at } of acknowledged) {
          const same = desk.get(id) ?? desk.list().find((a) => a.resolvedAt === null && subject(a.id) === subject(id));
          if (same) desk.acknowledge(same.id, at);
        }
      });
    },
  };
}
