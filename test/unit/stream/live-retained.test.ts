import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg } from '../../../src/domain/index';
import { mergeRetained, productTableBytes, retainWindow, withoutProducts, type ProductDirectory } from '../../../src/stream/live-retained';
import type { RetainedWindow } from '../../../src/stream/index';
import { line, order } from '../../helpers/events';

const T0 = Date.UTC(2026, 10, 24, 10);
const MINUTE = 60_000;

/** A minute of orders: product p sells p units, once per order, in departments 4 and 7. */
function minute(start: number, products: number[]) {
  const w = createWindowAgg(start, start + MINUTE);
  products.forEach((p, i) => addOrder(w, order(start + i, [line(p, { quantity: p, department_id: p % 2 ? 7 : 4, department: p % 2 ? 'beverages' : 'produce', reordered: p > 2 })])));
  return w;
}

const plain = (w: RetainedWindow) => ({
  totals: [w.orders, w.lines, w.quantity, w.revenue],
  products: [...w.products].map(([id, p]) => [id, p.name, p.departmentId, p.department, p.orders, p.quantity, p.revenue, p.reorders]),
  departments: [...w.departments].map(([id, d]) => [id, d.name, d.orders, d.lines, d.quantity, d.revenue]).sort((a, b) => Number(a[0]) - Number(b[0])),
  hours: [...w.hours].map(([h, x]) => [h, x.orders, x.lines, x.revenue]),
});

describe('retained windows', () => {
  it('keep every sum of a window, products by id, and find one by id', () => {
    const w = minute(T0, [5, 3, 1, 3, 8]);
    const kept = retainWindow(w, new Map());
    const sortedAgg = { ...plain(w), products: plain(w).products.sort((a, b) => Number(a[0]) - Number(b[0])) };
    expect(plain(kept)).toEqual(sortedAgg);
    expect(kept.products.get(3)).toMatchObject({ name: 'Product 3', orders: 2, quantity: 6, reorders: 2, revenue: 15 });
    expect(kept.products.get(4)).toBeUndefined();
    const seen: number[] = [];
    kept.products.forEach((p, id) => seen.push(id * 100 + p.orders));
    expect(seen).toEqual([101, 302, 501, 801]);
  });

  it('merge into a block equal to the sums of its windows, names from one shared directory', () => {
    const directory: ProductDirectory = new Map();
    const windows = [minute(T0, [1, 2]), minute(T0 + MINUTE, [2, 3, 3]), minute(T0 + 2 * MINUTE, [9])];
    const block = mergeRetained(windows.map((w) => retainWindow(w, directory)), directory);
    expect([block.start, block.end, block.orders, block.lines]).toEqual([T0, T0 + 3 * MINUTE, 6, 6]);
    expect([...block.products].map(([id, p]) => [id, p.orders, p.quantity])).toEqual([[1, 1, 1], [2, 2, 4], [3, 2, 6], [9, 1, 9]]);
    expect(block.departments.get(7)).toMatchObject({ orders: 4, quantity: 1 + 6 + 9 });
    expect([...directory.keys()].sort()).toEqual([1, 2, 3, 9]);
    expect(block.products.get(9)!.name).toBe(directory.get(9)!.name);
  });

  it('drop their products when only the totals and departments are needed', () => {
    const kept = withoutProducts(retainWindow(minute(T0, [1, 2]), new Map()));
    expect(kept.products.size).toBe(0);
    expect([...kept.products]).toEqual([]);
    expect(kept.orders).toBe(2);
    expect(kept.departments.size).toBe(2);
  });

  it('keep a product of a minute in at most 8 bytes (varints), exactly', () => {
    // 2,000 products of a catalogue under 65,536 ids, a few units each, prices on the cent.
    const ids = Array.from({ length: 2_000 }, (_, i) => 1 + i * 31);
    const w = createWindowAgg(T0, T0 + MINUTE);
    ids.forEach((p, i) => addOrder(w, order(T0 + i, [line(p, { quantity: 1 + (i % 5), unit_price: 0.99 + (i % 300) / 100, reordered: i % 2 === 0 })])));
    const kept = retainWindow(w, new Map());
    expect(kept.products.size).toBe(ids.length);
    expect(productTableBytes(kept.products)).toBeLessThanOrEqual(8 * ids.length);
    for (const [id, p] of w.products) expect(kept.products.get(id)).toMatchObject({ orders: p.orders, quantity: p.quantity, reorders: p.reorders, revenue: p.revenue });
    // An hour block of 60 such minutes: counts outgrow a byte, still at most 10 bytes a product.
    const directory: ProductDirectory = new Map();
    const block = mergeRetained(Array.from({ length: 60 }, () => retainWindow(w, directory)), directory);
    expect(productTableBytes(block.products)).toBeLessThanOrEqual(10 * ids.length);
    expect(block.products.get(ids[7]!)!.quantity).toBe(60 * w.products.get(ids[7]!)!.quantity);
    expect(productTableBytes(w.products)).toBeUndefined();
  });

  it('give back exactly what the byte string cannot hold (revenue off the 1/10,000 grid) from fixed-width columns', () => {
    const w = minute(T0, [5, 3, 1]);
    w.products.get(3)!.revenue = 0.123456;
    const kept = retainWindow(w, new Map());
    expect(kept.products.get(3)!.revenue).toBe(0.123456);
    expect(kept.products.get(5)!.revenue).toBe(w.products.get(5)!.revenue);
    expect(productTableBytes(kept.products)).toBeGreaterThan(0);
  });
});
