// The reports' "Bought together": the model's partners against a plain count of the orders,
// the same in the Excel sheet and the PDF's page, and said plainly when a history has no pairs.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, createTopologyDriver, tumbling, type CheckoutEvent, type ReportModel } from '../../../src/index';
import { renderReportHtml } from '../../../src/report/html';
import { loadReportTemplates } from '../../../src/report/pdf';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { renderReportXlsx } from '../../../src/report/xlsx';
import { basketOrders, countBaskets, plainLift } from '../../helpers/baskets';

const T0 = Date.UTC(2026, 10, 24, 9);
const MIN = 60_000;
let events: CheckoutEvent[];
let model: ReportModel;

beforeAll(() => {
  events = basketOrders(500, T0, 5 * MIN, 20, 13);
  const driver = createTopologyDriver({ partitions: 3, settings: { window: tumbling(MIN), allowedLatenessMs: 0 } });
  events.forEach((e) => driver.pipe(e));
  driver.finish();
  model = buildReportModel(rowsFromClosedWindows(driver.closed), { from: T0, to: T0 + 5 * MIN, generatedAt: T0 + 5 * MIN });
});

describe('the report\'s bought together', () => {
  it('lists the top products\' most frequent partners with the lift of a plain count', () => {
    const plain = countBaskets(events);
    const b = model.boughtTogether;
    expect(b).toMatchObject({ counted: true, errorBound: 0, orders: 500 });
    const top = model.topProducts.slice(0, 5).map((p) => p.productId);
    expect([...new Set(b.partners.map((p) => p.productId))]).toEqual(top);
    expect(b.partners.length).toBe(15);
    for (const p of b.partners) {
      expect(p.pairOrders).toBe(plain.pairs.get(`${Math.min(p.productId, p.partnerId)}-${Math.max(p.productId, p.partnerId)}`));
      expect(p.lift).toBeCloseTo(plainLift(plain, p.productId, p.partnerId), 12);
      expect(p.partner).toBe(`Product ${p.partnerId}`);
    }
  });

  it('is a sheet of the Excel report, with the model\'s numbers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await renderReportXlsx(model)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Bought Together')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Product ID', 'Product', 'Partner ID', 'Partner', 'Orders with both', 'Support', 'Confidence', 'Lift']);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
    expect(rows).toEqual(model.boughtTogether.partners.map((p) => [p.productId, p.product, p.partnerId, p.partner, p.pairOrders, p.support, p.confidence, p.lift]));
    expect(sheet.getCell(2, 8).numFmt).toBe('0.00');
  });

  it('is a table of the PDF\'s page, and says so when the history has no pair counts', async () => {
    const templates = await loadReportTemplates(process.cwd());
    const html = renderReportHtml(model, templates, []);
    const first = model.boughtTogether.partners[0]!;
    expect(html).toContain('<h2>Bought together</h2>');
    expect(html).toContain(`<td class="text">${first.partner}</td><td class="num">${first.pairOrders}</td>`);
    expect(html).toContain(`${first.lift.toFixed(2)}×`);
    expect(html).toContain('Counts are exact.');
    const older = buildReportModel({ ...rowsFromClosedWindows([]), pairs: undefined }, { from: T0, to: T0 + MIN, generatedAt: T0 });
    expect(older.boughtTogether.counted).toBe(false);
    expect(renderReportHtml(older, templates, [])).toContain('the history was written before by_pair');
  });
});
