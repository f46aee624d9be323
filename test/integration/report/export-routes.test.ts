// The dashboard's export endpoints over real HTTP, with the PDF printed by Chromium: the
// selected range and department, Content-Type and Content-Disposition, and 400s that name
// the bad parameter.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, startServer, type RunningServer } from '../../../server/app';
import { pdfText } from '../../helpers/pdf-tools';
import { closedHistory, historyView } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';
import { readSummary, readWorkbook } from '../../helpers/xlsx-summary';

const HISTORY = { hours: 2, ordersPerSecond: 0.3 };
const DAIRY = 16;
let server: RunningServer;

beforeAll(async () => {
  const app = createApp({ view: historyView(HISTORY), onUpdate: () => () => undefined, info: { store: 'test' } });
  server = await startServer(app, '127.0.0.1', 0);
  return async () => {
    app.closeDashboard();
    await server.close();
  };
}, 60_000);

describe('report export endpoints', () => {
  it('sends the Excel report of the selected range and department', async () => {
    const res = await fetch(`${server.url}/export/report.xlsx?range=1h&department=dairy%20eggs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="purchase-trends-\d{8}T\d{4}Z-\d{8}T\d{4}Z-dairy-eggs\.xlsx"$/);
    const bytes = await res.arrayBuffer();
    const book = await readWorkbook(bytes);
    const field = await readSummary(bytes);
    expect(field('Department')).toBe('dairy eggs');
    const from = (field('Period from (UTC)') as Date).getTime();
    const to = (field('Period to (UTC)') as Date).getTime();
    // The newest closed window is counted whole, as the dashboard counts it: the period ends at its end.
    expect(Math.abs(to - from - 3_600_000)).toBeLessThan(5_000);
    // Independently: dairy's orders in the closed windows wholly inside the period.
    const expected = closedHistory(HISTORY)
      .filter((c) => c.window.start >= from && c.window.end <= to)
      .reduce((n, c) => n + (c.window.departments.get(DAIRY)?.orders ?? 0), 0);
    expect(expected).toBeGreaterThan(100);
    expect(field('Orders')).toBe(expected);
    const top = book.getWorksheet('Top Products')!;
    for (let r = 2; r <= top.rowCount; r++) expect(top.getCell(r, 4).value).toBe('dairy eggs');
  });

  it('sends the PDF report, printed offline by Chromium', async () => {
    const res = await fetch(`${server.url}/export/report.pdf?range=all`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="purchase-trends-20261124T0600Z-\d{8}T\d{4}Z\.pdf"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    const file = join(await tempDir('export'), 'report.pdf');
    await writeFile(file, bytes);
    const text = await pdfText(file);
    expect(text).toContain('Purchase Trends Report (all data)');
    expect(text).toContain('2026-11-24 06:00 UTC');
  }, 60_000);

  it('sends the report of one aisle or one product: its products only, its orders as order lines', async () => {
    const res = await fetch(`${server.url}/export/report.xlsx?range=all&aisle=24`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/-aisle-24\.xlsx"$/);
    const bytes = await res.arrayBuffer();
    const book = await readWorkbook(bytes);
    const field = await readSummary(bytes);
    expect(field('Aisle')).toBe('24 fresh fruits');
    const from = (field('Period from (UTC)') as Date).getTime();
    const to = (field('Period to (UTC)') as Date).getTime();
    // Independently: the aisle's products in the closed windows wholly inside the period.
    const aisleProducts = new Set<number>();
    let lines = 0;
    for (const { window: w } of closedHistory(HISTORY).filter((c) => c.window.start >= from && c.window.end <= to)) {
      w.products.forEach((p, id) => {
        if (p.aisleId !== 24) return;
        aisleProducts.add(id);
        lines += p.orders;
      });
    }
    expect(lines).toBeGreaterThan(50);
    expect(field('Orders (order lines of the scope)')).toBe(lines);
    const top = book.getWorksheet('Top Products')!;
    for (let r = 2; r <= top.rowCount; r++) expect(aisleProducts.has(Number(top.getCell(r, 2).value)), `row ${r}`).toBe(true);
  });

  it('answers a bad query with a 400 that names the parameter', async () => {
    for (const [query, pattern] of [
      ['range=2h', /query parameter "range" must be one of 5m, 15m, 1h, 24h, all, got "2h"/],
      ['department=nope', /query parameter "department" must be "all", a department id or a known department name, got "nope"/],
      ['format=csv', /unknown query parameter "format" for \/export\/report\.xlsx; it takes range, department/],
      ['aisle=999', /query parameter "aisle": aisle 999 is not an aisle/],
      ['aisle=fruit', /query parameter "aisle" must be a whole number from 1 to 1000000, got "fruit"/],
      ['product=1234567', /query parameter "product": product 1234567 sold nothing in the period, or is not a product id/],
      ['department=7&aisle=24', /aisle 24 \(fresh fruits\) is in department 4 \(produce\), not in beverages/],
    ] as const) {
      const res = await fetch(`${server.url}/export/report.xlsx?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(pattern);
    }
  });
});
