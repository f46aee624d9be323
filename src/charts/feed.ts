// The newest orders as a small table, for reports and notebooks; the dashboard lists them as HTML.
import type { FeedOrder } from '../stream/index';
import { frame, type ChartOptions, type ChartSpec } from './base';

export interface FeedChartRow {
  row: number;
  /** Left edge of the cell, pixels. */
  x: number;
  text: string;
}

const COLUMNS: Array<[string, number]> = [['time', 0], ['order', 70], ['items', 150], ['revenue', 195], ['products', 265]];

export function feedData(orders: readonly FeedOrder[], limit = 10): FeedChartRow[] {
  return orders.slice(0, limit).flatMap((o, row) => {
    const cells = [
      new Date(o.eventTime).toISOString().slice(11, 19),
      `#${o.orderId}`,
      String(o.items),
      `$${o.revenue.toFixed(2)}`,
      o.lines.map((l) => l.name).join(', '),
    ];
    return cells.map((text, i) => ({ row, x: (COLUMNS[i] as [string, number])[1], text }));
  });
}

export function feedSpec(orders: readonly FeedOrder[], options: ChartOptions = {}): ChartSpec {
  const x = { field: 'x', type: 'quantitative' as const, scale: null, axis: null };
  return {
    ...frame(options, { width: 700, height: 220, title: 'Newest orders' }),
    layer: [
      {
        data: { values: COLUMNS.map(([text, left]) => ({ text, x: left })) },
        mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 11, fontWeight: 600, color: '#64748b', y: 0 },
        encoding: { x, text: { field: 'text' } },
      },
      {
        data: { name: 'feed', values: feedData(orders) },
        mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 11, color: '#1e293b', limit: 420 },
        encoding: { x, y: { field: 'row', type: 'quantitative', scale: { domain: [-1, 10], reverse: true }, axis: null }, text: { field: 'text' } },
      },
    ],
  };
}
