import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../../src/core/errors';
import {
  classifyFirstRecord, createRecordReader, decodeRecord, forEachRecord, skipHeader, splitCsvRecord, type RecordReaderOptions,
} from '../../../../src/sources/instacart/csv';
import { ORDER_COLUMNS } from '../../../../src/sources/instacart/rows';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

interface Seen { text: string; line: number; offset: number }

function records(chunks: Uint8Array[], options: RecordReaderOptions = {}): Seen[] {
  const seen: Seen[] = [];
  const reader = createRecordReader((b, start, end, line, offset) => seen.push({ text: decodeRecord(b, start, end), line, offset }), options);
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return seen;
}

/** The same bytes cut at every position into two chunks, and into single bytes. */
function cuts(text: string): Uint8Array[][] {
  const all = bytes(text);
  const ways: Uint8Array[][] = [[all], Array.from(all, (b) => Uint8Array.of(b))];
  for (let at = 1; at < all.length; at++) ways.push([all.slice(0, at), all.slice(at)]);
  return ways;
}

describe('splitCsvRecord', () => {
  it('splits unquoted and quoted fields', () => {
    expect(splitCsvRecord('2539329,1,prior,1,2,08,')).toEqual({ ok: true, fields: ['2539329', '1', 'prior', '1', '2', '08', ''] });
    expect(splitCsvRecord('"2539329","1","prior"')).toEqual({ ok: true, fields: ['2539329', '1', 'prior'] });
  });

  it('keeps commas inside quotes and unescapes doubled quotes', () => {
    expect(splitCsvRecord('7,"Tomato, Basil & Garlic",19,13')).toEqual({ ok: true, fields: ['7', 'Tomato, Basil & Garlic', '19', '13'] });
    expect(splitCsvRecord('9,"12"" Pizza, ""Deluxe""",79,1')).toEqual({ ok: true, fields: ['9', '12" Pizza, "Deluxe"', '79', '1'] });
    expect(splitCsvRecord('"""",x')).toEqual({ ok: true, fields: ['"', 'x'] });
  });

  it('keeps empty fields, including a trailing one and an empty quoted one', () => {
    expect(splitCsvRecord('a,,c,')).toEqual({ ok: true, fields: ['a', '', 'c', ''] });
    expect(splitCsvRecord('"",1')).toEqual({ ok: true, fields: ['', '1'] });
  });

  it('takes a quote inside an unquoted field as text', () => {
    expect(splitCsvRecord('5,12" Sub Roll,3,3')).toEqual({ ok: true, fields: ['5', '12" Sub Roll', '3', '3'] });
  });

  it('names the field of an unclosed quote or of text after a closing quote', () => {
    expect(splitCsvRecord('1,"Never closed,3,4')).toEqual({ ok: false, reason: 'field 2: its opening quote is never closed' });
    expect(splitCsvRecord('1,"Milk"x,3')).toEqual({ ok: false, reason: 'field 2: expected a comma after its closing quote, got "x,3"' });
  });
});

