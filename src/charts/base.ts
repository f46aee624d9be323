// What every chart of the workbench shares: the spec type, sizing, colours and axis style,
// so the dashboard, the reports and the notebooks draw the same pictures.
import type { TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

export interface ChartOptions {
  /** Pixels, or 'container' to fill the width of the element it is embedded in. */
  width?: number | 'container';
  height?: number;
  /** A title above the chart; the dashboard titles its panels itself. */
  title?: string | null;
}

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const COLORS = {
  orders: '#3b6fb6',
  revenue: '#e8772e',
  up: '#2f9e58',
  down: '#d64545',
  flat: '#8a94a6',
  new: '#8e5bd0',
  none: '#64748b',
  bar: '#6b8fc9',
  muted: '#cbd5e1',
  critical: '#c62828',
  warning: '#ef8f00',
  info: '#3b6fb6',
} as const;

export const TREND_SCALE = {
  domain: ['up', 'down', 'flat', 'new', 'none', 'too-little-data'],
  range: [COLORS.up, COLORS.down, COLORS.flat, COLORS.new, COLORS.none, COLORS.none],
};

export const SEVERITY_SCALE = {
  domain: ['critical', 'warning', 'info'],
  range: [COLORS.critical, COLORS.warning, COLORS.info],
};

export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
  view: { stroke: null },
  axis: {
    labelColor: '#475569', titleColor: '#475569', labelFontSize: 11, titleFontSize: 11, titleFontWeight: 500,
    gridColor: '#e8edf3', domainColor: '#cbd5e1', tickColor: '#cbd5e1',
  },
  legend: { labelColor: '#475569', titleColor: '#475569', labelFontSize: 11, titleFontSize: 11, orient: 'top' },
  title: { anchor: 'start', fontSize: 13, fontWeight: 600, color: '#1e293b' },
} as const;

/** The top-level frame of a spec: schema, size, title, style. */
export function frame(options: ChartOptions, defaults: { width: number; height: number; title: string }) {
  const width = options.width ?? defaults.width;
  const title = options.title === undefined ? defaults.title : options.title;
  return {
    $schema: SCHEMA,
    width,
    height: options.height ?? defaults.height,
    // resize: the page swaps the data in after drawing, and new axis labels need their room again.
    ...(width === 'container' ? { autosize: { type: 'fit-x' as const, contains: 'padding' as const, resize: true } } : {}),
    ...(title ? { title } : {}),
    config: CHART_CONFIG,
  };
}

/**
 * A chart with nothing to draw: its frame and title and the words "no data", with no axes (an
 * empty domain would label them "NaN"). For pages drawn once, like the reports.
 */
export function noDataSpec(options: ChartOptions, defaults: { width: number; height: number; title: string }): ChartSpec {
  const base = frame(options, defaults);
  return {
    ...base,
    data: { values: [{ text: 'no data' }] },
    mark: { type: 'text', fontSize: 13, color: COLORS.none },
    encoding: { text: { field: 'text', type: 'nominal' }, x: { value: typeof base.width === 'number' ? base.width / 2 : 100 }, y: { value: base.height / 2 } },
  } as ChartSpec;
}
