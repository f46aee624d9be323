import { describe, expect, it } from 'vitest';
import { chooseComparisonSource } from '../../../src/index';
import { compareFigures, type PeriodFigures } from '../../../src/stream/index';
import { delta } from '../../../src/stream/live-compare';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = Date.UTC(2026, 10, 30, 12);

const figures = (kpis: Partial<PeriodFigures['kpis']>, departments: Array<[number, number]> = [], products: Array<[number, number]> = []): PeriodFigures => ({
  kpis: { orders: 0, lines: 0, items: 0, revenue: 0, avgBasketValue: 0, activeProducts: 0, ...kpis },
  departments: new Map(departments.map(([id, revenue]) => [id, { revenue }])),
  products: new Map(products.map(([id, revenue]) => [id, { revenue }])),
});

describe('comparison maths', () => {
  it('takes money deltas to the cent, where plain subtraction leaves a residue', () => {
    expect(0.3 - 0.1).not.toBe(0.2);
    expect(delta(0.3, 0.1, true).abs).toBe(0.2);
    expect(delta(1234.56, 1000.01, true)).toEqual({ current: 1234.56, previous: 1000.01, abs: 234.55, pct: (234.55 / 1000.01) * 100 });
  });

  it('gives no percentage of an earlier 0, and a negative one for a fall', () => {
    expect(delta(5, 0).pct).toBeNull();
    expect(delta(0, 0)).toEqual({ current: 0, previous: 0, abs: 0, pct: null });
    expect(delta(75, 100).pct).toBe(-25);
  });

  it('compares every KPI, every department of either period, and the products asked for', () => {
    const now = figures({ orders: 120, revenue: 1500.3, avgBasketValue: 12.5 }, [[1, 1000.2], [4, 500.1]], [[10, 80], [11, 20]]);
    const then = figures({ orders: 100, revenue: 1200.1, avgBasketValue: 12 }, [[1, 900.1], [7, 300]], [[10, 40]]);
    const d = compareFigures(now, then, [10, 11]);
    expect(d.kpis.orders).toEqual({ current: 120, previous: 100, abs: 20, pct: 20 });
    expect(d.kpis.revenue.abs).toBe(300.2);
    expect(d.kpis.avgBasketValue.abs).toBe(0.5);
    expect([...d.departments.keys()].sort()).toEqual([1, 4, 7]);
    expect(d.departments.get(1)?.abs).toBe(100.1);
    expect(d.departments.get(4)).toMatchObject({ previous: 0, pct: null });
    expect(d.departments.get(7)).toMatchObject({ current: 0, abs: -300, pct: -100 });
    expect(d.products.get(10)).toMatchObject({ abs: 40, pct: 100 });
    expect(d.products.get(11)).toMatchObject({ previous: 0, pct: null });
  });
});

describe('where the earlier period comes from', () => {
  const range = { from: T - HOUR, to: T };
  const period = { from: T - HOUR - DAY, to: T - DAY };

  it('the live store when its retention reaches the start of the earlier period', () => {
    expect(chooseComparisonSource(range, 'day', { liveFrom: period.from, history: null }, 48 * HOUR)).toEqual({ source: 'live', period });
  });

  it('the history when live does not reach back and the history covers the whole period', () => {
    const history = { from: T - 10 * DAY, to: T };
    expect(chooseComparisonSource(range, 'day', { liveFrom: T - 23 * HOUR, history }, DAY)).toEqual({ source: 'history', period });
    expect(chooseComparisonSource(range, 'week', { liveFrom: T - 23 * HOUR, history }, DAY))
      .toEqual({ source: 'history', period: { from: range.from - 7 * DAY, to: T - 7 * DAY } });
  });

  it('none, saying why, when neither covers it (a history that starts late or ends early)', () => {
    const late = chooseComparisonSource(range, 'week', { liveFrom: T - 23 * HOUR, history: { from: T - 2 * DAY, to: T } }, DAY);
    expect(late.source).toBe('none');
    expect(late.source === 'none' && late.reason).toBe(
      'no data for the previous week (2026-11-23 11:00 UTC to 2026-11-23 12:00 UTC): the live view keeps 24 h and the history covers 2026-11-28 12:00 UTC to 2026-11-30 12:00 UTC');
    const early = chooseComparisonSource(range, 'day', { liveFrom: null, history: { from: T - 3 * DAY, to: T - DAY - 30 * 60_000 } }, DAY);
    expect(early.source).toBe('none');
    const nothing = chooseComparisonSource(range, 'day', { liveFrom: null, history: null }, 6 * HOUR);
    expect(nothing.source === 'none' && nothing.reason).toContain('the live view keeps 6 h and there is no Parquet history to read');
  });
});
