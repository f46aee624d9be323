// The partials topic's wire format: a hand-written binary layout, led by a version byte.
// Version 2 added each department's hour-of-day totals; version 3 drops the sample of recent
// orders (the dashboard's feed, which now has a topic of its own). Versions 1 and 2 are still
// read, their feed skipped. Version 4 adds each window's pair counts ("bought together",
// domain/pairs.ts); a window of an older version has none. Counts are varints, money is a whole number of hundredths of a cent
// (exact, as it is summed), names are interned per message, and distinct counters travel as their exact ids
// (delta-coded) or their raw HyperLogLog registers. The reader checks every bound and every
// count, so a damaged or foreign message is refused with what was wrong, never half-read.
import {
  createWindowAgg, type DepartmentAgg, type HourAgg, type HourTotals, type ProductAgg, type Totals, type WindowAgg, DISTINCT_REGISTERS, DistinctCount,
} from '../domain/index';
import { readPairs, writePairs } from './partial-pairs';
import { WorkbenchError } from '../core/index';
import { ByteReader, ByteWriter } from './bytes';
import type { Stage1Partial } from './partial';

export const PARTIAL_VERSION = 4;
/** Versions this release reads. */
export const READABLE_PARTIAL_VERSIONS: readonly number[] = [1, 2, 3, 4];

const MONEY_SCALE = 10_000;
const FLAG_IDLE = 1;
const FLAG_WATERMARK = 2;
const FLAG_MAX_EVENT = 4;

const writeMoney = (w: ByteWriter, v: number): void => w.int(Math.round(v * MONEY_SCALE));
const readMoney = (r: ByteReader): number => r.int() / MONEY_SCALE;

function writeTotals(w: ByteWriter, t: Totals): void {
  w.uint(t.orders);
  w.uint(t.lines);
  w.uint(t.quantity);
  writeMoney(w, t.revenue);
}
const readTotals = (r: ByteReader): Totals => ({ orders: r.uint(), lines: r.uint(), quantity: r.uint(), revenue: readMoney(r) });

function writeDistinct(w: ByteWriter, d: DistinctCount): void {
  const parts = d.parts();
  if ('registers' in parts) {
    w.byte(1);
    w.bytes(parts.registers);
    return;
  }
  w.byte(0);
  w.uint(parts.exact.length);
  let previous = 0;
  for (const id of parts.exact) {
    w.int(id - previous);
    previous = id;
  }
}

function readDistinct(r: ByteReader): DistinctCount {
  const kind = r.byte();
  if (kind === 1) return DistinctCount.fromParts({ registers: r.bytes(DISTINCT_REGISTERS) });
  if (kind !== 0) throw new Error(`unknown distinct-counter kind ${kind}`);
  const exact = new Array<number>(r.count());
  let previous = 0;
  for (let i = 0; i < exact.length; i++) exact[i] = previous += r.int();
  return DistinctCount.fromParts({ exact });
}

/** A map's entries, count first. */
function writeEntries<V>(w: ByteWriter, map: Map<number, V>, write: (id: number, v: V) => void): void {
  w.uint(map.size);
  for (const [id, v] of map) write(id, v);
}
function readEntries<V>(r: ByteReader, read: () => [number, V]): Map<number, V> {
  const n = r.count();
  const map = new Map<number, V>();
  for (let i = 0; i < n; i++) map.set(...read());
  return map;
}

function writeWindow(w: ByteWriter, a: WindowAgg): void {
  w.int(a.start);
  w.uint(a.end - a.start);
  writeTotals(w, a);
  writeEntries(w, a.products, (id, p) => {
    w.uint(id);
    w.string(p.name);
    w.uint(p.aisleId);
    w.uint(p.departmentId);
    w.string(p.department);
    w.uint(p.orders);
    w.uint(p.quantity);
    writeMoney(w, p.revenue);
    w.uint(p.reorders);
    writeDistinct(w, p.customers);
    w.int(p.latest);
  });
  writeEntries(w, a.departments, (id, d) => {
    w.uint(id);
    w.string(d.name);
    w.uint(d.orders);
    w.uint(d.lines);
    w.uint(d.quantity);
    writeMoney(w, d.revenue);
    writeDistinct(w, d.users);
    writeDistinct(w, d.products);
    writeEntries(w, d.hours, (hour, h) => {
      w.uint(hour);
      w.uint(h.orders);
      w.uint(h.lines);
      writeMoney(w, h.revenue);
    });
  });
  writeEntries(w, a.hours, (hour, h) => {
    w.uint(hour);
    w.uint(h.orders);
    w.uint(h.lines);
    writeMoney(w, h.revenue);
    writeDistinct(w, h.users);
    writeDistinct(w, h.products);
  });
  writePairs(w, a.pairs);
}

