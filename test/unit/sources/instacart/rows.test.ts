import { describe, expect, it } from 'vitest';
import { splitCsvRecord } from '../../../../src/sources/instacart/csv';
import {
  EVAL_SETS, parseAisleRow, parseDepartmentRow, parseOrderLineRow, parseOrderRow, parseProductRow, readOrderBytes, readOrderLineBytes,
} from '../../../../src/sources/instacart/rows';

const fieldsOf = (text: string): string[] => {
  const split = splitCsvRecord(text);
  if (!split.ok) throw new Error(split.reason);
  return split.fields;
};
const order = (text: string) => {
  const split = splitCsvRecord(text);
  return split.ok ? parseOrderRow(split.fields) : split;
};
const reasonOf = (result: { ok: true } | { ok: false; reason: string }): string => (result.ok ? 'ok' : result.reason);

describe('parseOrderRow', () => {
  it('reads a first order, with an empty days_since_prior_order', () => {
    expect(order('2539329,1,prior,1,2,08,')).toEqual({
      ok: true,
      row: { order_id: 2539329, user_id: 1, eval_set: 'prior', order_number: 1, order_dow: 2, order_hour_of_day: 8, days_since_prior_order: null },
    });
  });

  it('reads hours written "09" or "9", and days written "15.0" or "15"', () => {
    const padded = order('2398795,1,prior,2,3,07,15.0');
    const plain = order('"2398795","1","prior","2","3","7","15"');
    expect(padded).toEqual(plain);
    expect(padded.ok && padded.row.order_hour_of_day).toBe(7);
    expect(padded.ok && padded.row.days_since_prior_order).toBe(15);
    expect(order('1,1,prior,1,2,09,')).toMatchObject({ ok: true, row: { order_hour_of_day: 9 } });
    expect(order('1,1,prior,1,2,9,')).toMatchObject({ ok: true, row: { order_hour_of_day: 9 } });
  });

  it('takes NA and NaN as an empty days_since_prior_order on a first order', () => {
    expect(order('3,5,train,1,0,0,NaN')).toMatchObject({ ok: true, row: { days_since_prior_order: null, eval_set: 'train' } });
    expect(order('3,5,test,1,0,0,NA')).toMatchObject({ ok: true, row: { days_since_prior_order: null, eval_set: 'test' } });
  });

  it('refuses an empty days_since_prior_order after the first order', () => {
    expect(reasonOf(order('3,5,prior,3,0,10,'))).toBe(
      "days_since_prior_order: empty, but only a user's first order may leave it empty and this is order_number 3",
    );
  });

  it('names the column, the value and what was expected', () => {
    expect(reasonOf(order('abc,1,prior,1,2,08,'))).toBe('order_id: expected a positive integer, got "abc"');
    expect(reasonOf(order('0,1,prior,1,2,08,'))).toBe('order_id: expected a positive integer, got "0"');
    expect(reasonOf(order('1,-4,prior,1,2,08,'))).toBe('user_id: expected a positive integer, got "-4"');
    expect(reasonOf(order('1,4,prior,1,2,1e1,'))).toBe('order_hour_of_day: expected an hour 0-23, got "1e1"');
    expect(reasonOf(order('1,4,valid,1,2,08,'))).toBe('eval_set: expected prior, train or test, got "valid"');
    expect(reasonOf(order('1,4,prior,1,7,08,'))).toBe('order_dow: expected a day of week 0-6 (0 = Sunday), got "7"');
    expect(reasonOf(order('1,4,prior,1,2,24,'))).toBe('order_hour_of_day: expected an hour 0-23, got "24"');
    expect(reasonOf(order('1,4,prior,2,2,8,400.0'))).toBe('days_since_prior_order: expected days in [0, 365] like "7.0", or empty, got "400.0"');
    expect(reasonOf(order('1,4,prior,2,2,8,-1'))).toBe('days_since_prior_order: expected days in [0, 365] like "7.0", or empty, got "-1"');
  });

  it('reports a wrong column count with the expected columns', () => {
    expect(reasonOf(order('1,4,prior,1,2,08'))).toBe(
      'expected 7 columns (order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order), got 6',
    );
    expect(reasonOf(order('1,4,prior,1,2,08,,'))).toMatch(/got 8$/);
  });
});

