import { describe, expect, it } from 'vitest';
import { decodeCheckout, orderRevenue } from '../../../src/domain/index';
import { encodeCheckout, lineRevenue } from '../../../src/index';
import { validateCheckout } from '../../../src/domain/event';
import { line, order } from '../../helpers/events';

describe('checkout event', () => {
  it('accepts a well-formed order and survives the wire format', () => {
    const event = order(1_700_000_000_000, [line(1), line(2, { quantity: 3, unit_price: 1.99, discount: 0.1 })]);
    expect(validateCheckout(event)).toEqual({ ok: true, value: event });
    expect(decodeCheckout(encodeCheckout(event))).toEqual({ ok: true, event });
  });

  it('names every wrong field with its path', () => {
    const bad = { ...order(1_700_000_000_000, [line(1)]), order_hour_of_day: 24, user_id: -3 } as Record<string, unknown>;
    bad.lines = [line(1), { ...line(2), quantity: 0, reordered: 'yes' }];
    const result = validateCheckout(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'user_id: expected an integer in [1, 9007199254740991], got -3',
      'order_hour_of_day: expected an integer in [0, 23], got 24',
      'lines[1].quantity: expected an integer in [1, 9007199254740991], got 0',
      'lines[1].reordered: expected true or false, got "yes"',
    ]);
  });

  it('rejects non-JSON and empty orders with a reason', () => {
    expect(decodeCheckout('{"order_id": 1')).toMatchObject({ ok: false, reason: expect.stringMatching(/not valid UTF-8 JSON/) });
    const empty = decodeCheckout(JSON.stringify({ ...order(1_700_000_000_000, [line(1)]), lines: [] }));
    expect(empty).toMatchObject({ ok: false, reason: expect.stringMatching(/lines: expected a non-empty list/) });
  });

  it('computes revenue after discount', () => {
    const l = line(1, { quantity: 2, unit_price: 5, discount: 0.25 });
    expect(lineRevenue(l)).toBeCloseTo(7.5);
    expect(orderRevenue(order(1, [l, line(2, { unit_price: 1 })]))).toBeCloseTo(8.5);
  });
});
