// The KPI tiles as a chart, for reports and notebooks; the dashboard draws them as HTML.
import { frame, type ChartOptions, type ChartSpec } from './base';
import { shortMoney } from './format';

export interface KpiValues {
  orders: number;
  items: number;
  revenue: number;
  avgBasketValue: number;
  ordersPerSecond: number;
  activeProducts: number;
  /** Age of the newest event, ms; null before any. */
  freshnessMs: number | null;
}

export interface KpiChartRow {
  key: keyof KpiValues;
  label: string;
  value: string;
  order: number;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

export function kpisData(k: KpiValues): KpiChartRow[] {
  const rows: Array<[keyof KpiValues, string, string]> = [
    ['orders', 'orders', count(k.orders)],
    ['items', 'items', count(k.items)],
    ['revenue', 'revenue', shortMoney(k.revenue)],
    ['avgBasketValue', 'avg basket', `$${k.avgBasketValue.toFixed(2)}`],
    ['ordersPerSecond', 'events / s', count(k.ordersPerSecond)],
    ['activeProducts', 'active products', count(k.activeProducts)],
    ['freshnessMs', 'data age', k.freshnessMs === null ? '–' : `${(k.freshnessMs / 1000).toFixed(1)} s`],
  ];
  return rows.map(([key, label, value], order) => ({ key, label, value, order }));
}

export function kpisSpec(k: KpiValues, options: ChartOptions = {}): ChartSpec {
  return {
    ...frame(options, { width: 700, height: 56, title: '' }),
    data: { name: 'kpis', values: kpisData(k) },
    encoding: { x: { field: 'label', type: 'ordinal', sort: { field: 'order' }, axis: null } },
    layer: [
      { mark: { type: 'text', fontSize: 20, fontWeight: 700, color: '#1e293b', baseline: 'bottom', y: 34 }, encoding: { text: { field: 'value' } } },
      { mark: { type: 'text', fontSize: 11, color: '#64748b', baseline: 'top', y: 40 }, encoding: { text: { field: 'label' } } },
    ],
  };
}
