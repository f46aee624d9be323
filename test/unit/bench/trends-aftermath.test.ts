import { describe, expect, it } from 'vitest';
import { labelScenario, type Alert, type WindowCounts } from '../../../src/index';
import { aftermathOf } from '../../../bench/_trends-aftermath';
import { createShareMeter } from '../../../bench/_trends-shares';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 24, 7);
const FROZEN = 1;
const PIZZA = 501;
const OTHER = 502;

/** One 1-minute window: 1,000 orders, the pizza in `pizza` of them, another frozen product in 10. */
const window = (minute: number, pizza: number): WindowCounts => ({
  start: T0 + minute * MINUTE, end: T0 + (minute + 1) * MINUTE, orders: 1_000, departments: new Map(),
  products: new Map([[PIZZA, { name: 'pizza', departmentId: FROZEN, orders: pizza }], [OTHER, { name: 'other', departmentId: FROZEN, orders: 10 }]]),
});
/** Pizza sells 1 per 1,000 orders until minute 60, then `after` per 1,000 (a department shift from 60 to 90, then its aftermath). */
const meterWith = (after: number) => {
  const meter = createShareMeter((_, departmentId) => departmentId === FROZEN);
  for (let m = 0; m < 240; m++) meter.add(window(m, m < 60 ? 1 : after));
  return meter;
};
const shift = labelScenario({ kind: 'department-shift', departmentId: FROZEN, factor: 2, from: T0 + 60 * MINUTE, to: T0 + 90 * MINUTE }, 0);
const alert = (minute: number, subjectId = PIZZA): Alert => ({ level: 'product', subjectId, startedAt: T0 + minute * MINUTE } as Alert);
const options = (after: number) => ({ shares: meterWith(after), productDepartment: () => FROZEN, minChange: 0.3 });

describe('trend bench: the aftermath of a scenario', () => {
  it('measures a product\'s share over whole 5-minute buckets', () => {
    const meter = meterWith(2);
    expect(meter.share(PIZZA, T0, T0 + 60 * MINUTE)).toEqual({ count: 60, share: 0.001 });
    expect(meter.share(PIZZA, T0 + 50 * MINUTE, T0 + 70 * MINUTE)).toEqual({ count: 30, share: 0.0015 });
    expect(meter.share(PIZZA, T0 + 61 * MINUTE, T0 + 64 * MINUTE)).toBeNull(); // no whole bucket inside
  });

  it('counts a rise after the shift as its aftermath when the product really sells 30% more', () => {
    const found = aftermathOf(alert(120), 'up', [shift], options(2));
    expect(found?.label.id).toBe(shift.id);
    expect(found?.ratio).toBeCloseTo(2, 6);
  });

  it('keeps it a false alarm when the product has not moved by the minimum change', () => {
    expect(aftermathOf(alert(120), 'up', [shift], options(1.2))).toBeNull();
  });

  it('keeps alerts during the shift, the other way, too late, or on another department a false alarm', () => {
    expect(aftermathOf(alert(75), 'up', [shift], options(2))).toBeNull();
    expect(aftermathOf(alert(120), 'down', [shift], options(2))).toBeNull();
    expect(aftermathOf(alert(90 + 181), 'up', [shift], options(2))).toBeNull();
    expect(aftermathOf(alert(120), 'up', [shift], { ...options(2), productDepartment: () => 7 })).toBeNull();
  });

  it('looks at a product\'s own scenario the same way', () => {
    const surge = labelScenario({ kind: 'surge', productId: PIZZA, factor: 5, from: T0 + 60 * MINUTE, to: T0 + 90 * MINUTE }, 1);
    expect(aftermathOf(alert(130), 'up', [surge], options(1.6))?.ratio).toBeCloseTo(1.6, 6);
    expect(aftermathOf(alert(130, OTHER), 'up', [surge], options(1.6))).toBeNull();
  });
});
