import { describe, expect, it } from 'vitest';
import { forEachRecord } from '../../../../src/sources/instacart/csv';
import { createOrderLookup, createOrderTableBuilder, DROPPED, type OrderTable } from '../../../../src/sources/instacart/order-table';
import { reconstructTimeline, secondsIntoHour, sortSlots } from '../../../../src/sources/instacart/timeline';

const DAY = 86_400;
const HOUR = 3_600;

interface Rejected { where: string; reason: string }

function tableOf(csv: string, rejected: Rejected[] = []): OrderTable {
  const builder = createOrderTableBuilder({ reject: (where, reason) => rejected.push({ where, reason }), capacity: 2 });
  forEachRecord(new TextEncoder().encode(csv), builder.record);
  return builder.finish();
}

const HEADER = 'order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order\n';

describe('order table', () => {
  it('keeps every good row in typed columns, growing as needed, and rejects bad rows with their line', () => {
    const rejected: Rejected[] = [];
    const table = tableOf(`${HEADER}11,1,prior,1,2,08,\n12,1,prior,2,3,"9",7.0\n13,1,train,x,3,9,7.0\n14,2,test,1,6,23,\n`, rejected);
    expect(table.count).toBe(3);
    expect([...table.orderId]).toEqual([11, 12, 14]);
    expect([...table.hour]).toEqual([8, 9, 23]);
    expect([...table.evalSet]).toEqual([0, 0, 2]);
    expect([...table.days]).toEqual([Number.NaN, 7, Number.NaN]);
    expect([...table.line]).toEqual([2, 3, 5]);
    expect(rejected).toEqual([{ where: 'orders.csv:4', reason: 'order_number: expected a positive integer, got "x"' }]);
  });

  it('looks orders up by id and drops a repeated order_id', () => {
    const rejected: Rejected[] = [];
    const table = tableOf('40,1,prior,1,2,08,\n7,1,prior,2,3,9,7.0\n40,2,prior,1,3,9,\n', rejected);
    const lookup = createOrderLookup(table, (where, reason) => rejected.push({ where, reason }));
    expect([lookup(40), lookup(7), lookup(8), lookup(1000)]).toEqual([0, 1, -1, -1]);
    expect(table.evalSet[2]).toBe(DROPPED);
    expect(rejected).toEqual([{ where: 'orders.csv:3', reason: 'order_id 40 repeats the order at orders.csv:1' }]);
  });

  it('uses a map for sparse ids', () => {
    const table = tableOf('2000000000,1,prior,1,2,08,\n3,1,prior,2,3,9,7.0\n');
    const lookup = createOrderLookup(table, () => undefined);
    expect([lookup(2_000_000_000), lookup(3), lookup(4)]).toEqual([0, 1, -1]);
  });
});

describe('secondsIntoHour', () => {
  it('is stable per order and spreads orders over the hour', () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => secondsIntoHour(i + 1));
    expect(offsets.every((s) => Number.isInteger(s) && s >= 0 && s < HOUR)).toBe(true);
    expect(secondsIntoHour(2_539_329)).toBe(secondsIntoHour(2_539_329));
    expect(new Set(offsets).size).toBeGreaterThan(700);
    expect(Math.min(...offsets)).toBeLessThan(300);
    expect(Math.max(...offsets)).toBeGreaterThan(3300);
  });
});