function readWindow(r: ByteReader, version: number): WindowAgg {
  const start = r.int();
  const a = createWindowAgg(start, start + r.uint());
  Object.assign(a, readTotals(r));
  a.products = readEntries<ProductAgg>(r, () => [r.uint(), {
    name: r.string(), aisleId: r.uint(), departmentId: r.uint(), department: r.string(), orders: r.uint(), quantity: r.uint(),
    revenue: readMoney(r), reorders: r.uint(), customers: readDistinct(r), latest: r.int(),
  }]);
  a.departments = readEntries<DepartmentAgg>(r, () => [r.uint(), {
    name: r.string(), orders: r.uint(), lines: r.uint(), quantity: r.uint(), revenue: readMoney(r), users: readDistinct(r), products: readDistinct(r),
    hours: version >= 2 ? readEntries<HourTotals>(r, () => [r.uint(), { orders: r.uint(), lines: r.uint(), revenue: readMoney(r) }]) : new Map(),
  }]);
  a.hours = readEntries<HourAgg>(r, () => [r.uint(), {
    orders: r.uint(), lines: r.uint(), revenue: readMoney(r), users: readDistinct(r), products: readDistinct(r),
  }]);
  if (version >= 4) a.pairs = readPairs(r);
  return a;
}

/** Skips a recent order of a version-1 or -2 partial (ids, time, items, revenue, then its lines). */
function skipFeedOrder(r: ByteReader): void {
  r.uint(); r.uint(); r.int(); r.uint(); readMoney(r);
  for (let n = r.count(); n > 0; n--) {
    r.uint(); r.string(); r.uint(); r.string(); r.uint(); readMoney(r);
  }
}

const list = <T>(w: ByteWriter, items: readonly T[], write: (item: T) => void): void => {
  w.uint(items.length);
  items.forEach(write);
};
const readList = <T>(r: ByteReader, read: () => T): T[] => Array.from({ length: r.count() }, read);

export function encodePartialBinary(p: Stage1Partial): Uint8Array {
  const w = new ByteWriter();
  w.byte(PARTIAL_VERSION);
  w.uint(p.partition);
  w.uint(p.firstOffset);
  w.uint(p.lastOffset - p.firstOffset + 1);
  const finite = (v: number): boolean => Number.isFinite(v);
  w.byte((p.idle ? FLAG_IDLE : 0) | (finite(p.watermark) ? FLAG_WATERMARK : 0) | (finite(p.maxEventTime) ? FLAG_MAX_EVENT : 0));
  if (finite(p.watermark)) w.int(p.watermark);
  if (finite(p.maxEventTime)) w.int(p.maxEventTime);
  writeTotals(w, p.totals);
  writeTotals(w, p.late);
  list(w, p.rejected, ({ where, reason }) => {
    w.string(where);
    w.string(reason);
  });
  list(w, p.windows, (a) => writeWindow(w, a));
  list(w, p.lateWindows ?? [], (a) => writeWindow(w, a));
  list(w, p.ticks, ([t, totals]) => {
    w.int(t);
    writeTotals(w, totals);
  });
  return w.finish();
}

/** Reads a binary partial of a readable version; `fail` says where the message came from and never returns. */
export function decodePartialBinary(bytes: Uint8Array, fail: (problem: string) => never): Stage1Partial {
  const r = new ByteReader(bytes, fail);
  try {
    const version = r.byte(); // checked by the caller
    const partition = r.uint();
    const firstOffset = r.uint();
    const lastOffset = firstOffset + r.uint() - 1;
    const flags = r.byte();
    if (flags > (FLAG_IDLE | FLAG_WATERMARK | FLAG_MAX_EVENT)) fail(`unknown flags ${flags}`);
    const watermark = flags & FLAG_WATERMARK ? r.int() : Number.NEGATIVE_INFINITY;
    const maxEventTime = flags & FLAG_MAX_EVENT ? r.int() : Number.NEGATIVE_INFINITY;
    const partial: Stage1Partial = {
      partition, firstOffset, lastOffset, watermark, maxEventTime, idle: (flags & FLAG_IDLE) !== 0,
      totals: readTotals(r), late: readTotals(r),
      rejected: readList(r, () => ({ where: r.string(), reason: r.string() })),
      windows: readList(r, () => readWindow(r, version)),
      lateWindows: readList(r, () => readWindow(r, version)),
      ticks: readList(r, () => [r.int(), readTotals(r)] as [number, Totals]),
    };
    if (version <= 2) readList(r, () => skipFeedOrder(r));
    r.end();
    return partial;
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    return fail((error as Error).message);
  }
}
