import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../../src/core/errors';
import { forEachRecord } from '../../../../src/sources/instacart/csv';
import { createLineIndexBuilder, type LineIndexOptions, type LineSegments } from '../../../../src/sources/instacart/line-index';

const HEADER = 'order_id,product_id,add_to_cart_order,reordered\n';
const ORDERS = new Map([[10, 0], [20, 1], [30, 2]]);
const PRODUCTS = new Set([1, 2, 3, 4, 5]);

interface Rejected { where: string; reason: string; raw?: string }

function index(files: string[], options: Partial<LineIndexOptions> = {}, rejected: Rejected[] = []) {
  const builder = createLineIndexBuilder({
    orderCount: 3,
    lookupOrder: (id) => ORDERS.get(id) ?? -1,
    hasProduct: (id) => PRODUCTS.has(id),
    reject: (where, reason, raw) => rejected.push(raw === undefined ? { where, reason } : { where, reason, raw }),
    ...options,
  });
  const encoded = files.map((text) => new TextEncoder().encode(text));
  encoded.forEach((bytes, k) => {
    forEachRecord(bytes, builder.beginFile(k, `lines-${k}.csv`));
    builder.endFile();
  });
  const segments = builder.finish();
  /** Each order's segments as [file, text, first line]. */
  const runs = (slot: number): [number, string, number][] => {
    const found: [number, string, number][] = [];
    for (let g = segments.first[slot] as number; g >= 0; g = segments.next[g] as number) {
      const start = segments.start[g] as number;
      const file = segments.file[g] as number;
      found.push([file, new TextDecoder().decode((encoded[file] as Uint8Array).subarray(start, start + (segments.length[g] as number))), segments.line[g] as number]);
    }
    return found;
  };
  return { segments, runs };
}

const counts = (s: LineSegments) => ({ segments: s.segments, lines: s.lines, ordersWithLines: s.ordersWithLines, lineCount: [...s.lineCount] });

describe('line index', () => {
  it('records one byte range per order when its lines are contiguous', () => {
    const { segments, runs } = index([`${HEADER}10,1,1,0\n10,2,2,1\n20,3,1,0\r\n20,4,2,0\r\n20,5,3,1\n`]);
    expect(counts(segments)).toEqual({ segments: 2, lines: 5, ordersWithLines: 2, lineCount: [2, 3, 0] });
    expect(runs(0)).toEqual([[0, '10,1,1,0\n10,2,2,1', 2]]);
    expect(runs(1)).toEqual([[0, '20,3,1,0\r\n20,4,2,0\r\n20,5,3,1', 4]]);
    expect(segments.first[2]).toBe(-1);
  });

  it('chains the runs of an order whose lines are not contiguous, in file order', () => {
    const { segments, runs } = index([`${HEADER}10,1,1,0\n20,3,1,0\n10,2,2,0\n20,4,2,0\n10,5,3,1\n`]);
    expect(counts(segments)).toEqual({ segments: 5, lines: 5, ordersWithLines: 2, lineCount: [3, 2, 0] });
    expect(runs(0)).toEqual([[0, '10,1,1,0', 2], [0, '10,2,2,0', 4], [0, '10,5,3,1', 6]]);
    expect(runs(1)).toEqual([[0, '20,3,1,0', 3], [0, '20,4,2,0', 5]]);
  });

  it('keeps a rejected row out of the ranges and reports it with file and line', () => {
    const rejected: Rejected[] = [];
    const { segments, runs } = index([`${HEADER}10,1,1,0\n10,2,two,0\n10,3,3,0\n99,1,1,0\n30,9,1,0\n30,4,2,0\n`], {}, rejected);
    expect(rejected).toEqual([
      { where: 'lines-0.csv:3', reason: 'add_to_cart_order: expected a positive integer, got "two"', raw: '10,2,two,0' },
      { where: 'lines-0.csv:5', reason: 'order_id 99 is not in orders.csv', raw: '99,1,1,0' },
      { where: 'lines-0.csv:6', reason: 'product_id 9 is not in products.csv', raw: '30,9,1,0' },
    ]);
    expect(runs(0)).toEqual([[0, '10,1,1,0', 2], [0, '10,3,3,0', 4]]);
    expect(runs(2)).toEqual([[0, '30,4,2,0', 7]]);
    expect(counts(segments)).toEqual({ segments: 3, lines: 3, ordersWithLines: 2, lineCount: [2, 0, 1] });
  });

  it('indexes several files, without a header too, and records which file a range is in', () => {
    const { runs } = index([`${HEADER}10,1,1,0\n`, '20,2,1,0\n10,3,2,1\n']);
    expect(runs(0)).toEqual([[0, '10,1,1,0', 2], [1, '10,3,2,1', 2]]);
    expect(runs(1)).toEqual([[1, '20,2,1,0', 1]]);
  });

  it('refuses a file so scattered that the ranges would outgrow the limit, and says to sort it', () => {
    let error: unknown;
    try {
      index([`${HEADER}10,1,1,0\n20,1,1,0\n10,2,2,0\n20,2,2,0\n`], { maxSegments: 3 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('BAD_CSV_ROW');
    expect((error as WorkbenchError).where).toBe('lines-0.csv:5');
    expect((error as WorkbenchError).message).toContain('sort lines-0.csv by order_id');
  });
});
