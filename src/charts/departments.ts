// Department revenue distribution: revenue, not order counts, with each department's share
// of the range's revenue. A department filter highlights its bar and fades the rest.
import { CHART_CONFIG, COLORS, frame, type ChartOptions, type ChartSpec } from './base';
import type { Delta, DepartmentShare } from '../stream/index';
import { deltaText, deltaTooltip, percent, shortMoney } from './format';

export interface DepartmentChartRow {
  departmentId: number;
  department: string;
  revenue: number;
  share: number;
  orders: number;
  selected: boolean;
  /** Revenue against the comparison period, when one is chosen and read. */
  deltaRevenue?: number;
  deltaPct?: number | null;
  /** The tooltip's text of the two above, or a dash. */
  vsComparison: string;
  /** "$12.3k · 14.2%", then "Δ +$1.1k (+9.8%)" under a comparison. */
  label: string;
}

export const departmentsData = (departments: readonly DepartmentShare[], deltas?: ReadonlyMap<number, Delta>): DepartmentChartRow[] =>
  departments.map((d) => {
    const delta = deltas?.get(d.departmentId);
    return {
      departmentId: d.departmentId, department: d.department, revenue: d.revenue, share: d.share, orders: d.orders, selected: d.selected,
      ...(delta ? { deltaRevenue: delta.abs, deltaPct: delta.pct } : {}),
      vsComparison: deltaTooltip(delta),
      label: [`${shortMoney(d.revenue)} · ${percent(d.share)}`, deltaText(delta)].filter(Boolean).join('  '),
    };
  });

export function departmentsSpec(departments: readonly DepartmentShare[], options: ChartOptions = {}): ChartSpec {
  return {
    ...frame(options, { width: 520, height: 360, title: 'Revenue by department' }),
    data: { name: 'departments', values: departmentsData(departments) },
    transform: [
      { joinaggregate: [{ op: 'max', field: 'revenue', as: 'maxRevenue' }] },
      { calculate: `datum.maxRevenue * (isValid(datum.deltaPct) || isValid(datum.deltaRevenue) ? 2.1 : 1.45)`, as: 'labelRoom' },
    ],
    encoding: {
      y: { field: 'department', type: 'nominal', title: null, sort: { field: 'revenue', order: 'descending' },
        axis: { labelLimit: 140, ticks: false, domain: false } },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 3, height: { band: 0.75 } },
        encoding: {
          x: { field: 'revenue', type: 'quantitative', title: 'revenue', axis: { format: '$~s', tickCount: 4 } },
          color: { condition: { test: 'datum.selected', value: COLORS.revenue }, value: COLORS.muted },
          tooltip: [
            { field: 'department' },
            { field: 'revenue', type: 'quantitative', format: '$,.2f' },
            { field: 'share', type: 'quantitative', format: '.1%', title: 'share of revenue' },
            { field: 'orders', type: 'quantitative', format: ',', title: 'orders with the department' },
            // A text, so that a chart without a comparison shows a dash, not NaN.
            { field: 'vsComparison', title: 'revenue vs comparison period' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10.5 },
        encoding: {
          x: { field: 'revenue', type: 'quantitative' },
          text: { field: 'label' },
          color: { condition: { test: 'datum.selected', value: '#334155' }, value: '#94a3b8' },
        },
      },
      { mark: { type: 'point', opacity: 0 }, encoding: { x: { field: 'labelRoom', type: 'quantitative' } } },
    ],
    config: { ...CHART_CONFIG, axisY: { labelColor: '#1e293b' } },
  };
}
