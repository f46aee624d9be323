// The Excel report: sheets Summary, Top Products, Departments, Hourly, Bought Together and Alerts, each with a
// bold frozen header, an autofilter, number, currency, percent and date formats, and widths
// fitted to the content. Cells hold numbers and dates, not text, so a manager can compute on
// them. ExcelJS is loaded on first use, so importing the workbench does not pay for it.
import type { Workbook } from 'exceljs';
import type { Alert } from '../stream/index';
import { ALERT_EXPECTED_HEADER, ALERT_OBSERVED_HEADER } from './format';
import type { ReportModel } from './model';

export const SHEETS = ['Summary', 'Top Products', 'Departments', 'Hourly', 'Bought Together', 'Alerts'] as const;

export const FORMATS = {
  count: '#,##0',
  rate: '#,##0.0',
  /** A lift: 1.00 is chance. */
  ratio: '0.00',
  currency: '"$"#,##0.00',
  share: '0.0%',
  change: '+0.0%;-0.0%;0.0%',
  date: 'yyyy-mm-dd hh:mm',
  /** An hour of day stored as the number 0-23, shown as 09:00. */
  hour: '00":00"',
  /** Numbers as they are, and booleans as TRUE/FALSE. */
  general: 'General',
  text: '@',
} as const;

type Format = keyof typeof FORMATS;
type Cell = string | number | Date | boolean | null;

interface Column<R> {
  header: string;
  format: Format;
  value: (row: R) => Cell;
}

const HEADER_FILL = 'FF12324F';
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** Rough display length of a formatted cell, for column widths. */
function displayLength(value: Cell, format: Format): number {
  if (value === null) return 0;
  if (value instanceof Date) return 16;
  if (typeof value === 'number') {
    const digits = Math.abs(Math.trunc(value)).toString().length;
    return digits + Math.floor((digits - 1) / 3) + (format === 'currency' ? 4 : format === 'count' ? 0 : 3);
  }
  return String(value).length;
}

function addSheet<R>(workbook: Workbook, name: string, columns: Array<Column<R>>, rows: readonly R[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, style: { numFmt: FORMATS[c.format] } }));
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  header.alignment = { vertical: 'middle' };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  columns.forEach((c, i) => {
    const longest = Math.max(c.header.length + 3, ...rows.map((r) => displayLength(c.value(r), c.format)));
    sheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
  });
}

type SummaryRow = { field: string; value: Cell; format: Format };

export function summaryRows(model: ReportModel): SummaryRow[] {
  const s = model.summary;
  const rows: SummaryRow[] = [
    { field: 'Report', value: model.title, format: 'text' },
    { field: 'Period from (UTC)', value: new Date(model.period.from), format: 'date' },
    { field: 'Period to (UTC)', value: new Date(model.period.to), format: 'date' },
    ...(model.periodBasis ? [{ field: 'Period chosen as', value: model.periodBasis, format: 'text' as const }] : []),
    { field: 'Department', value: model.department?.name ?? 'all', format: 'text' },
    ...(model.aisle ? [{ field: 'Aisle', value: `${model.aisle.id} ${model.aisle.name ?? ''}`.trim(), format: 'text' as const }] : []),
    ...(model.product ? [{ field: 'Product', value: `${model.product.id} ${model.product.name ?? ''}`.trim(), format: 'text' as const }] : []),
    { field: 'Generated (UTC)', value: new Date(model.generatedAt), format: 'date' },
    { field: 'Closed windows', value: model.coverage.windows, format: 'count' },
    { field: model.scopeNote ? 'Orders (order lines of the scope)' : 'Orders', value: s.orders, format: 'count' },
    { field: 'Order lines', value: s.lines, format: 'count' },
    { field: 'Items', value: s.items, format: 'count' },
    { field: 'Revenue', value: s.revenue, format: 'currency' },
    { field: 'Average basket', value: s.avgBasketValue, format: 'currency' },
    { field: 'Active products', value: s.activeProducts, format: 'count' },
    { field: 'Departments', value: s.departments, format: 'count' },
    { field: 'Revenue trend (2nd half vs 1st)', value: s.revenueChangePct === null ? null : s.revenueChangePct / 100, format: 'change' },
    { field: 'Alerts', value: s.alerts, format: 'count' },
  ];
  model.highlights.forEach((h, i) => rows.push({ field: i === 0 ? 'Executive summary' : '', value: h, format: 'text' }));
  return rows;
}

const pct = (value: number | null): number | null => (value === null ? null : value / 100);

