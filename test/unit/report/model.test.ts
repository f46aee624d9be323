import { describe, expect, it } from 'vitest';
import { buildReportModel, createTopologyDriver, tumbling, type Alert } from '../../../src/index';
import {
  departmentHourRowsFromRecords, rowsFromClosedWindows, departmentRowsFromRecords, hourRowsFromRecords, productRowsFromRecords, pairRowsFromRecords, type AggregatedRows,
} from '../../../src/report/rows';
import { encodeDepartmentHours, encodeDepartments, encodeHours, encodePairs, encodeProducts } from '../../../src/store/index';
import { hopping } from '../../../src/domain/windows';
import { readParquetRows } from '../../../src/store/tables';
import type { ClosedWindow } from '../../../src/stream/index';
import { line, order } from '../../helpers/events';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

/** Four one-minute windows: product 1 sells evenly, product 2 doubles in the second half, product 3 is new in it. */
function fourMinutes(window = tumbling(MIN)): ClosedWindow[] {
  const driver = createTopologyDriver({ partitions: 2, settings: { window, allowedLatenessMs: 0 }, start: T0 });
  for (let m = 0; m < 4; m++) {
    const at = T0 + m * MIN + 1_000;
    driver.pipe(order(at, [line(1, { unit_price: 10, department_id: 4, department: 'produce' })]));
    driver.pipe(order(at + 1, [line(2, { unit_price: 5, quantity: m < 2 ? 1 : 2, department_id: 16, department: 'dairy eggs' })]));
    if (m >= 2) driver.pipe(order(at + 2, [line(3, { unit_price: 1, department_id: 16, department: 'dairy eggs' }), line(1, { unit_price: 10 })]));
  }
  driver.finish();
  return driver.closed;
}

const period = { from: T0, to: T0 + 4 * MIN, generatedAt: T0 + 5 * MIN };

