// Pass 2 of the replay: where each order's lines are in the order-lines files, as byte ranges
// ("segments"), so the lines themselves stay on disk until their order is emitted. Instacart
// groups lines by order_id, so an order is one segment. Lines that are not contiguous (another
// order or a bad row in between) become more segments chained per order, in file order; a file
// so scattered that the chains would rival the file itself is refused with advice to sort it.
import { WorkbenchError } from '../../core/index';
import type { RejectRow } from './bad-rows';
import { decodeRecord, skipHeader, splitCsvRecord, type RecordSink } from './csv';
import { ORDER_LINE_COLUMNS, parseOrderLineRow, readOrderLineBytes } from './rows';

export interface LineSegments {
  /** Per order slot: its first segment, or -1 when it has no lines. */
  readonly first: Int32Array;
  /** Per order slot: how many lines it has. */
  readonly lineCount: Uint32Array;
  /** Per segment: file index, absolute byte offset and length, physical line of its first record, next segment or -1. */
  readonly file: Uint8Array;
  readonly start: Float64Array;
  readonly length: Uint32Array;
  readonly line: Uint32Array;
  readonly next: Int32Array;
  readonly segments: number;
  readonly lines: number;
  readonly ordersWithLines: number;
}

export interface LineIndexOptions {
  orderCount: number;
  /** order_id → order slot, or -1. */
  lookupOrder: (orderId: number) => number;
  hasProduct: (productId: number) => boolean;
  reject: RejectRow;
  /** Refuse the files when they need more segments than this (default: 2 × orders + 1M). */
  maxSegments?: number;
}

export interface LineIndexBuilder {
  /** Records of one lines file; index is what segments record as `file`. */
  beginFile(index: number, name: string): RecordSink;
  /** Closes the last run of the current file. */
  endFile(): void;
  finish(): LineSegments;
}

export function createLineIndexBuilder(options: LineIndexOptions): LineIndexBuilder {
  const { orderCount, lookupOrder, hasProduct, reject } = options;
  const maxSegments = options.maxSegments ?? 2 * orderCount + 1_000_000;
  const first = new Int32Array(orderCount).fill(-1);
  const last = new Int32Array(orderCount).fill(-1);
  const lineCount = new Uint32Array(orderCount);
  let capacity = Math.max(16, orderCount);
  let seg = { file: new Uint8Array(capacity), start: new Float64Array(capacity), length: new Uint32Array(capacity), line: new Uint32Array(capacity), next: new Int32Array(capacity) };
  let segments = 0;
  let lines = 0;
  let ordersWithLines = 0;

  // The run being read: one order's contiguous lines.
  let fileIndex = 0;
  let fileName = '';
  let runOrder = -1;
  let runOrderId = -1;
  let runStart = 0;
  let runEnd = 0;
  let runLine = 0;

  const closeRun = (): void => {
    if (runOrder < 0) return;
    if (segments === maxSegments) {
      const where = `${fileName}:${runLine}`;
      throw new WorkbenchError('BAD_CSV_ROW', `${where}: the order lines are scattered over more than ${maxSegments} runs; sort ${fileName} by order_id (e.g. keep the header and run \`sort -t, -k1,1n -s\` on the rest)`, { where });
    }
    if (segments === capacity) {
      capacity *= 2;
      const grow = <T extends Uint8Array | Float64Array | Uint32Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(capacity);
        b.set(a);
        return b;
      };
      seg = { file: grow(seg.file), start: grow(seg.start), length: grow(seg.length), line: grow(seg.line), next: grow(seg.next) };
    }
    const s = segments++;
    seg.file[s] = fileIndex;
    seg.start[s] = runStart;
    seg.length[s] = runEnd - runStart;
    seg.line[s] = runLine;
    seg.next[s] = -1;
    const tail = last[runOrder] as number;
    if (tail < 0) {
      first[runOrder] = s;
      ordersWithLines++;
    } else {
      seg.next[tail] = s;
    }
    last[runOrder] = s;
    runOrder = -1;
  };

  const values = new Float64Array(4);
  const record: RecordSink = (bytes, start, end, line, offset) => {
    if (!readOrderLineBytes(bytes, start, end, values)) {
      const raw = decodeRecord(bytes, start, end);
      const split = splitCsvRecord(raw);
      const parsed = split.ok ? parseOrderLineRow(split.fields) : split;
      if (!parsed.ok) {
        closeRun();
        return reject(`${fileName}:${line}`, parsed.reason, raw);
      }
      values.set([parsed.row.order_id, parsed.row.product_id, parsed.row.add_to_cart_order, parsed.row.reordered]);
    }
    const orderId = values[0] as number;
    const order = runOrder >= 0 && orderId === runOrderId ? runOrder : lookupOrder(orderId);
    const unknownOrder = order < 0;
    if (unknownOrder || !hasProduct(values[1] as number)) {
      closeRun();
      const [problem, kind] = unknownOrder
        ? [`order_id ${orderId} is not in orders.csv`, 'order not in orders.csv' as const]
        : [`product_id ${values[1]} is not in products.csv`, 'product not in products.csv' as const];
      return reject(`${fileName}:${line}`, problem, decodeRecord(bytes, start, end), kind);
    }
    if (order !== runOrder) {
      closeRun();
      runOrder = order;
      runStart = offset;
      runLine = line;
      runOrderId = orderId;
    }
    runEnd = offset + (end - start);
    lineCount[order] = (lineCount[order] as number) + 1;
    lines++;
  };
  return {
    beginFile(index, name) {
      closeRun();
      fileIndex = index;
      fileName = name;
      return skipHeader(name, ORDER_LINE_COLUMNS, record);
    },
    endFile: closeRun,
    finish() {
      closeRun();
      return {
        first, lineCount, segments, lines, ordersWithLines,
        file: seg.file.subarray(0, segments), start: seg.start.subarray(0, segments), length: seg.length.subarray(0, segments),
        line: seg.line.subarray(0, segments), next: seg.next.subarray(0, segments),
      };
    },
  };
}
