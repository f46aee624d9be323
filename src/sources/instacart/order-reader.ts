// Reads orders' lines back from the order-lines files by position, a batch of orders at a time
// (reads sorted by file offset), and turns them into checkout events. Part of the replay adapter.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { CheckoutEvent, OrderLine } from '../../domain/index';
import { WorkbenchError } from '../../core/index';
import type { InstacartCatalogue } from './catalogue-files';
import { toCheckoutEvent, toOrderLine, type EventTimeOf } from './checkout';
import { decodeRecord, forEachRecord, splitCsvRecord, type RecordSink } from './csv';
import type { LineSegments } from './line-index';
import type { OrderTable } from './order-table';
import { parseOrderLineRow, readOrderLineBytes } from './rows';

export interface ReplayPlan {
  table: OrderTable;
  /** Timeline second per order slot. */
  seconds: Float64Array;
  segments: LineSegments;
  /** Order slots to emit, in time order. */
  order: Uint32Array;
}

export interface OrderReader {
  /** Events of plan.order[from, to). */
  read(from: number, to: number): CheckoutEvent[];
  close(): void;
}

const bitsFor = (max: number): number => Math.max(1, Math.ceil(Math.log2(max + 1)));

export function createOrderReader(options: {
  plan: ReplayPlan;
  /** The order-lines files, by the index segments record. */
  files: readonly { name: string; path: string }[];
  shop: InstacartCatalogue;
  eventTimeOf: EventTimeOf;
}): OrderReader {
  const { plan, files, shop, eventTimeOf } = options;
  const { segments: s, table } = plan;
  const fds = files.map((f) => openSync(f.path, 'r'));
  // Offsets of all files on one axis, so one native sort orders a batch's reads.
  const fileBase: number[] = [];
  files.reduce((base, f, i) => {
    fileBase[i] = base;
    return base + statSync(f.path).size;
  }, 0);
  let buffer = Buffer.allocUnsafe(1 << 20);

  const changed = (g: number, reason: string, line = s.line[g] as number): WorkbenchError => {
    const where = `${(files[s.file[g] as number] as { name: string }).name}:${line}`;
    return new WorkbenchError('BAD_CSV_ROW', `${where}: ${reason}; the file changed after the replay indexed it, so restart the replay`, { where });
  };

  const values = new Float64Array(4);
  let lines: OrderLine[] = [];
  let orderId = 0;
  let segment = -1;
  const onLine: RecordSink = (bytes, start, end, line) => {
    if (!readOrderLineBytes(bytes, start, end, values)) {
      const split = splitCsvRecord(decodeRecord(bytes, start, end));
      const parsed = split.ok ? parseOrderLineRow(split.fields) : split;
      if (!parsed.ok) throw changed(segment, parsed.reason, line);
      values.set([parsed.row.order_id, parsed.row.product_id, parsed.row.add_to_cart_order, parsed.row.reordered]);
    }
    const entry = shop.entry(values[1] as number);
    if (values[0] !== orderId || !entry) throw changed(segment, `expected a line of order ${orderId}`, line);
    lines.push(toOrderLine(orderId, entry, values[2] as number, values[3] === 1));
  };

  function read(from: number, to: number): CheckoutEvent[] {
    const batch: number[] = [];
    for (let k = from; k < to; k++) {
      for (let g = s.first[plan.order[k] as number] as number; g >= 0; g = s.next[g] as number) batch.push(g);
    }
    const scale = 2 ** bitsFor(batch.length);
    const keys = new Float64Array(batch.length);
    batch.forEach((g, j) => {
      keys[j] = ((fileBase[s.file[g] as number] as number) + (s.start[g] as number)) * scale + j;
    });
    keys.sort();
    const at = new Float64Array(batch.length);
    let size = 0;
    for (const key of keys) {
      const j = key % scale;
      at[j] = size;
      size += s.length[batch[j] as number] as number;
    }
    if (buffer.length < size) buffer = Buffer.allocUnsafe(Math.max(size, buffer.length * 2));
    for (const key of keys) {
      const j = key % scale;
      const g = batch[j] as number;
      const length = s.length[g] as number;
      if (readSync(fds[s.file[g] as number] as number, buffer, at[j] as number, length, s.start[g] as number) !== length) {
        throw changed(g, 'it is shorter than when it was indexed');
      }
    }
    const events: CheckoutEvent[] = [];
    let j = 0;
    for (let k = from; k < to; k++) {
      const slot = plan.order[k] as number;
      orderId = table.orderId[slot] as number;
      lines = [];
      for (segment = s.first[slot] as number; segment >= 0; segment = s.next[segment] as number, j++) {
        const start = at[j] as number;
        forEachRecord(buffer, onLine, { start, end: start + (s.length[segment] as number), firstLine: s.line[segment], firstOffset: s.start[segment] });
      }
      events.push(toCheckoutEvent(table, slot, plan.seconds[slot] as number, eventTimeOf, lines));
    }
    return events;
  }

  return {
    read,
    close: () => {
      for (const fd of fds.splice(0)) closeSync(fd);
    },
  };
}
