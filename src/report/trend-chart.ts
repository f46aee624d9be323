// One subject's counts per window against the trend detector's baseline, with the period a
// change was injected and the moments alerts were raised: how a surge looks to the detector.
import { COLORS, frame, type ChartOptions, type ChartSpec } from '../charts/index';

export interface BaselinePoint {
  /** Window start, epoch ms. */
  time: number;
  actual: number;
  /** What the detector expected in the window; null before it has learned. */
  baseline: number | null;
}

export interface BaselineChartInput {
  subject: string;
  points: readonly BaselinePoint[];
  /** The injected change, when known (ground truth). */
  injected?: { from: number; to: number; label: string };
  /** Alert events to mark, e.g. "raised" and "resolved". */
  events?: ReadonlyArray<{ at: number; label: string }>;
}

export function baselineVsActualSpec(input: BaselineChartInput, options: ChartOptions = {}): ChartSpec {
  const series = input.points.flatMap((p) => [
    { time: p.time, series: 'actual', value: p.actual },
    ...(p.baseline === null ? [] : [{ time: p.time, series: 'baseline', value: p.baseline }]),
  ]);
  const x = { field: 'time', type: 'temporal' as const, title: null, axis: { format: '%H:%M' } };
  return {
    ...frame(options, { width: 640, height: 240, title: `${input.subject}: orders per window against the detector's baseline` }),
    layer: [
      ...(input.injected ? [{
        data: { values: [input.injected] },
        mark: { type: 'rect' as const, color: COLORS.muted, opacity: 0.35 },
        encoding: { x: { field: 'from', type: 'temporal' as const }, x2: { field: 'to' }, tooltip: [{ field: 'label' }] },
      }] : []),
      {
        data: { values: series },
        mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth: 2 },
        encoding: {
          x, y: { field: 'value', type: 'quantitative' as const, title: 'orders with the product' },
          color: { field: 'series', type: 'nominal' as const, title: null, scale: { domain: ['actual', 'baseline'], range: [COLORS.orders, COLORS.revenue] } },
          strokeDash: { field: 'series', type: 'nominal' as const, scale: { domain: ['actual', 'baseline'], range: [[1, 0], [5, 3]] }, legend: null },
        },
      },
      ...(input.events && input.events.length > 0 ? [{
        data: { values: input.events.map((e) => ({ ...e })) },
        mark: { type: 'rule' as const, color: COLORS.critical, strokeWidth: 1.5 },
        encoding: { x: { field: 'at', type: 'temporal' as const }, tooltip: [{ field: 'label' }] },
      }, {
        data: { values: input.events.map((e) => ({ ...e })) },
        mark: { type: 'text' as const, align: 'left' as const, dx: 3, dy: -6, color: COLORS.critical, fontSize: 11 },
        encoding: { x: { field: 'at', type: 'temporal' as const }, y: { value: 0 }, text: { field: 'label' } },
      }] : []),
    ],
  } as ChartSpec;
}
