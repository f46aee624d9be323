// The report as one self-contained HTML page (pure): the templates under reports/templates/
// filled with the model's tables and chart specs, and the chart libraries inlined, so the
// page needs no network. pdf.ts reads the files and prints the page.
import type { Alert } from '../stream/index';
import { reportCharts } from './charts';
import { ALERT_EXPECTED_HEADER, ALERT_OBSERVED_HEADER, formatChange, formatCount, formatHour, formatMoney, formatShare, formatTime } from './format';
import type { ReportModel } from './model';

export interface ReportTemplates {
  /** The page, with {{placeholders}}. */
  page: string;
  css: string;
  /** The script that draws the charts and sets window.__reportReady. */
  boot: string;
  /** Chromium's footer (page numbers). */
  footer: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Replaces {{name}}; a placeholder with no value is an error, not a silent blank. */
export function fillTemplate(template: string, values: Record<string, string>, name = 'template'): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`${name} has a placeholder {{${key}}} that nothing fills`);
    return value;
  });
}

/** Text for a <script> element: "</script" inside it would end the element early. */
const scriptText = (code: string): string => code.replace(/<\/(script)/gi, '<\\/$1');

type Column<R> = [header: string, cell: (row: R) => string, kind?: 'num' | 'text'];

function table<R>(rows: readonly R[], columns: Array<Column<R>>, empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const head = columns.map(([h, , kind]) => `<th class="${kind ?? 'num'}">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map(([, cell, kind]) => `<td class="${kind ?? 'num'}">${escapeHtml(cell(r))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export const periodText = (model: ReportModel): string =>
  `${formatTime(model.period.from)} – ${formatTime(model.period.to)}${model.department ? ` · department: ${model.department.name}` : ''}` +
  `${model.aisle ? ` · aisle: ${model.aisle.name ?? model.aisle.id}` : ''}${model.product ? ` · product: ${model.product.name ?? model.product.id}` : ''}`;

const ARROW: Record<string, string> = { up: '▲', down: '▼', flat: '▬', new: '● new', none: '', 'too-little-data': 'too little data to judge' };

function kpis(model: ReportModel): string {
  const s = model.summary;
  const cards: Array<[string, string]> = [
    ['Revenue', formatMoney(s.revenue)], [model.scopeNote ? 'Order lines' : 'Orders', formatCount(s.orders)], ['Items', formatCount(s.items)],
    ['Avg basket', formatMoney(s.avgBasketValue)], ['Active products', formatCount(s.activeProducts)],
    ['Revenue trend', formatChange(s.revenueChangePct)], ['Alerts', formatCount(s.alerts)],
  ];
  return `<div class="kpis">${cards.map(([k, v]) => `<div class="kpi"><div class="kpi-label">${escapeHtml(k)}</div><div class="kpi-value">${escapeHtml(v)}</div></div>`).join('')}</div>`;
}

/** The detector's baseline and observed values are rates a minute; the stop-gap rule's are revenue or ranks. */
const alertValue = (a: Alert, v: number): string => {
  if (a.unit === 'revenue') return formatMoney(v);
  if (a.unit === 'rank') return `#${v}`;
  return `${v >= 10 ? formatCount(v) : v.toFixed(1)} ${(a.unit ?? (a.level === 'department' ? 'lines/min' : 'orders/min')).replace('/min', '')}`;
};
const alertSubject = (a: Alert): string => `${a.level === 'department' ? 'department' : 'product'} ${a.subjectName} (${a.subjectId})`;

/** The top products' partners; lift 1 is chance. */
function boughtTogetherHtml(model: ReportModel): string {
  const b = model.boughtTogether;
  if (!b.counted) return '<p class="empty">No pair counts for this period: the history was written before by_pair.</p>';
  const note = `Over ${formatCount(b.orders)} orders. Support: orders with both / all orders; confidence: orders with both / orders with the product; ` +
    `lift: confidence / the partner's share of orders (1 = as often as chance). ${b.errorBound === 0 ? 'Counts are exact.' : `Pair counts may be low by up to ${formatCount(b.errorBound)} orders.`}`;
  return `<p class="note">${escapeHtml(note)}</p>` + table(b.partners, [
    ['Product', (p) => p.product, 'text'], ['Partner', (p) => p.partner, 'text'], ['Orders with both', (p) => formatCount(p.pairOrders)],
    ['Support', (p) => formatShare(p.support)], ['Confidence', (p) => formatShare(p.confidence)], ['Lift', (p) => `${p.lift.toFixed(2)}×`],
  ], 'No top product was bought with another in the period.');
}

export function renderReportHtml(model: ReportModel, templates: ReportTemplates, libraries: string[]): string {
  const charts = reportCharts(model);
  const chartDivs = Object.keys(charts).map((id) => `<div class="chart" id="${id}"></div>`).join('\n');
  const hoursNote = model.scopeNote ? '<p class="note">No hours of day for one aisle or product: the history keeps them per department.</p>'
    : model.hoursFiltered ? '' : '<p class="note">All departments: this history was written before departments kept their hours of day.</p>';
  const coverage = model.coverage.windows === 0 ? 'no closed windows in the period'
    : `${model.coverage.windows} closed windows of ${Math.round((model.coverage.windowMs ?? 0) / 1000)} s, ${formatTime(model.coverage.first!)} – ${formatTime(model.coverage.last!)}`;
  return fillTemplate(templates.page, {
    title: escapeHtml(model.title),
    period: escapeHtml(periodText(model)),
    generated: escapeHtml(`${model.periodBasis ? `Period: ${model.periodBasis} · ` : ''}Generated ${formatTime(model.generatedAt)} · ${coverage}`),
    css: templates.css,
    libraries: libraries.map((code) => `<script>${scriptText(code)}</script>`).join('\n'),
    kpis: kpis(model),
    highlights: `<ul class="highlights">${model.highlights.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ul>`,
    charts: chartDivs,
    specs: scriptText(JSON.stringify(charts)),
    boot: scriptText(templates.boot),
    topProducts: table(model.topProducts, [
      ['#', (p) => String(p.rank)], ['Product', (p) => p.name, 'text'], ['Department', (p) => p.department, 'text'],
      ['Orders', (p) => formatCount(p.orders)], ['Units', (p) => formatCount(p.units)], ['Revenue', (p) => formatMoney(p.revenue)],
      ['Share', (p) => formatShare(p.share)], ['Trend', (p) => `${ARROW[p.trend] ?? ''} ${p.trend === 'new' || p.trend === 'too-little-data' ? '' : formatChange(p.changePct)}`.trim()],
    ], 'No product sold in the period.'),
    departments: table(model.departments, [
      ['Department', (d) => d.department, 'text'], ['Orders', (d) => formatCount(d.orders)], ['Lines', (d) => formatCount(d.lines)],
      ['Items', (d) => formatCount(d.items)], ['Revenue', (d) => formatMoney(d.revenue)], ['Share', (d) => formatShare(d.share)],
      ['Avg order', (d) => formatMoney(d.avgOrderValue)], ['Products', (d) => formatCount(d.products)],
    ], 'No department data in the period.'),
    hours: hoursNote + table(model.hours, [
      ['Hour', (h) => formatHour(h.hourOfDay), 'text'], ['Orders', (h) => formatCount(h.orders)], ['Lines', (h) => formatCount(h.lines)],
      ['Revenue', (h) => formatMoney(h.revenue)], ['Avg transaction', (h) => formatMoney(h.avgTransactionValue)],
    ], 'No hourly data in the period.'),
    boughtTogether: boughtTogetherHtml(model),
    alerts: table(model.alerts, [
      ['Started', (a) => formatTime(a.startedAt), 'text'], ['Kind', (a) => a.direction, 'text'], ['Severity', (a) => a.severity, 'text'],
      ['Subject', alertSubject, 'text'], [ALERT_EXPECTED_HEADER, (a) => alertValue(a, a.baseline)], [ALERT_OBSERVED_HEADER, (a) => alertValue(a, a.observed)],
      ['Change', (a) => formatChange(a.changePct)], ['Resolved', (a) => (a.resolvedAt === null ? 'open' : formatTime(a.resolvedAt)), 'text'],
    ], 'No alerts were raised in the period.'),
  }, 'reports/templates/report.html');
}

export const renderFooterHtml = (model: ReportModel, templates: ReportTemplates): string =>
  fillTemplate(templates.footer, { title: escapeHtml(model.title), period: escapeHtml(periodText(model)) }, 'reports/templates/footer.html');