describe('report model', () => {
  it('sums KPIs exactly from closed windows', () => {
    const model = buildReportModel(rowsFromClosedWindows(fourMinutes()), period);
    expect(model.coverage).toEqual({ windows: 4, windowMs: MIN, first: T0, last: T0 + 4 * MIN });
    // orders: 2 per minute + 1 extra in minutes 3 and 4; revenue: 4×10 + (5+5+10+10) + 2×(1+10)
    expect(model.summary).toMatchObject({ orders: 10, lines: 12, items: 14, revenue: 92, activeProducts: 3, departments: 2, alerts: 0 });
    expect(model.summary.avgBasketValue).toBeCloseTo(9.2);
    expect(model.volume.map((v) => [v.start - T0, v.orders, v.revenue])).toEqual([[0, 2, 15], [MIN, 2, 15], [2 * MIN, 3, 31], [3 * MIN, 3, 31]]);
  });

  it('ranks top products by revenue with their trend against their share of the first half of the period', () => {
    const model = buildReportModel(rowsFromClosedWindows(fourMinutes()), period);
    // Both products doubled their revenue, as the whole store did ($30 → $62): each kept its share, so both are flat.
    expect(model.topProducts.map((p) => [p.rank, p.productId, p.revenue, p.trend, p.previousRank])).toEqual([
      [1, 1, 60, 'flat', 1], [2, 2, 30, 'flat', 2], [3, 3, 2, 'new', null],
    ]);
    // Product 1: $20 of the store's $30 before, so $20 × 62/30 expected over the 2 newer minutes; it made $20 a minute.
    expect(model.topProducts[0]).toMatchObject({ observed: 20, units: 6, orders: 6 });
    expect(model.topProducts[0]!.baseline).toBeCloseTo((20 * 62) / 30 / 2, 6);
    expect(model.topProducts[0]!.changePct).toBeCloseTo((40 / ((20 * 62) / 30) - 1) * 100, 6);
    expect(model.topProducts[0]!.share).toBeCloseTo(60 / 92);
    expect(model.summary.revenueChangePct).toBeCloseTo(((31 - 15) / 15) * 100);
    expect(model.highlights.join(' ')).toContain('Top product: Product 1 (produce) with $60.00');
  });

  it('filters by department name or id, hours of day included', () => {
    const rows = rowsFromClosedWindows(fourMinutes());
    for (const department of ['Dairy Eggs', 16, '16']) {
      const model = buildReportModel(rows, { ...period, department });
      expect(model.department).toEqual({ id: 16, name: 'dairy eggs' });
      expect(model.summary).toMatchObject({ orders: 6, revenue: 32, activeProducts: 2 });
      expect(model.topProducts.map((p) => p.productId)).toEqual([2, 3]);
      expect(model.departments.map((d) => d.department)).toEqual(['dairy eggs']);
      expect(model.departments[0]!.share).toBeCloseTo(32 / 92);
      expect(model.hoursFiltered).toBe(true);
      // Every order of the fixture is at 09:00; dairy eggs is in 6 of the 10.
      expect(model.hours.map((h) => [h.hourOfDay, h.orders, h.revenue])).toEqual([[9, 6, 32]]);
    }
    // A history written before departments kept their hours: all departments' hours, and says so.
    const older = buildReportModel({ ...rows, departmentHours: undefined }, { ...period, department: 16 });
    expect(older.hoursFiltered).toBe(false);
    expect(older.hours.map((h) => [h.hourOfDay, h.orders])).toEqual([[9, 10]]);
    // A department of the store with nothing sold in the period: known, and empty.
    const quiet = buildReportModel(rows, { ...period, department: 'pets' });
    expect(quiet.department).toEqual({ id: 8, name: 'pets' });
    expect(quiet.summary.orders).toBe(0);
    // A name no department has.
    const unknown = buildReportModel(rows, { ...period, department: 'fish' });
    expect(unknown.department).toEqual({ id: null, name: 'fish' });
    expect(unknown.summary.orders).toBe(0);
  });

  it('keeps only windows wholly inside the period', () => {
    const model = buildReportModel(rowsFromClosedWindows(fourMinutes()), { ...period, from: T0 + 30_000, to: T0 + 3 * MIN + 1 });
    expect(model.volume.map((v) => v.start - T0)).toEqual([MIN, 2 * MIN]);
    expect(model.summary.orders).toBe(5);
  });

  it('counts each order once when windows hop', () => {
    const tumblingModel = buildReportModel(rowsFromClosedWindows(fourMinutes()), period);
    const hoppingModel = buildReportModel(rowsFromClosedWindows(fourMinutes(hopping(2 * MIN, MIN))), period);
    expect(hoppingModel.coverage).toMatchObject({ windows: 2, windowMs: 2 * MIN });
    expect(hoppingModel.summary).toMatchObject({ orders: tumblingModel.summary.orders, revenue: tumblingModel.summary.revenue });
  });

  it('keeps the alerts of the period and the department', () => {
    const alert = (id: string, level: Alert['level'], subjectId: number, startedAt: number): Alert => ({
      id, level, subjectId, subjectName: `s${subjectId}`, direction: 'surge', severity: 'warning', startedAt, lastSeenAt: startedAt,
      resolvedAt: null, acknowledged: false, baseline: 5, observed: 10, changePct: 100, message: 'up',
    });
    const alerts = [alert('b', 'product', 2, T0 + 2 * MIN), alert('a', 'department', 4, T0 + MIN), alert('old', 'product', 1, T0 - HOUR)];
    const rows = rowsFromClosedWindows(fourMinutes());
    expect(buildReportModel(rows, { ...period, alerts }).alerts.map((a) => a.id)).toEqual(['a', 'b']);
    expect(buildReportModel(rows, { ...period, alerts, department: 'dairy eggs' }).alerts.map((a) => a.id)).toEqual(['b']);
  });

  it('is the same model from the Parquet history as from the live closed windows', async () => {
    const closed = closedHistory({ hours: 1, ordersPerSecond: 0.3 });
    const live = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: 0 });
    const read = async (encode: (c: ClosedWindow) => Uint8Array) => (await Promise.all(closed.map((c) => readParquetRows(encode(c), 'test')))).flat();
    const fromParquet: AggregatedRows = {
      products: productRowsFromRecords(await read(encodeProducts)),
      departments: departmentRowsFromRecords(await read(encodeDepartments)),
      hours: hourRowsFromRecords(await read(encodeHours)),
      departmentHours: departmentHourRowsFromRecords(await read(encodeDepartmentHours)),
      pairs: pairRowsFromRecords(await read(encodePairs)),
    };
    const stored = buildReportModel(fromParquet, { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: 0 });
    expect(live.summary.orders).toBeGreaterThan(500);
    expect(stored).toEqual(live);
    const department = live.departments[1]!.departmentId;
    const liveDepartment = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: 0, department });
    expect(buildReportModel(fromParquet, { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: 0, department })).toEqual(liveDepartment);
    expect(liveDepartment.hours.reduce((n, h) => n + h.orders, 0)).toBe(liveDepartment.summary.orders);
  });

  it('says plainly when the period has no data', () => {
    const model = buildReportModel({ products: [], departments: [], hours: [] }, period);
    expect(model.summary.orders).toBe(0);
    expect(model.topProducts).toEqual([]);
    expect(model.highlights).toEqual([expect.stringMatching(/^No closed windows with orders for the store between 2026-11-24 09:00 UTC and 2026-11-24 09:04 UTC/)]);
  });
});