describe('the other files', () => {
  it('reads order lines and checks reordered is 0 or 1', () => {
    expect(parseOrderLineRow(fieldsOf('2,33120,1,1'))).toEqual({ ok: true, row: { order_id: 2, product_id: 33120, add_to_cart_order: 1, reordered: 1 } });
    expect(parseOrderLineRow(fieldsOf('"2","33120","1","0"'))).toEqual({ ok: true, row: { order_id: 2, product_id: 33120, add_to_cart_order: 1, reordered: 0 } });
    expect(reasonOf(parseOrderLineRow(fieldsOf('2,33120,1,2')))).toBe('reordered: expected 0 or 1, got "2"');
    expect(reasonOf(parseOrderLineRow(fieldsOf('2,33120,two,0')))).toBe('add_to_cart_order: expected a positive integer, got "two"');
    expect(reasonOf(parseOrderLineRow(fieldsOf('2,x33120,1,0')))).toBe('product_id: expected a positive integer, got "x33120"');
    expect(reasonOf(parseOrderLineRow(fieldsOf('2,33120,1')))).toBe('expected 4 columns (order_id,product_id,add_to_cart_order,reordered), got 3');
  });

  it('reads product names with commas and quotes', () => {
    expect(parseProductRow(fieldsOf('9,"Light Strawberry Blueberry Yogurt, 6 oz ""Cup""",120,16'))).toEqual({
      ok: true,
      row: { product_id: 9, product_name: 'Light Strawberry Blueberry Yogurt, 6 oz "Cup"', aisle_id: 120, department_id: 16 },
    });
    expect(reasonOf(parseProductRow(fieldsOf('9,  ,120,16')))).toBe('product_name: expected a name, got "  "');
    expect(reasonOf(parseProductRow(fieldsOf('9,Yogurt, 6 oz,120,16')))).toBe(
      'expected 4 columns (product_id,product_name,aisle_id,department_id), got 5',
    );
  });

  it('reads aisles and departments', () => {
    expect(parseAisleRow(fieldsOf('120,yogurt'))).toEqual({ ok: true, row: { aisle_id: 120, aisle: 'yogurt' } });
    expect(parseDepartmentRow(fieldsOf('"16","dairy eggs"'))).toEqual({ ok: true, row: { department_id: 16, department: 'dairy eggs' } });
    expect(reasonOf(parseDepartmentRow(fieldsOf('dairy eggs,16')))).toBe('department_id: expected a positive integer, got "dairy eggs"');
  });
});

describe('byte fast paths agree with the parsers', () => {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

  const orderRows = [
    '2539329,1,prior,1,2,08,', '2398795,1,prior,2,3,7,15.0', '"2398795","1","prior","2","3","7","15.0"', '"1","1","train","1","0","0",""',
    '5,6,test,3,6,23,30', '5,6,test,3,6,23,7.5', '5, 6,test,3,6,23,7', '5,6,prior,3,6,23,', '5,6,prior,1,6,24,', '5,6,prio,1,6,2,',
    '5,6,priors,1,6,2,', '"5,6,prior,1,6,2,', '5,6,prior,1,6,2', '5,6,prior,1,6,2,,', '0,6,prior,1,6,2,', '5,6,prior,1,6,2,NaN',
    '99999999999,6,prior,1,6,2,', '5,6,"prior",1,06,02,000.000',
  ];

  it('orders: the fast path reads the common forms and defers the rest', () => {
    expect(reasonOf(order('"5,6,prior,1,6,2,'))).toBe('field 1: its opening quote is never closed');
    const out = new Float64Array(7);
    const fast = orderRows.filter((text) => readOrderBytes(encode(text), 0, text.length, out));
    expect(fast).toEqual([
      '2539329,1,prior,1,2,08,', '2398795,1,prior,2,3,7,15.0', '"2398795","1","prior","2","3","7","15.0"', '"1","1","train","1","0","0",""',
      '5,6,test,3,6,23,30', '5,6,"prior",1,06,02,000.000',
    ]);
    for (const text of orderRows) {
      const parsed = order(text);
      if (!readOrderBytes(encode(text), 0, text.length, out)) continue;
      expect(parsed.ok, text).toBe(true);
      if (!parsed.ok) continue;
      const row = parsed.row;
      expect([...out]).toEqual([
        row.order_id, row.user_id, EVAL_SETS.indexOf(row.eval_set), row.order_number, row.order_dow, row.order_hour_of_day, row.days_since_prior_order ?? Number.NaN,
      ]);
    }
  });

  it('order lines: the fast path reads plain, quoted and float-written rows and defers the rest', () => {
    const rows = ['2,33120,1,1', '"2","33120","1","0"', '2,33120.0,01,0', '2,33120,0,1', '2,33120,1,2', '2,,1,1', '2,33120,1', '2,33120,1,1,', '2,3a,1,1', ' 2,3,1,1'];
    const out = new Float64Array(4);
    const fast = rows.filter((text) => readOrderLineBytes(encode(text), 0, text.length, out));
    expect(fast).toEqual(['2,33120,1,1', '"2","33120","1","0"', '2,33120.0,01,0']);
    for (const text of rows) {
      const parsed = parseOrderLineRow(fieldsOf(text));
      if (readOrderLineBytes(encode(text), 0, text.length, out)) {
        expect(parsed.ok && [parsed.row.order_id, parsed.row.product_id, parsed.row.add_to_cart_order, parsed.row.reordered]).toEqual([...out]);
      }
    }
    // Deferred rows that are still good go through the full parser.
    expect(parseOrderLineRow(fieldsOf(' 2,3,1,1'))).toMatchObject({ ok: true, row: { order_id: 2 } });
  });

  it('never reads past the end of the record', () => {
    const buffer = encode('7,8,9,1,2,3\n');
    const out = new Float64Array(4);
    expect(readOrderLineBytes(buffer, 0, 5, out)).toBe(false); // "7,8,9": three columns, whatever follows
    expect(readOrderLineBytes(buffer, 0, 7, out)).toBe(true);
    expect([...out]).toEqual([7, 8, 9, 1]);
  });
});
