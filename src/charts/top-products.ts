// Top products of the range by revenue. Each bar carries its trend: an arrow and the % change
// of revenue per minute in the newer half against what the product's share of the older half
// expects at the store's newer volume (domain/trend/arrows.ts), and its rank change since then.
import { TREND_RULE_TEXT } from '../domain/trend/index';
import { CHART_CONFIG, COLORS, frame, TREND_SCALE, type ChartOptions, type ChartSpec } from './base';
import type { Delta, TrendingProduct } from '../stream/index';
import { deltaText, deltaTooltip, rankChangeText, shortMoney, trendText } from './format';

export interface TopProductChartRow {
  rank: number;
  productId: number;
  product: string;
  department: string;
  revenue: number;
  units: number;
  share: number;
  trend: TrendingProduct['trend'];
  changePct: number | null;
  rankChange: number | null;
  /** Revenue against the comparison period, when one is chosen and read. */
  deltaRevenue?: number;
  deltaPct?: number | null;
  /** The tooltip's text of the two above, or a dash. */
  vsComparison: string;
  /** "$1.2k  ▲ 23%  ↑2", then "Δ +$120 (+11.0%)" under a comparison. */
  label: string;
}

export function topProductsData(products: readonly TrendingProduct[], deltas?: ReadonlyMap<number, Delta>): TopProductChartRow[] {
  return products.map((p) => {
    const delta = deltas?.get(p.productId);
    return {
      rank: p.rank, productId: p.productId, product: `${p.rank}. ${p.name}`, department: p.department,
      revenue: p.revenue, units: p.units, share: p.share, trend: p.trend, changePct: p.changePct, rankChange: p.rankChange,
      ...(delta ? { deltaRevenue: delta.abs, deltaPct: delta.pct } : {}),
      vsComparison: deltaTooltip(delta),
      label: [shortMoney(p.revenue), trendText(p.trend, p.changePct), rankChangeText(p.rankChange), deltaText(delta)].filter(Boolean).join('  '),
    };
  });
}

/** Bars: a flat or unknown trend is drawn in the plain bar colour, not greyed out. */
const TREND_BAR_SCALE = { domain: TREND_SCALE.domain, range: [COLORS.up, COLORS.down, COLORS.bar, COLORS.new, COLORS.bar, COLORS.bar] };

export function topProductsSpec(products: readonly TrendingProduct[], options: ChartOptions = {}): ChartSpec {
  // On a narrow page (a phone), names take at most ~35% of the width and are cut with "…".
  const y = { field: 'product', type: 'nominal' as const, title: null, sort: { field: 'rank', op: 'min' as const, order: 'ascending' as const },
    axis: { labelLimit: { expr: 'clamp(containerSize()[0] * 0.35, 90, 210)' }, labelFontSize: 11.5, ticks: false, domain: false } };
  const framed = frame(options, { width: 520, height: 300, title: 'Top products by revenue' });
  return {
    ...framed,
    // The arrows' rule, under the title, wherever the chart is drawn with one (the dashboard says it in the panel's note).
    ...(framed.title ? { title: { text: framed.title, subtitle: TREND_RULE_TEXT } } : {}),
    data: { name: 'topProducts', values: topProductsData(products) },
    // Room right of the longest bar for the longest label (up to 8 px a character, bold 11.5 px,
    // "$" and digits included; "· too little data" is long): the x scale also spans this
    // invisible point. At 7 px, with 12 px to spare, a "$25k" was cut at 420 px once.
    transform: [
      { calculate: 'length(datum.label)', as: 'labelChars' },
      { joinaggregate: [{ op: 'max', field: 'revenue', as: 'maxRevenue' }, { op: 'max', field: 'labelChars', as: 'maxLabelChars' }] },
      { calculate: 'datum.maxRevenue * max(1.6, width / max(60, width - 20 - 8 * datum.maxLabelChars))', as: 'labelRoom' },
    ],
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 3, height: { band: 0.72 } },
        encoding: {
          // labelFlush: the last tick's label ends at the scale's end instead of centred on it, past the chart's edge.
          x: { field: 'revenue', type: 'quantitative', title: 'revenue', axis: { format: '$~s', grid: true, tickCount: 4, labelFlush: true } },
          color: { field: 'trend', type: 'nominal', scale: TREND_BAR_SCALE, legend: null },
          opacity: { value: 0.85 },
          tooltip: [
            { field: 'product', title: 'product' },
            { field: 'department', title: 'department' },
            { field: 'revenue', type: 'quantitative', format: '$,.2f' },
            { field: 'units', type: 'quantitative', format: ',' },
            { field: 'share', type: 'quantitative', format: '.1%', title: 'share of revenue' },
            { field: 'changePct', type: 'quantitative', format: '+.1f', title: '% change vs expected (older share × newer volume)' },
            { field: 'rankChange', type: 'quantitative', format: '+d', title: 'rank change' },
            // A text, so that a chart without a comparison shows a dash, not NaN.
            { field: 'vsComparison', title: 'revenue vs comparison period' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 11.5, fontWeight: 600 },
        encoding: {
          x: { field: 'revenue', type: 'quantitative' },
          text: { field: 'label' },
          color: { field: 'trend', type: 'nominal', scale: TREND_SCALE, legend: null },
        },
      },
      { mark: { type: 'point', opacity: 0 }, encoding: { x: { field: 'labelRoom', type: 'quantitative' } } },
    ],
    resolve: { scale: { color: 'independent' } },
    config: { ...CHART_CONFIG, axisY: { labelColor: '#1e293b' } },
  };
}