describe('reconstructTimeline', () => {
  const at = (day: number, hour: number, orderId: number): number => day * DAY + hour * HOUR + secondsIntoHour(orderId);

  it("places a user's first order on day order_dow and each next one days_since_prior_order later, on its own weekday", () => {
    // 102: day 2 + 3 = 5, but order_dow 3: day 3 is nearer than day 10. 103: 3 + 7 = 10 is a Wednesday (3);
    // order_dow 0 is nearer at day 7 (3 back) than at 14 (4 on). 202: 6 + 1 = 7 is a Sunday; order_dow 6 is day 6 or 13,
    // and day 6 (the nearer) at 00:xx would come before 201 at 23:xx, so it moves on a week to 13.
    const table = tableOf(`${HEADER}101,1,prior,1,2,10,\n102,1,prior,2,3,09,3.0\n103,1,train,3,0,14,7.0\n201,2,prior,1,6,23,\n202,2,test,2,6,0,1.0\n`);
    const seconds = reconstructTimeline(table, () => undefined);
    expect([...seconds]).toEqual([at(2, 10, 101), at(3, 9, 102), at(7, 14, 103), at(6, 23, 201), at(13, 0, 202)]);
  });

  it('moves an order a week on when 0 days and an earlier hour would put it before the previous one', () => {
    const table = tableOf(`${HEADER}301,3,prior,1,4,20,\n302,3,prior,2,4,08,0.0\n303,3,prior,3,4,09,0.0\n304,3,prior,4,6,09,2.0\n`);
    const seconds = reconstructTimeline(table, () => undefined);
    expect([...seconds]).toEqual([at(4, 20, 301), at(11, 8, 302), at(11, 9, 303), at(13, 9, 304)]);
  });

  it("spans missing order numbers with the user's mean days between orders", () => {
    // User 4 lists #3, #4 and #7: mean days (10 + 6 + 8) / 3 = 8. #3 aims at (3 − 2) × 8 + 10 = 18
    // (day 18 is a Thursday, 4: its dow). #4 aims at 18 + 6 = 24 (a Wednesday, 3, its dow).
    // #7 aims at 24 + 8 + 2 × 8 = 48, a Saturday; its dow 1 is day 50 (2 on) rather than 43 (5 back).
    const table = tableOf(`${HEADER}401,4,prior,3,4,12,10.0\n402,4,prior,4,3,12,6.0\n403,4,prior,7,1,12,8.0\n`);
    const seconds = reconstructTimeline(table, () => undefined);
    expect([...seconds]).toEqual([at(18, 12, 401), at(24, 12, 402), at(50, 12, 403)]);
  });

  it('does not need orders.csv sorted by user and order_number', () => {
    const sorted = `${HEADER}101,1,prior,1,2,10,\n102,1,prior,2,3,09,3.0\n103,1,train,3,0,14,7.0\n201,2,prior,1,6,23,\n`;
    const shuffled = `${HEADER}103,1,train,3,0,14,7.0\n201,2,prior,1,6,23,\n101,1,prior,1,2,10,\n102,1,prior,2,3,09,3.0\n`;
    const byOrder = (csv: string): Map<number, number> => {
      const table = tableOf(csv);
      const seconds = reconstructTimeline(table, () => undefined);
      return new Map(Array.from(table.orderId, (id, i) => [id, seconds[i] as number]));
    };
    expect(byOrder(shuffled)).toEqual(byOrder(sorted));
  });

  it('drops a repeated (user_id, order_number) as a bad row', () => {
    const rejected: Rejected[] = [];
    const table = tableOf(`${HEADER}101,1,prior,1,2,10,\n102,1,prior,2,3,09,3.0\n105,1,prior,2,3,11,3.0\n`);
    const seconds = reconstructTimeline(table, (where, reason) => rejected.push({ where, reason }));
    expect(rejected).toEqual([{ where: 'orders.csv:4', reason: 'user 1 already has order_number 2 at orders.csv:3' }]);
    expect(table.evalSet[2]).toBe(DROPPED);
    expect(seconds[2]).toBeNaN();
    expect(seconds[1]).toBe(at(3, 9, 102));
  });
});

describe('sortSlots', () => {
  const expected = (slots: number[], primary: number[], secondary: number[]): number[] =>
    [...slots].sort((a, b) => (primary[a] as number) - (primary[b] as number) || (secondary[a] as number) - (secondary[b] as number) || a - b);

  it('sorts by primary, then secondary, then slot, with packed keys', () => {
    const primary = [5, 3, 5, 3, 0, 5];
    const secondary = [2, 9, 1, 9, 4, 1];
    const slots = [0, 1, 2, 3, 4, 5];
    expect([...sortSlots(Uint32Array.from(slots), primary, secondary)]).toEqual([4, 1, 3, 2, 5, 0]);
    expect([...sortSlots(Uint32Array.from(slots), primary)]).toEqual([4, 1, 3, 0, 2, 5]);
    expect(expected(slots, primary, secondary)).toEqual([4, 1, 3, 2, 5, 0]);
  });

  it('falls back to a comparator when the keys do not fit 53 bits, with the same order', () => {
    const primary = [2 ** 40, 7, 2 ** 40, 7];
    const secondary = [2 ** 20, 3, 1, 3];
    expect([...sortSlots(Uint32Array.of(0, 1, 2, 3), primary, secondary)]).toEqual(expected([0, 1, 2, 3], primary, secondary));
    expect([...sortSlots(Uint32Array.of(0, 1, 2, 3), primary, secondary)]).toEqual([1, 3, 2, 0]);
  });
});
