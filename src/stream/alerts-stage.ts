// The trend detector in stage 2: the windows go through the detector in slices (alert-slices.ts)
// as the watermark passes them, its signals through the alert desk, and the alerts that
// changed to the live view. Pure and in-process; persistence, Kafka and webhooks subscribe
// to the desk's events (pipeline/alert-sink.ts). After a restart, warmUp has the detector
// learn the stored windows whole (the detector takes a window of any length).
import { countsFromWindow, type WindowCounts } from '../domain/trend/counts';
import { createTrendDetector, type TrendDetector } from '../domain/trend/detector';
import { rulesFor, type AlertSettings } from '../domain/trend/settings';
import type { Alert } from './alert-types';
import { createAlertDesk, type AlertDesk, type AlertEvent } from './alerts';
import type { StreamSettings } from './settings';
import type { WindowAgg } from '../domain/aggregates';
import { createWindowSlicer } from './alert-slices';
import type { ClosedWindow } from './stage2';

/** Where stage 2 stands: its open windows as merged so far, and its watermark. */
export interface StageProgress {
  openWindows: readonly WindowAgg[];
  watermark: number;
}

export interface AlertStage {
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

export interface AlertView {
  recordAlerts(alerts: readonly Alert[]): void;
}

export function createAlertStage(options: { stream: StreamSettings; alerts: AlertSettings; view?: AlertView }): AlertStage {
  const { stream, alerts, view } = options;
  const desk = createAlertDesk({ cooldownFor: (departmentId) => rulesFor(alerts, departmentId).cooldownMs, retentionMs: stream.retentionMs });
  // Hopping windows overlap: they are read whole and weighted, not sliced.
  const tumbling = stream.window.advanceMs === stream.window.sizeMs;
  const slicer = tumbling ? createWindowSlicer({ sliceMs: alerts.sliceMs }) : undefined;
  const detector = alerts.enabled
    ? createTrendDetector({ settings: alerts, topK: stream.topK, windowWeight: tumbling ? 1 : stream.window.advanceMs / stream.window.sizeMs })
    : undefined;
  let told = false;
  return {
    enabled: alerts.enabled,
    desk,
    detector,
    observe(closed, progress) {
      if (!detector) return [];
      const events: AlertEvent[] = [];
      const changed = new Map<string, Alert>();
      const slices: WindowCounts[] = [...closed].sort((a, b) => a.window.start - b.window.start)
        .map((c) => (slicer ? slicer.close(c.window) : countsFromWindow(c.window)));
      if (slicer && progress) slices.push(...slicer.progress(progress.openWindows, progress.watermark));
      for (const slice of slices) {
        events.push(...desk.apply(detector.evaluate(slice)));
        desk.changed.forEach((a) => changed.set(a.id, a));
      }
      // The first call tells the view the detector is on, so it drops its stop-gap rule.
      if (view && (changed.size > 0 || !told)) view.recordAlerts([...changed.values()]);
      told = true;
      return events;
    },
    acknowledge(id, at) {
      const event = desk.acknowledge(id, at);
      if (event) view?.recordAlerts([event.alert]);
      return event?.alert;
    },
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
      view?.recordAlerts(desk.list());
      told = true;
    },
  };
}
