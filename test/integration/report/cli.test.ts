// purchase-trends report as a child process, reading the Parquet history from the real HDFS
// (WebHDFS) and writing the PDF and the Excel workbook of a period and a department.
import ExcelJS from 'exceljs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, createHistoryWriter, createWebHdfsStore, systemClock, type ReportModel } from '../../../src/index';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { runCli } from '../../helpers/cli';
import { pdfPages, pdfText } from '../../helpers/pdf-tools';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';
import { readSummary } from '../../helpers/xlsx-summary';
import { hdfsTestRoot, listHdfs, NAMENODE } from '../hdfs/webhdfs-direct';

const root = hdfsTestRoot('report');
const hdfs = ['--store', 'hdfs', '--namenode', NAMENODE, '--hdfs-path', root];
const period = ['--from', '2026-11-24T06:00', '--to', '2026-11-24T08:00'];
let expected: ReportModel;

beforeAll(async () => {
  const closed = closedHistory({ hours: 2, ordersPerSecond: 0.3 });
  const writer = createHistoryWriter(createWebHdfsStore({ namenode: NAMENODE, root, user: 'purchase-trends-test', clock: systemClock }));
  for (const c of closed) await writer.writeWindow(c);
  expected = buildReportModel(rowsFromClosedWindows(closed), {
    from: HISTORY_START, to: HISTORY_START + 2 * HOUR, department: 'produce', generatedAt: 0,
  });
}, 120_000);

describe('purchase-trends report on HDFS', () => {
  it('writes the PDF and the Excel report of a period and a department', async () => {
    expect((await listHdfs(`${root}/purchase-analytics/aggregated/by_product`)).length).toBe(24);
    const out = await tempDir('report-cli');
    const cli = runCli(['report', ...hdfs, ...period, '--department', 'produce', '--format', 'pdf,xlsx', '--out', out]);
    expect(await cli.exited, cli.output()).toBe(0);
    const base = 'purchase-trends-20261124T0600Z-20261124T0800Z-produce';
    expect((await readdir(out)).sort()).toEqual([`${base}.pdf`, `${base}.xlsx`]);
    expect(cli.output()).toContain(`report written: ${join(out, `${base}.pdf`)}, ${join(out, `${base}.xlsx`)}`);

    const text = await pdfText(join(out, `${base}.pdf`));
    expect(text).toContain('Purchase Trends Report');
    expect(text).toContain('2026-11-24 06:00 UTC – 2026-11-24 08:00 UTC · department: produce');
    expect(text).toContain(`Top product: ${expected.topProducts[0]!.name}`);
    expect(await pdfPages(join(out, `${base}.pdf`))).toBeGreaterThanOrEqual(2);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, `${base}.xlsx`));
    const top = book.getWorksheet('Top Products')!;
    expect(top.getColumn(7).values.slice(2)).toEqual(expected.topProducts.map((p) => p.revenue));
    const summary = book.getWorksheet('Summary')!;
    const orders = (summary.getColumn(1).values as unknown[]).indexOf('Orders');
    expect(summary.getCell(orders, 2).value).toBe(expected.summary.orders);
    expect(expected.summary.orders).toBeGreaterThan(500);
  }, 120_000);

  it('says so when the period holds no closed windows, and still writes the report', async () => {
    const out = await tempDir('report-empty');
    const cli = runCli(['report', ...hdfs, '--from', '2026-11-20', '--to', '2026-11-21', '--format', 'xlsx', '--out', out]);
    expect(await cli.exited, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/no closed windows between 2026-11-20 00:00 UTC and 2026-11-21 00:00 UTC in webhdfs store http:\/\/127\.0\.0\.1:9870\/webhdfs\/v1\/purchase-trends-test\/report-/);
    expect(await readdir(out)).toEqual(['purchase-trends-20261120T0000Z-20261121T0000Z.xlsx']);
  }, 60_000);

  it('writes the report of one aisle, its products only, and refuses an unknown aisle or product with exit code 2', async () => {
    const out = await tempDir('report-aisle');
    // Aisle 24 (fresh fruits), independently: its products' orders and revenue in the closed windows.
    let lines = 0;
    let revenue = 0;
    for (const { window: w } of closedHistory({ hours: 2, ordersPerSecond: 0.3 })) {
      w.products.forEach((p) => {
        if (p.aisleId !== 24) return;
        lines += p.orders;
        revenue = (Math.round(revenue * 1e4) + Math.round(p.revenue * 1e4)) / 1e4;
      });
    }
    expect(lines).toBeGreaterThan(100);
    const cli = runCli(['report', ...hdfs, ...period, '--aisle', '24', '--format', 'xlsx', '--out', out]);
    expect(await cli.exited, cli.output()).toBe(0);
    expect(await readdir(out)).toEqual(['purchase-trends-20261124T0600Z-20261124T0800Z-aisle-24.xlsx']);
    const field = await readSummary(join(out, 'purchase-trends-20261124T0600Z-20261124T0800Z-aisle-24.xlsx'));
    expect(field('Aisle')).toBe('24 fresh fruits');
    expect(field('Orders (order lines of the scope)')).toBe(lines);
    expect(field('Revenue')).toBe(revenue);

    const unknown = runCli(['report', ...hdfs, ...period, '--aisle', '999', '--out', out]);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('--aisle: aisle 999 is not an aisle: Instacart\'s aisles are numbered 1 to 134');
    const product = runCli(['report', ...hdfs, ...period, '--product', '1234567', '--out', out]);
    expect(await product.exited).toBe(2);
    expect(product.output()).toContain('--product: product 1234567 sold nothing in the period, or is not a product id');
    const notNumber = runCli(['report', '--aisle', 'fruit']);
    expect(await notNumber.exited).toBe(2);
    expect(notNumber.output()).toContain('--aisle: expected a positive whole number, got "fruit"');
  }, 90_000);

  it('refuses bad flags with exit code 2, naming them', async () => {
    const bad = runCli(['report', '--format', 'csv']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('purchase-trends report: --format: expected a list of pdf, xlsx (e.g. pdf,xlsx), got "csv"');
    const backwards = runCli(['report', '--data-dir', await tempDir('report-none'), '--from', '2026-11-24T08:00', '--to', '2026-11-24T06:00']);
    expect(await backwards.exited).toBe(2);
    expect(backwards.output()).toContain('the period is empty: --from 2026-11-24 08:00 UTC is not before --to 2026-11-24 06:00 UTC');
  }, 60_000);
});
