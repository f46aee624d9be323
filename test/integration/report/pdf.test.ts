// The PDF report printed by Debian's Chromium, read back with poppler: text, page count,
// page numbers, and pixels of the charts. Page PNGs are kept in test/output/report/.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, COLORS, formatMoney, type Alert, type ReportModel } from '../../../src/index';
import { renderReportPdf, type PdfResult } from '../../../src/report/pdf';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { TREND_SCALE } from '../../../src/charts/base';
import { countColour, pdfPagePixels, pdfPagePng, pdfPages, pdfPageSize, pdfText } from '../../helpers/pdf-tools';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';

const OUT = join(process.cwd(), 'test', 'output', 'report');
// The second best seller of this seeded history; tripled in the second hour, it leads.
const SURGING = buildReportModel(rowsFromClosedWindows(closedHistory({ hours: 2, ordersPerSecond: 0.6 })), {
  from: HISTORY_START, to: HISTORY_START + 2 * HOUR, generatedAt: 0,
}).topProducts[1]!.productId;
const SURGING_NAME = `Surging Product ${SURGING}`;

const alert: Alert = {
  id: `surge-product-${SURGING}`, level: 'product', subjectId: SURGING, subjectName: SURGING_NAME, direction: 'surge', severity: 'critical',
  startedAt: HISTORY_START + HOUR + 5 * 60_000, lastSeenAt: HISTORY_START + 2 * HOUR, resolvedAt: null, acknowledged: false,
  baseline: 40, observed: 160, changePct: 300, message: `${SURGING_NAME} sells 4× its usual revenue per window`,
};

let model: ReportModel;
let result: PdfResult;
let file: string;
let work: string;

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  work = await tempDir('pdf');
  const closed = closedHistory({
    hours: 2, ordersPerSecond: 0.6,
    scenarios: [{ kind: 'surge', productId: SURGING, factor: 3, from: HISTORY_START + HOUR, to: HISTORY_START + 2 * HOUR }],
  });
  model = buildReportModel(rowsFromClosedWindows(closed), {
    from: HISTORY_START, to: HISTORY_START + 2 * HOUR, generatedAt: HISTORY_START + 2 * HOUR + 60_000, alerts: [alert],
  });
  result = await renderReportPdf(model, { timeoutMs: 60_000 });
  file = join(OUT, 'report.pdf');
  await writeFile(file, result.pdf);
}, 120_000);

describe('PDF report in Chromium', () => {
  it('has the title, the period, the summary, the top product, the tables and the alert log', async () => {
    const text = await pdfText(file);
    const top = model.topProducts[0]!;
    expect(top.productId).toBe(SURGING);
    expect(top.trend).toBe('up');
    expect(text).toContain('Purchase Trends Report');
    expect(text).toContain('2026-11-24 06:00 UTC – 2026-11-24 08:00 UTC');
    expect(text).toContain('Executive summary');
    expect(text).toContain(`Top product: ${top.name}`);
    expect(text).toContain(formatMoney(model.summary.revenue));
    for (const heading of ['Top 20 products', 'Departments', 'Hours of day', 'Alert log']) expect(text).toContain(heading);
    expect(text).toContain(model.topProducts[19]!.name);
    const log = text.slice(text.lastIndexOf('Alert log'));
    expect(log).toMatch(/surge\s+critical/);
    // The subject's cell may wrap onto a third line of the row, under the time of day.
    expect(log).toMatch(new RegExp(`${SURGING_NAME.split(' ').slice(0, -1).join('\\s+')}[\\s\\S]*${SURGING} \\(${SURGING}\\)`));
    expect(log).toContain('+300.0%');
    // Counts a minute, with their unit in the header and the cell, never as money.
    expect(log).toMatch(/Expected \(orders or\s[\s\S]*lines\/min\)/);
    expect(log).toMatch(/\b40 orders\s+160 orders\b/);
    expect(log.slice(0, log.indexOf('page '))).not.toContain('$');
  });

  it('has a sane number of A4 pages, each numbered', async () => {
    const pages = await pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(8);
    const text = await pdfText(file);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`page ${p} of ${pages}`);
    expect(await pdfPageSize(file)).toMatch(/\(A4\)/);
  });

  it('renders offline: the page asked for nothing', () => {
    expect(result.blockedRequests).toEqual([]);
  });

  it('draws every chart with marks from the data', async () => {
    expect(result.charts.map((c) => c.id)).toEqual(['chart-volume', 'chart-top-products', 'chart-departments', 'chart-hours']);
    for (const chart of result.charts) expect(chart.marks, chart.id).toBeGreaterThan(0);
    // The pixels say the same: the volume line and trend-coloured bars on page 1, department bars on page 2.
    for (const page of [1, 2]) await pdfPagePng(file, page, join(OUT, 'report-page'));
    const page1 = await pdfPagePixels(file, 1, join(work, 'p'));
    const page2 = await pdfPagePixels(file, 2, join(work, 'p'));
    const trendColours = TREND_SCALE.range.reduce((n, colour) => n + countColour(page1, colour), 0);
    expect(countColour(page1, COLORS.orders)).toBeGreaterThan(100);
    expect(trendColours).toBeGreaterThan(1_000);
    expect(countColour(page2, COLORS.revenue)).toBeGreaterThan(1_000);
  });

  it('says plainly when the period has no data, and draws no bars', async () => {
    const empty = buildReportModel({ products: [], departments: [], hours: [] }, { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: HISTORY_START });
    const emptyFile = join(work, 'empty.pdf');
    await writeFile(emptyFile, (await renderReportPdf(empty, { timeoutMs: 60_000 })).pdf);
    const text = await pdfText(emptyFile);
    expect(text).toContain('No closed windows with orders for the store');
    expect(text).toContain('No product sold in the period.');
    expect(countColour(await pdfPagePixels(emptyFile, 2, join(work, 'e')), COLORS.revenue)).toBeLessThan(50);
  });
});