describe('createRecordReader', () => {
  it('reads LF and CRLF files alike, counting blank lines but not emitting them', () => {
    expect(records([bytes('h\n1,2\r\n\r\n3,4')])).toEqual([
      { text: 'h', line: 1, offset: 0 },
      { text: '1,2', line: 2, offset: 2 },
      { text: '3,4', line: 4, offset: 9 },
    ]);
    const lf = records([bytes('a,b\n1,2\n')]).map((r) => r.text);
    const crlf = records([bytes('a,b\r\n1,2\r\n')]).map((r) => r.text);
    expect(crlf).toEqual(lf);
    expect(lf).toEqual(['a,b', '1,2']);
  });

  it('gives the same records however the bytes are cut into chunks', () => {
    const text = 'order_id,name\r\n1,"Tomato, Basil"\r\n22,"12"" Pizza"\n\n333,Kale';
    const expected = records([bytes(text)]);
    expect(expected.map((r) => [r.text, r.line])).toEqual([['order_id,name', 1], ['1,"Tomato, Basil"', 2], ['22,"12"" Pizza"', 3], ['333,Kale', 5]]);
    for (const chunks of cuts(text)) expect(records(chunks)).toEqual(expected);
  });

  it('skips a UTF-8 byte-order mark at the start of the file, even when split', () => {
    const text = '\uFEFForder_id,x\n1,2\n';
    for (const chunks of cuts(text)) {
      expect(records(chunks)).toEqual([{ text: 'order_id,x', line: 1, offset: 3 }, { text: '1,2', line: 2, offset: 14 }]);
    }
  });

  it('keeps line breaks inside quotes only when asked, and still counts physical lines', () => {
    const text = '1,"two\nlines",2\n3,"x",4\n';
    expect(records([bytes(text)]).map((r) => r.text)).toEqual(['1,"two', 'lines",2', '3,"x",4']);
    const expected = [{ text: '1,"two\nlines",2', line: 1, offset: 0 }, { text: '3,"x",4', line: 3, offset: 16 }];
    for (const chunks of cuts(text)) expect(records(chunks, { quotedNewlines: true })).toEqual(expected);
  });

  it('decides an escaped quote that straddles two chunks correctly', () => {
    const text = '1,"a""\nb",2\n';
    for (const chunks of cuts(text)) {
      expect(records(chunks, { quotedNewlines: true }).map((r) => r.text)).toEqual(['1,"a""\nb",2']);
    }
  });
});

describe('forEachRecord', () => {
  it('reads a byte range with the line number and offset it had in its file', () => {
    const buffer = bytes('xx1,2\n3,4\nyy');
    const seen: Seen[] = [];
    forEachRecord(buffer, (b, s, e, line, offset) => seen.push({ text: decodeRecord(b, s, e), line, offset }), {
      start: 2, end: 9, firstLine: 10, firstOffset: 100,
    });
    expect(seen).toEqual([{ text: '1,2', line: 10, offset: 100 }, { text: '3,4', line: 11, offset: 104 }]);
  });
});

describe('headers', () => {
  it('tells a header from data, and a header of other columns', () => {
    expect(classifyFirstRecord([...ORDER_COLUMNS], ORDER_COLUMNS)).toEqual({ kind: 'header' });
    expect(classifyFirstRecord(['ORDER_ID ', ...ORDER_COLUMNS.slice(1)], ORDER_COLUMNS)).toEqual({ kind: 'header' });
    expect(classifyFirstRecord(['2539329', '1', 'prior', '1', '2', '8', ''], ORDER_COLUMNS)).toEqual({ kind: 'data' });
    expect(classifyFirstRecord(['order_id', 'user_id'], ORDER_COLUMNS)).toEqual({
      kind: 'bad-header',
      reason: 'header is "order_id,user_id", expected "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order"',
    });
  });

  const rowsAfterHeader = (text: string): string[] => {
    const rows: string[] = [];
    forEachRecord(bytes(text), skipHeader('orders.csv', ORDER_COLUMNS, (b, s, e) => rows.push(decodeRecord(b, s, e))));
    return rows;
  };

  it('skips a header, quoted or not, and keeps the first row of a file without one', () => {
    const header = ORDER_COLUMNS.join(',');
    expect(rowsAfterHeader(`${header}\n1,1,prior,1,2,08,\n`)).toEqual(['1,1,prior,1,2,08,']);
    expect(rowsAfterHeader(`${ORDER_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n"1","1","prior","1","2","8",""\r\n`)).toEqual(['"1","1","prior","1","2","8",""']);
    expect(rowsAfterHeader('1,1,prior,1,2,08,\n2,1,prior,2,3,09,7.0\n')).toEqual(['1,1,prior,1,2,08,', '2,1,prior,2,3,09,7.0']);
  });

  it('stops at a header of other columns, with file and line', () => {
    let error: unknown;
    try {
      rowsAfterHeader('order_id,product_id,add_to_cart_order,reordered\n1,2,3,0\n');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('BAD_CSV_ROW');
    expect((error as WorkbenchError).where).toBe('orders.csv:1');
    expect((error as WorkbenchError).message).toMatch(/^orders\.csv:1: header is "order_id,product_id,add_to_cart_order,reordered", expected "order_id,user_id,/);
  });
});
