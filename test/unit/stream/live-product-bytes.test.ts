import { describe, expect, it } from 'vitest';
import { ProductBytes, type ProductNumbers } from '../../../src/stream/live-product-bytes';

const blank = (): ProductNumbers => ({ id: 0, orders: 0, quantity: 0, reorders: 0, revenue: 0 });

/** Products as plain rows, encoded; counts interleaved as the encoder takes them. */
function encode(rows: ProductNumbers[]) {
  const ids = rows.map((r) => r.id);
  const counts = rows.flatMap((r) => [r.orders, r.quantity, r.reorders]);
  return ProductBytes.encode(ids, counts, rows.map((r) => r.revenue));
}

function all(bytes: ProductBytes): ProductNumbers[] {
  const out: ProductNumbers[] = [];
  bytes.forEach(blank(), (p) => out.push({ ...p }));
  return out;
}

describe('product byte strings', () => {
  it('give back every product in id order and find each one, for random values of every size', () => {
    let seed = 11;
    const next = (limit: number) => (seed = (seed * 48_271) % 2_147_483_647) % limit;
    const rows: ProductNumbers[] = [];
    let id = next(1_000);
    // 1,000 products: past many index steps, with gaps of one to millions, counts from 0 to 2^40.
    for (let i = 0; i < 1_000; i++) {
      const big = i % 97 === 0;
      const orders = big ? 2 ** 40 + next(1_000) : next(300);
      // Quantity below orders too: a foreign window is not held to quantity ≥ orders.
      const quantity = i % 13 === 0 ? Math.floor(orders / 2) : orders + next(50);
      rows.push({ id, orders, quantity, reorders: next(orders + 1), revenue: (big ? 2 ** 38 : 0) + next(10_000_000) / 10_000 });
      id += i % 50 === 0 ? 1 + next(5_000_000) : 1 + next(40);
    }
    const bytes = encode(rows)!;
    expect(bytes.size).toBe(rows.length);
    expect(all(bytes)).toEqual(rows);
    expect([...bytes.items()]).toEqual(rows);
    const p = blank();
    for (const row of rows) {
      expect(bytes.find(row.id, p)).toBe(true);
      expect(p).toEqual(row);
    }
  });

  it('find nothing for an id it does not hold: before the first, between two, after the last', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ id: 10 + 3 * i, orders: 1, quantity: 1, reorders: 0, revenue: 1.5 }));
    const bytes = encode(rows)!;
    for (const id of [0, 9, 11, 12, 10 + 3 * 32 - 1, 10 + 3 * 32 + 1, 10 + 3 * 99 + 1, 1e9]) expect(bytes.find(id, blank())).toBe(false);
    expect(bytes.find(10 + 3 * 64, blank())).toBe(true);
    const empty = encode([])!;
    expect(empty.size).toBe(0);
    expect(empty.find(10, blank())).toBe(false);
    expect(all(empty)).toEqual([]);
  });

  it('refuse what they cannot give back exactly: fractions, negatives, revenue off the grid, ids out of order', () => {
    const ok = { id: 5, orders: 2, quantity: 3, reorders: 1, revenue: 4.25 };
    expect(encode([ok])).toBeDefined();
    for (const bad of [{ orders: 1.5 }, { reorders: -1 }, { revenue: 0.00001 }, { revenue: -2 }, { quantity: 2 ** 60 }, { id: -1 }]) {
      expect(encode([{ ...ok, ...bad }])).toBeUndefined();
    }
    expect(encode([ok, { ...ok, id: 4 }])).toBeUndefined();
  });

  it('take one byte a number for small counts: a minute of a busy shop is 6-8 bytes a product', () => {
    // 40,000 products in a row, each bought a few times, revenue under $200.
    const rows = Array.from({ length: 40_000 }, (_, i) => ({ id: i + 1, orders: 1 + (i % 9), quantity: 1 + (i % 9) + (i % 2), reorders: i % 5, revenue: 1.99 * (1 + (i % 9)) }));
    const bytes = encode(rows)!;
    expect(bytes.bytes / rows.length).toBeGreaterThan(6);
    expect(bytes.bytes / rows.length).toBeLessThan(8);
  });
});
