// Transactions by hour of day (bars) with revenue overlaid on a second axis (line).
import type { HourVolume } from '../stream/index';
import { COLORS, frame, type ChartOptions, type ChartSpec } from './base';

export interface HourChartRow {
  hourOfDay: number;
  /** "07h" */
  hour: string;
  orders: number;
  revenue: number;
}

export const hourlyData = (hours: readonly HourVolume[]): HourChartRow[] =>
  hours.map((h) => ({ hourOfDay: h.hourOfDay, hour: `${String(h.hourOfDay).padStart(2, '0')}h`, orders: h.orders, revenue: h.revenue }));

export function hourlySpec(hours: readonly HourVolume[], options: ChartOptions & { subtitle?: string } = {}): ChartSpec {
  const base = frame(options, { width: 520, height: 220, title: 'Transactions by hour of day' });
  return {
    ...base,
    ...(options.subtitle && base.title ? { title: { text: base.title, subtitle: options.subtitle } } : {}),
    data: { name: 'hourly', values: hourlyData(hours) },
    encoding: {
      x: { field: 'hourOfDay', type: 'ordinal', title: 'hour of day', scale: { domain: Array.from({ length: 24 }, (_, h) => h) },
        axis: { labelAngle: 0, labelOverlap: true } },
      tooltip: [
        { field: 'hour', title: 'hour' },
        { field: 'orders', type: 'quantitative', format: ',', title: 'transactions' },
        { field: 'revenue', type: 'quantitative', format: '$,.2f' },
      ],
    },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.orders, opacity: 0.8, cornerRadiusTopLeft: 2, cornerRadiusTopRight: 2 },
        encoding: { y: { field: 'orders', type: 'quantitative', title: 'transactions', axis: { format: '~s', titleColor: COLORS.orders } } },
      },
      {
        // Hours without orders have no revenue to draw; a line down to zero would only be noise.
        transform: [{ filter: 'datum.orders > 0' }],
        mark: { type: 'line', color: COLORS.revenue, strokeWidth: 2, point: { filled: true, size: 36, color: COLORS.revenue } },
        encoding: { y: { field: 'revenue', type: 'quantitative', title: 'revenue', axis: { orient: 'right', format: '$~s', titleColor: COLORS.revenue, grid: false } } },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}
