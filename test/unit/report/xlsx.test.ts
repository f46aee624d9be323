// The Excel report read back with ExcelJS: sheets, header style, formats, and numbers equal
// to the report model's.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERT_EXPECTED_HEADER, ALERT_OBSERVED_HEADER } from '../../../src/report/format';
import { buildReportModel, type Alert, type ReportModel } from '../../../src/index';
import { FORMATS, renderReportXlsx, SHEETS } from '../../../src/report/xlsx';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';

let model: ReportModel;
let book: ExcelJS.Workbook;

const alert: Alert = {
  id: 'surge-1', level: 'product', subjectId: 1, subjectName: 'Banana', direction: 'surge', severity: 'critical',
  startedAt: HISTORY_START + HOUR / 2, lastSeenAt: HISTORY_START + HOUR / 2 + 60_000, resolvedAt: null, acknowledged: false,
  baseline: 12.5, observed: 40, changePct: 220, message: 'Banana sells 3.2× its usual revenue',
};

beforeAll(async () => {
  const closed = closedHistory({ hours: 2, ordersPerSecond: 0.3 });
  model = buildReportModel(rowsFromClosedWindows(closed), {
    from: HISTORY_START, to: HISTORY_START + 2 * HOUR, generatedAt: HISTORY_START + 2 * HOUR, alerts: [alert],
  });
  book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await renderReportXlsx(model)) as unknown as ArrayBuffer);
});

const sheet = (name: string): ExcelJS.Worksheet => book.getWorksheet(name)!;
const column = (ws: ExcelJS.Worksheet, header: string): number => {
  const headers = (ws.getRow(1).values as unknown[]).slice(1);
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`no column "${header}" in ${ws.name}: ${headers.join(', ')}`);
  return index + 1;
};
const values = (ws: ExcelJS.Worksheet, header: string): unknown[] => {
  const c = column(ws, header);
  return Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getCell(i + 2, c).value);
};

describe('Excel report', () => {
  it('has the five sheets, in order', () => {
    expect(book.worksheets.map((w) => w.name)).toEqual([...SHEETS]);
  });

  it('gives every sheet a bold, frozen, filtered header and sensible widths', () => {
    for (const name of SHEETS) {
      const ws = sheet(name);
      const header = ws.getRow(1);
      expect(header.getCell(1).font?.bold, name).toBe(true);
      expect(ws.views[0], name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter, name).toBeTruthy();
      for (let c = 1; c <= ws.columnCount; c++) {
        const width = ws.getColumn(c).width ?? 0;
        expect(width, `${name} column ${c}`).toBeGreaterThanOrEqual(8);
        expect(width, `${name} column ${c}`).toBeLessThanOrEqual(60);
        expect(width, `${name} column ${c}`).toBeGreaterThanOrEqual(String(header.getCell(c).value).length);
      }
    }
  });

  it('holds the model\'s numbers, as numbers, with currency, count, percent and date formats', () => {
    const top = sheet('Top Products');
    expect(top.rowCount - 1).toBe(20);
    expect(values(top, 'Product')).toEqual(model.topProducts.map((p) => p.name));
    expect(values(top, 'Revenue')).toEqual(model.topProducts.map((p) => p.revenue));
    expect(values(top, 'Units')).toEqual(model.topProducts.map((p) => p.units));
    expect(values(top, 'Share')).toEqual(model.topProducts.map((p) => p.share));
    expect(top.getCell(2, column(top, 'Revenue')).numFmt).toBe(FORMATS.currency);
    expect(top.getCell(2, column(top, 'Units')).numFmt).toBe(FORMATS.count);
    expect(top.getCell(2, column(top, 'Share')).numFmt).toBe(FORMATS.share);

    const departments = sheet('Departments');
    expect(values(departments, 'Department')).toEqual(model.departments.map((d) => d.department));
    expect(values(departments, 'Revenue')).toEqual(model.departments.map((d) => d.revenue));
    expect(values(departments, 'Orders')).toEqual(model.departments.map((d) => d.orders));

    const hourly = sheet('Hourly');
    expect(values(hourly, 'Orders')).toEqual(model.hours.map((h) => h.orders));
    expect(values(hourly, 'Revenue')).toEqual(model.hours.map((h) => h.revenue));
    // The hour is the number 0-23 (shown as 09:00), so it sorts and computes as a number.
    expect(values(hourly, 'Hour')).toEqual(model.hours.map((h) => h.hourOfDay));
    expect(values(hourly, 'Hour').every((v) => typeof v === 'number')).toBe(true);
    expect(hourly.getCell(2, column(hourly, 'Hour')).numFmt).toBe(FORMATS.hour);

    const summary = sheet('Summary');
    const field = (name: string) => {
      const row = values(summary, 'Field').indexOf(name) + 2;
      return summary.getCell(row, 2);
    };
    expect(field('Orders').value).toBe(model.summary.orders);
    expect(field('Revenue').value).toBe(model.summary.revenue);
    expect(field('Revenue').numFmt).toBe(FORMATS.currency);
    expect(field('Period from (UTC)').value).toEqual(new Date(HISTORY_START));
    expect(field('Period from (UTC)').numFmt).toBe(FORMATS.date);
  });

  it('logs the alerts with their times as dates', () => {
    const alerts = sheet('Alerts');
    expect(alerts.rowCount).toBe(2);
    expect(alerts.getCell(2, column(alerts, 'Started (UTC)')).value).toEqual(new Date(alert.startedAt));
    expect(alerts.getCell(2, column(alerts, 'Started (UTC)')).numFmt).toBe(FORMATS.date);
    expect(alerts.getCell(2, column(alerts, 'Subject')).value).toBe('Banana');
    expect(alerts.getCell(2, column(alerts, ALERT_OBSERVED_HEADER)).value).toBe(40);
    expect(alerts.getCell(2, column(alerts, 'Change')).value).toBeCloseTo(2.2);
    // Acknowledged is a true boolean cell (TRUE/FALSE), not the text "no".
    expect(alerts.getCell(2, column(alerts, 'Acknowledged')).value).toBe(false);
    expect(alerts.getCell(2, column(alerts, 'Acknowledged')).type).toBe(ExcelJS.ValueType.Boolean);
  });

  it('gives the alert log\'s counts their unit in the headers and never formats them as money', () => {
    const alerts = sheet('Alerts');
    expect(ALERT_EXPECTED_HEADER).toMatch(/orders or lines\/min/);
    for (const header of [ALERT_EXPECTED_HEADER, ALERT_OBSERVED_HEADER]) {
      expect(alerts.getCell(2, column(alerts, header)).numFmt).toBe(FORMATS.rate);
      expect(String(alerts.getCell(2, column(alerts, header)).numFmt)).not.toContain('$');
    }
    expect(alerts.getCell(2, column(alerts, ALERT_EXPECTED_HEADER)).value).toBe(12.5);
    expect(alerts.getCell(2, column(alerts, 'Unit')).value).toBe('orders/min');
  });
});
