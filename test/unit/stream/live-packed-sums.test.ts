import { describe, expect, it } from 'vitest';
import { addOrder, createWindowAgg } from '../../../src/domain/index';
import { packSums } from '../../../src/stream/live-packed-sums';
import { retainWindow, type RetainedWindow } from '../../../src/stream/live-retained';
import { applyWindowSums, createWindowSums } from '../../../src/stream/live-sums';
import { line, order } from '../../helpers/events';

const T0 = Date.UTC(2026, 10, 24, 10, 59);

/** Two minutes across the top of an hour, so departments hold two hours of day; revenue off the cent. */
function window(): RetainedWindow {
  const w = createWindowAgg(T0, T0 + 120_000);
  const departments = [[4, 'produce'], [7, 'beverages'], [19, 'snacks']] as const;
  for (let i = 0; i < 40; i++) {
    const [id, name] = departments[i % 3]!;
    addOrder(w, order(T0 + i * 3_000, [line(100 + i, { department_id: id, department: name, quantity: 1 + (i % 4), unit_price: 1.37, discount: i % 5 === 0 ? 0.1 : 0 })]));
  }
  return retainWindow(w, new Map());
}

const plain = (w: RetainedWindow) => ({
  totals: [w.start, w.end, w.orders, w.lines, w.quantity, w.revenue],
  departments: [...w.departments].map(([id, d]) => [id, d.name, d.orders, d.lines, d.quantity, d.revenue, [...d.hours]]),
  hours: [...w.hours],
});

describe('packed sums', () => {
  it('give back every department, with its hours of day, and every hour, as the window had them', () => {
    const w = window();
    const packed = packSums(w);
    expect(plain(packed)).toEqual(plain(w));
    expect(w.departments.get(4)!.hours.size).toBe(2);
    expect(packed.departments.get(7)).toEqual(w.departments.get(7));
    expect(packed.departments.get(5)).toBeUndefined();
    expect([packed.departments.has(19), packed.departments.has(20), packed.departments.size]).toEqual([true, false, 3]);
    expect([...packed.departments.keys()]).toEqual([...w.departments.keys()]);
    expect([...packed.hours.values()]).toEqual([...w.hours.values()]);
    const seen: number[] = [];
    packed.departments.forEach((d, id, map) => seen.push(id, d.orders, map.size));
    expect(seen).toEqual([...w.departments].flatMap(([id, d]) => [id, d.orders, 3]));
  });

  it('add to and take out of running sums exactly as the window does', () => {
    const w = window();
    const fromWindow = createWindowSums();
    const fromPacked = createWindowSums();
    applyWindowSums(fromWindow, w, 1, false);
    applyWindowSums(fromPacked, packSums(w), 1, false);
    expect(fromPacked).toEqual(fromWindow);
    applyWindowSums(fromPacked, packSums(w), -1, false);
    expect(fromPacked.totals).toEqual({ orders: 0, lines: 0, quantity: 0, revenue: 0 });
    expect([...fromPacked.departments.values()].every((d) => d.orders === 0 && d.revenue === 0 && [...d.hours.values()].every((h) => h.orders === 0))).toBe(true);
  });

  it('hold an empty window', () => {
    const empty = packSums(retainWindow(createWindowAgg(T0, T0 + 60_000), new Map()));
    expect([empty.departments.size, empty.hours.size, [...empty.departments]]).toEqual([0, 0, []]);
  });
});
