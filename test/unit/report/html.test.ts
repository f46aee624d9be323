import { describe, expect, it } from 'vitest';
import { ALERT_EXPECTED_HEADER, ALERT_OBSERVED_HEADER } from '../../../src/report/format';
import { buildReportModel } from '../../../src/index';
import { reportCharts } from '../../../src/report/charts';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { escapeHtml, fillTemplate, renderReportHtml } from '../../../src/report/html';
import { loadReportTemplates } from '../../../src/report/pdf';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';

describe('report page', () => {
  it('fills placeholders and refuses one that nothing fills', () => {
    expect(fillTemplate('<h1>{{title}}</h1>', { title: 'T' })).toBe('<h1>T</h1>');
    expect(() => fillTemplate('{{title}} {{missing}}', { title: 'T' }, 'page.html')).toThrow('page.html has a placeholder {{missing}} that nothing fills');
    expect(escapeHtml('<b>"Ben & Jerry\'s"</b>')).toBe('&lt;b&gt;&quot;Ben &amp; Jerry&#39;s&quot;&lt;/b&gt;');
  });

  it('renders the tables, the summary and the chart specs from the templates, escaped and self-contained', async () => {
    const closed = closedHistory({ hours: 1, ordersPerSecond: 0.3 });
    const model = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: HISTORY_START + HOUR });
    model.topProducts[0]!.name = 'Ben & Jerry\'s <Chunky> </script>';
    const html = renderReportHtml(model, await loadReportTemplates(process.cwd()), ['window.vegaEmbed = function () {};']);
    expect(html).toContain('<h1>Purchase Trends Report</h1>');
    expect(html).toContain('2026-11-24 06:00 UTC – 2026-11-24 07:00 UTC');
    expect(html).toContain('Ben &amp; Jerry&#39;s &lt;Chunky&gt; &lt;/script&gt;');
    expect(html).not.toMatch(/\{\{\w+\}\}/);
    // A product name cannot end the specs' <script> element early.
    const specs = /<script type="application\/json" id="chart-specs">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(Object.keys(JSON.parse(specs))).toEqual(Object.keys(reportCharts(model)));
    expect((html.match(/<tr>/g) ?? []).length).toBeGreaterThan(20 + model.departments.length);
    // Nothing to fetch: no src= or href= to anything.
    expect(html).not.toMatch(/\s(src|href)=/);
  });

  it('names an aisle\'s scope in the header, counts order lines, and says why there are no hours', async () => {
    const closed = closedHistory({ hours: 1, ordersPerSecond: 0.3 });
    const model = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: 0, aisle: 24 });
    const html = renderReportHtml(model, await loadReportTemplates(process.cwd()), ['window.vegaEmbed = function () {};']);
    expect(html).toContain('2026-11-24 06:00 UTC – 2026-11-24 07:00 UTC · aisle: fresh fruits');
    expect(html).toContain('<div class="kpi-label">Order lines</div>');
    expect(html).toContain('No hours of day for one aisle or product: the history keeps them per department.');
    expect(html).toContain('Scope: aisle 24 (fresh fruits) only: an order counts once for each of its products in this scope');
  });

  it('logs alerts with their counts a minute, in units, never as money', async () => {
    const closed = closedHistory({ hours: 1, ordersPerSecond: 0.3 });
    const alert = {
      id: 'department-4-down-1', level: 'department' as const, subjectId: 4, subjectName: 'produce', direction: 'drop' as const, severity: 'critical' as const,
      startedAt: HISTORY_START + 600_000, lastSeenAt: HISTORY_START + 660_000, resolvedAt: null, acknowledged: false,
      baseline: 3.4, observed: 0.5, unit: 'lines/min' as const, changePct: -85, message: 'Department produce dropped',
    };
    const model = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: HISTORY_START + HOUR, alerts: [alert] });
    const html = renderReportHtml(model, await loadReportTemplates(process.cwd()), []);
    const log = html.slice(html.indexOf(ALERT_EXPECTED_HEADER));
    expect(log).toContain(`<th class="num">${ALERT_OBSERVED_HEADER}</th>`);
    expect(ALERT_OBSERVED_HEADER).toMatch(/orders or lines\/min/);
    expect(log).toMatch(/3\.4 lines<\/td>\s*<td[^>]*>0\.5 lines/);
    expect(log.slice(0, log.indexOf('</table>'))).not.toContain('$');
  });

  it('draws the live views\' charts from the model\'s data', () => {
    const closed = closedHistory({ hours: 1, ordersPerSecond: 0.3 });
    const model = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: 0 });
    const charts = reportCharts(model) as Record<string, { data: { values: Array<Record<string, unknown>> } }>;
    expect(charts['chart-top-products']!.data.values.map((v) => v.productId)).toEqual(model.topProducts.slice(0, 10).map((p) => p.productId));
    expect(charts['chart-departments']!.data.values.map((v) => v.revenue)).toEqual(model.departments.map((d) => d.revenue));
    expect(charts['chart-hours']!.data.values).toHaveLength(24);
    // Per-minute rates of 5-minute windows.
    expect(charts['chart-volume']!.data.values.map((v) => v.orders)).toEqual(model.volume.map((v) => v.orders / 5));
  });
});
