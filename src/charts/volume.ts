// Live volume: orders and revenue per second or per minute over the selected range, each
// on its own axis (they differ by two orders of magnitude).
import type { VolumeSeries } from '../stream/index';
import { COLORS, frame, type ChartOptions, type ChartSpec } from './base';

export interface VolumeChartRow {
  time: number;
  orders: number;
  revenue: number;
}

export const volumeData = (series: VolumeSeries): VolumeChartRow[] =>
  series.points.map((p) => ({ time: p.time, orders: p.orders, revenue: p.revenue }));

/**
 * The time axis: about one label per 70 px of width, so labels never run together, and a tick at
 * midnight shows the date ("Nov 24"), so a range that spans days says which.
 */
export function timeAxis(per: VolumeSeries['unit']) {
  const clock = per === 'second' ? '%H:%M:%S' : '%H:%M';
  return {
    tickCount: { expr: 'max(2, floor(width / 70))' },
    labelExpr: `hours(datum.value) == 0 && minutes(datum.value) == 0 && seconds(datum.value) == 0 ? timeFormat(datum.value, '%b %d') : timeFormat(datum.value, '${clock}')`,
    labelOverlap: true, labelSeparation: 6, labelFlush: true, grid: false,
  };
}

export function volumeSpec(series: VolumeSeries, options: ChartOptions = {}): ChartSpec {
  const per = series.unit;
  const timeFormat = per === 'second' ? '%H:%M:%S' : '%b %d %H:%M';
  return {
    ...frame(options, { width: 640, height: 220, title: `Orders and revenue per ${per}` }),
    data: { name: 'volume', values: volumeData(series) },
    encoding: {
      x: { field: 'time', type: 'temporal', title: null, axis: timeAxis(per) },
    },
    layer: [
      {
        mark: { type: 'area', color: COLORS.revenue, opacity: 0.16, interpolate: 'monotone', line: { color: COLORS.revenue, strokeWidth: 1.5 } },
        encoding: {
          y: { field: 'revenue', type: 'quantitative', title: `revenue / ${per}`,
            axis: { orient: 'right', format: '$~s', titleColor: COLORS.revenue, grid: false } },
        },
      },
      {
        mark: { type: 'line', color: COLORS.orders, strokeWidth: 2, interpolate: 'monotone' },
        encoding: {
          y: { field: 'orders', type: 'quantitative', title: `orders / ${per}`, axis: { format: '~s', titleColor: COLORS.orders } },
        },
      },
      {
        // An invisible rule that follows the pointer carries the tooltip for both series.
        mark: { type: 'rule', color: '#94a3b8' },
        params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', nearest: true, clear: 'pointerout', fields: ['time'] } }],
        encoding: {
          opacity: { condition: { param: 'hover', empty: false, value: 0.6 }, value: 0 },
          tooltip: [
            { field: 'time', type: 'temporal', title: 'from', format: timeFormat },
            { field: 'orders', type: 'quantitative', title: `orders / ${per}`, format: ',.1f' },
            { field: 'revenue', type: 'quantitative', title: `revenue / ${per}`, format: '$,.2f' },
          ],
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}
