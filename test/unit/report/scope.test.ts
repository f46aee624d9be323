// Reports of one aisle or one product: only its products, and totals that match an
// independent sum over the raw lines the fixture was made of; from live windows and from the
// Parquet tables alike; unknown or contradictory filters say so.
import { describe, expect, it } from 'vitest';
import { addMoney } from '../../../src/domain/index';
import { buildReportModel, createSyntheticSource, lineRevenue, scopeProblem } from '../../../src/index';
import { productRowsFromRecords, departmentRowsFromRecords, hourRowsFromRecords, rowsFromClosedWindows, type AggregatedRows } from '../../../src/report/rows';
import { encodeDepartments, encodeHours, encodeProducts } from '../../../src/store/index';
import { readParquetRows } from '../../../src/store/tables';
import type { ClosedWindow } from '../../../src/stream/index';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';

const OPTIONS = { hours: 1, ordersPerSecond: 0.3 };
const period = { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: 0, topN: 10_000 };
// The same seeded stream the history helper aggregated (seed 7, no seasonality), line by line.
const lines = [...createSyntheticSource({ seed: 7, startTime: HISTORY_START, ordersPerSecond: 0.3, endTime: HISTORY_START + HOUR, seasonality: false }).generate()]
  .flatMap((e) => e.lines);

function rawSum(keep: (l: (typeof lines)[number]) => boolean) {
  const kept = lines.filter(keep);
  return {
    lines: kept.length, items: kept.reduce((n, l) => n + l.quantity, 0), revenue: kept.reduce((s, l) => addMoney(s, lineRevenue(l)), 0),
    products: new Set(kept.map((l) => l.product_id)), departments: new Set(kept.map((l) => l.department_id)),
  };
}

/** The aisle with the most lines, so the test has plenty to add up. */
function busiestAisle(): number {
  const counts = new Map<number, number>();
  for (const l of lines) counts.set(l.aisle_id, (counts.get(l.aisle_id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

describe('reports of one aisle or one product', () => {
  const closed = closedHistory(OPTIONS);
  const rows = rowsFromClosedWindows(closed);
  const aisle = busiestAisle();
  const raw = rawSum((l) => l.aisle_id === aisle);
  const aisleOf = new Map(lines.map((l) => [l.product_id, l.aisle_id]));

  it('an aisle\'s report holds only its products, with totals equal to its raw lines', () => {
    const model = buildReportModel(rows, { ...period, aisle });
    expect(raw.lines).toBeGreaterThan(50);
    expect(model.aisle).toMatchObject({ id: aisle, name: expect.any(String) });
    expect(new Set(model.topProducts.map((p) => aisleOf.get(p.productId)))).toEqual(new Set([aisle]));
    expect(new Set(model.topProducts.map((p) => p.productId))).toEqual(raw.products);
    // An order counts once per product of the aisle it holds: order lines.
    expect(model.summary).toMatchObject({ orders: raw.lines, lines: raw.lines, items: raw.items, revenue: raw.revenue, activeProducts: raw.products.size });
    expect(model.departments.map((d) => d.departmentId)).toEqual([...raw.departments]);
    expect(model.departments[0]!.revenue).toBe(raw.revenue);
    expect(model.volume.reduce((s, v) => addMoney(s, v.revenue), 0)).toBe(raw.revenue);
    expect(model.hours).toEqual([]);
    expect(model.scopeNote).toContain('orders are order lines');
    expect(scopeProblem(model, model.department)).toBeNull();
  });

  it('reads the same from the Parquet tables, which keep each product\'s aisle', async () => {
    const read = async (encode: (c: ClosedWindow) => Uint8Array) => (await Promise.all(closed.map((c) => readParquetRows(encode(c), 'test')))).flat();
    const stored: AggregatedRows = {
      products: productRowsFromRecords(await read(encodeProducts)), departments: departmentRowsFromRecords(await read(encodeDepartments)),
      hours: hourRowsFromRecords(await read(encodeHours)),
    };
    expect(buildReportModel(stored, { ...period, aisle }).summary).toEqual(buildReportModel(rows, { ...period, aisle }).summary);
  });

  it('a product\'s report is that product alone, as its raw lines sum', () => {
    const product = [...raw.products][0]!;
    const mine = rawSum((l) => l.product_id === product);
    const model = buildReportModel(rows, { ...period, product, aisle });
    expect(model.topProducts.map((p) => p.productId)).toEqual([product]);
    expect(model.summary).toMatchObject({ lines: mine.lines, items: mine.items, revenue: mine.revenue, activeProducts: 1 });
    expect(model.highlights.join(' ')).toContain(`product ${model.product!.name}`);
  });

  it('an unknown or contradictory aisle or product is a clear problem, naming it', () => {
    const problem = (options: { aisle?: number; product?: number; department?: string }) => scopeProblem(...((m) => [m, m.department] as const)(buildReportModel(rows, { ...period, ...options })));
    expect(problem({ aisle: 9999 })).toEqual({ filter: 'aisle', message: expect.stringMatching(/^aisle 9999 is not an aisle: Instacart's aisles are numbered 1 to 134/) });
    expect(problem({ product: 987654321 })).toEqual({ filter: 'product', message: expect.stringContaining('product 987654321 sold nothing in the period') });
    // Aisle 24 (fresh fruits) is in produce (4), not in beverages (7).
    expect(problem({ aisle: 24, department: '7' })?.message).toBe('aisle 24 (fresh fruits) is in department 4 (produce), not in beverages');
    const elsewhere = lines.find((l) => l.aisle_id !== aisle)!;
    expect(problem({ aisle, product: elsewhere.product_id })?.message).toContain(`is in aisle ${elsewhere.aisle_id}, not in aisle ${aisle}`);
  });
});