export async function buildReportWorkbook(model: ReportModel): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'purchase-trend-workbench';
  workbook.created = new Date(model.generatedAt);

  // The Summary's value column mixes formats, so each value cell gets its own.
  addSheet<SummaryRow>(workbook, 'Summary', [
    { header: 'Field', format: 'text', value: (r) => r.field },
    { header: 'Value', format: 'text', value: (r) => r.value },
  ], summaryRows(model));
  const summary = workbook.getWorksheet('Summary')!;
  summaryRows(model).forEach((r, i) => (summary.getCell(i + 2, 2).numFmt = FORMATS[r.format]));
  summary.getColumn(2).width = 24;
  summary.getColumn(2).alignment = { horizontal: 'left', wrapText: true };

  addSheet(workbook, 'Top Products', [
    { header: 'Rank', format: 'count', value: (p) => p.rank },
    { header: 'Product ID', format: 'count', value: (p) => p.productId },
    { header: 'Product', format: 'text', value: (p) => p.name },
    { header: 'Department', format: 'text', value: (p) => p.department },
    { header: 'Orders', format: 'count', value: (p) => p.orders },
    { header: 'Units', format: 'count', value: (p) => p.units },
    { header: 'Revenue', format: 'currency', value: (p) => p.revenue },
    { header: 'Share', format: 'share', value: (p) => p.share },
    { header: 'Change', format: 'change', value: (p) => pct(p.changePct) },
    { header: 'Trend', format: 'text', value: (p) => (p.trend === 'too-little-data' ? 'too little data to judge' : p.trend) },
  ], model.topProducts);

  addSheet(workbook, 'Departments', [
    { header: 'Department ID', format: 'count', value: (d) => d.departmentId },
    { header: 'Department', format: 'text', value: (d) => d.department },
    { header: 'Orders', format: 'count', value: (d) => d.orders },
    { header: 'Lines', format: 'count', value: (d) => d.lines },
    { header: 'Items', format: 'count', value: (d) => d.items },
    { header: 'Revenue', format: 'currency', value: (d) => d.revenue },
    { header: 'Share', format: 'share', value: (d) => d.share },
    { header: 'Avg order value', format: 'currency', value: (d) => d.avgOrderValue },
    { header: 'Products', format: 'count', value: (d) => d.products },
  ], model.departments);

  addSheet(workbook, 'Hourly', [
    { header: 'Hour', format: 'hour', value: (h) => h.hourOfDay },
    { header: 'Orders', format: 'count', value: (h) => h.orders },
    { header: 'Lines', format: 'count', value: (h) => h.lines },
    { header: 'Revenue', format: 'currency', value: (h) => h.revenue },
    { header: 'Avg transaction value', format: 'currency', value: (h) => h.avgTransactionValue },
  ], model.hours);

  addSheet(workbook, 'Bought Together', [
    { header: 'Product ID', format: 'count', value: (p) => p.productId },
    { header: 'Product', format: 'text', value: (p) => p.product },
    { header: 'Partner ID', format: 'count', value: (p) => p.partnerId },
    { header: 'Partner', format: 'text', value: (p) => p.partner },
    { header: 'Orders with both', format: 'count', value: (p) => p.pairOrders },
    { header: 'Support', format: 'share', value: (p) => p.support },
    { header: 'Confidence', format: 'share', value: (p) => p.confidence },
    { header: 'Lift', format: 'ratio', value: (p) => p.lift },
  ], model.boughtTogether.partners);

  // The detector's baseline and observed values are rates (orders or lines a minute); only the
  // stop-gap rule's, shown live before the detector reports, are revenue or ranks.
  const unitFormat = (a: Alert): Format => (a.unit === 'revenue' ? 'currency' : a.unit === 'rank' ? 'count' : 'rate');
  const alertColumns: Array<Column<Alert>> = [
    { header: 'Started (UTC)', format: 'date', value: (a) => new Date(a.startedAt) },
    { header: 'Last seen (UTC)', format: 'date', value: (a) => new Date(a.lastSeenAt) },
    { header: 'Resolved (UTC)', format: 'date', value: (a) => (a.resolvedAt === null ? null : new Date(a.resolvedAt)) },
    { header: 'Level', format: 'text', value: (a) => a.level },
    { header: 'Subject ID', format: 'count', value: (a) => a.subjectId },
    { header: 'Subject', format: 'text', value: (a) => a.subjectName },
    { header: 'Kind', format: 'text', value: (a) => a.direction },
    { header: 'Severity', format: 'text', value: (a) => a.severity },
    { header: ALERT_EXPECTED_HEADER, format: 'rate', value: (a) => a.baseline },
    { header: ALERT_OBSERVED_HEADER, format: 'rate', value: (a) => a.observed },
    { header: 'Unit', format: 'text', value: (a) => a.unit ?? (a.level === 'department' ? 'lines/min' : 'orders/min') },
    { header: 'Change', format: 'change', value: (a) => pct(a.changePct) },
    { header: 'Acknowledged', format: 'general', value: (a) => a.acknowledged },
    { header: 'Message', format: 'text', value: (a) => a.message },
  ];
  addSheet<Alert>(workbook, 'Alerts', alertColumns, model.alerts);
  const alerts = workbook.getWorksheet('Alerts')!;
  const valueColumns = [ALERT_EXPECTED_HEADER, ALERT_OBSERVED_HEADER].map((h) => alertColumns.findIndex((c) => c.header === h) + 1);
  model.alerts.forEach((a, i) => valueColumns.forEach((c) => (alerts.getCell(i + 2, c).numFmt = FORMATS[unitFormat(a)])));
  return workbook;
}

export async function renderReportXlsx(model: ReportModel): Promise<Uint8Array> {
  const workbook = await buildReportWorkbook(model);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
