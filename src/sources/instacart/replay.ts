// Instacart replay: the public data set as a checkout stream in event-time order. The adapter
// does the file I/O; parsing, indexing and the timeline are pure modules beside it.
//   construction: reads the catalogue (departments, aisles, products: ~2 MB).
//   prepare(), run by events() on first use: pass 1 streams orders.csv into typed columns and
//     rebuilds each user's timeline; pass 2 streams the order-lines files and records where each
//     order's lines are (byte ranges). Neither holds a lines file in memory.
//   events(): orders sorted by rebuilt time; each batch of orders reads its lines back with
//     positional reads, sorted by offset.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckoutEvent } from '../../domain/index';
import { WorkbenchError } from '../../core/index';
import type { BadRecordPolicy, EventSource, RejectedRecord } from '../index';
import { createRowRejecter, type RejectRow } from './bad-rows';
import { readInstacartCatalogue, type InstacartCatalogue } from './catalogue-files';
import { checkTimeZone, placeTimeline, type ReplayAnchor } from './calendar';
import type { EventTimeOf } from './checkout';
import { createRecordReader, type RecordSink } from './csv';
import { createLineIndexBuilder } from './line-index';
import { createOrderReader, type OrderReader, type ReplayPlan } from './order-reader';
import { createOrderLookup, createOrderTableBuilder, DROPPED } from './order-table';
import { reconstructTimeline, sortSlots } from './timeline';

export type InstacartFileRole = 'orders' | 'prior' | 'train' | 'products' | 'aisles' | 'departments';
export interface InstacartFile { role: InstacartFileRole; name: string; path: string }

const FILE_NAMES: Record<InstacartFileRole, string> = {
  orders: 'orders.csv', prior: 'order_products__prior.csv', train: 'order_products__train.csv',
  products: 'products.csv', aisles: 'aisles.csv', departments: 'departments.csv',
};

/** Which order-lines files a replay reads: prior, train, or both (all). */
export type EvalSetChoice = 'prior' | 'train' | 'all';
export const EVAL_SET_CHOICES: readonly EvalSetChoice[] = ['prior', 'train', 'all'];

/** The files a replay of `evalSet` may read from dataPath; under 'all' the train file is optional. */
export function listInstacartFiles(dataPath: string, evalSet: EvalSetChoice = 'all'): InstacartFile[] {
  const lines: InstacartFileRole[] = evalSet === 'all' ? ['prior', 'train'] : [evalSet];
  const roles: InstacartFileRole[] = ['departments', 'aisles', 'products', 'orders', ...lines];
  return roles.map((role) => ({ role, name: FILE_NAMES[role], path: join(dataPath, FILE_NAMES[role]) }));
}

export interface InstacartOptions {
  /** Folder with Instacart's CSV files (DATA_PATH). */
  dataPath: string | undefined;
  /** Where the replay sits on the calendar: its last order at or before endMs, or its first at or after startMs. */
  anchor: ReplayAnchor;
  /** IANA time zone in which event times keep order_dow and order_hour_of_day (default UTC). */
  timeZone?: string;
  /** prior, train (each user's last order), or all: prior plus train when the folder has it (default). */
  evalSet?: EvalSetChoice;
  /** Emit only the earliest this many orders. */
  limitOrders?: number;
  badRecords?: BadRecordPolicy;
  onRejected?: (record: RejectedRecord) => void;
}

export interface InstacartSummary {
  /** Rows of orders.csv kept (bad and repeated rows left out). */
  orders: number;
  /** Orders that have lines, which is what the replay emits before limitOrders. */
  ordersWithLines: number;
  /** Order lines of those orders. */
  lines: number;
  /** Events that events() yields: ordersWithLines capped by limitOrders. */
  total: number;
  /** Rows rejected so far under 'skip'. */
  rejected: number;
  /** Rebuilt timeline seconds (day 0 = a Sunday, 00:00) of the first and last emitted orders. */
  firstSecond: number;
  lastSecond: number;
  /** Event times of the first and last emitted orders, or null when none is emitted. */
  firstEventTime: number | null;
  lastEventTime: number | null;
  /** The order-lines files replayed. */
  lineFiles: string[];
  /** Wall-clock ms the two index passes took. */
  indexMs: number;
}

export interface InstacartSource extends EventSource {
  readonly kind: 'instacart';
  /**
   * Runs the index passes once and resolves with the counts; events() calls it too. `total` is
   * undefined until it has resolved.
   */
  prepare(): Promise<InstacartSummary>;
}

interface Plan extends ReplayPlan {
  summary: InstacartSummary;
  eventTimeOf: EventTimeOf;
}

const CHUNK_BYTES = 1 << 20;
const BATCH_ORDERS = 256;

function checkOptions(options: InstacartOptions): void {
  const { anchor, timeZone = 'UTC', evalSet = 'all', limitOrders } = options;
  const bad = (message: string): never => { throw new WorkbenchError('BAD_CONFIG', message); };
  const anchorMs = 'endMs' in anchor ? anchor.endMs : anchor.startMs;
  if (!Number.isSafeInteger(anchorMs) || anchorMs <= 0) bad(`replay anchor must be epoch milliseconds, got ${anchorMs}`);
  const zoneProblem = checkTimeZone(timeZone);
  if (zoneProblem) bad(zoneProblem);
  if (!EVAL_SET_CHOICES.includes(evalSet)) bad(`eval set must be one of ${EVAL_SET_CHOICES.join(', ')}, got "${evalSet}"`);
  if (limitOrders !== undefined && !(Number.isSafeInteger(limitOrders) && limitOrders >= 0)) {
    bad(`replay order limit must be a whole number ≥ 0, got ${limitOrders}`);
  }
}

function checkFiles(dataPath: string | undefined, evalSet: EvalSetChoice): InstacartFile[] {
  const names = listInstacartFiles('', evalSet).map((f) => f.name);
  const expected = evalSet === 'all' ? `${names.slice(0, -1).join(', ')} (and optionally ${names[names.length - 1]})` : names.join(', ');
  if (!dataPath) {
    throw new WorkbenchError('MISSING_INPUT', `no Instacart data folder given: set DATA_PATH to a folder holding ${expected}`);
  }
  if (!existsSync(dataPath) || !statSync(dataPath).isDirectory()) {
    throw new WorkbenchError('MISSING_INPUT', `Instacart data folder ${dataPath} (DATA_PATH) does not exist; it should hold ${expected}`, { where: dataPath });
  }
  // Public samples often ship without the train file: under 'all' it is replayed when present.
  const list = listInstacartFiles(dataPath, evalSet).filter((f) => evalSet !== 'all' || f.role !== 'train' || existsSync(f.path));
  const missing = list.filter((f) => !existsSync(f.path));
  if (missing.length > 0) {
    throw new WorkbenchError(
      'MISSING_INPUT',
      `Instacart data folder ${dataPath} lacks ${missing.map((f) => f.name).join(', ')}; it should hold ${expected}`,
      { where: (missing[0] as InstacartFile).path },
    );
  }
  return list;
}

/** Feeds a file to a record reader in 1 MB reads into one reused buffer (the reader copies what it keeps). */
async function streamRecords(path: string, sink: RecordSink): Promise<void> {
  const reader = createRecordReader(sink);
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      reader.push(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  reader.end();
}

interface PlanSettings {
  limit: number;
  anchor: ReplayAnchor;
  timeZone: string;
}

async function buildPlan(files: InstacartFile[], shop: InstacartCatalogue, reject: RejectRow, rejected: () => number, settings: PlanSettings): Promise<Plan> {
  const started = Date.now();
  const ordersFile = files.find((f) => f.role === 'orders') as InstacartFile;
  const lineFiles = files.filter((f) => f.role === 'prior' || f.role === 'train');

  const builder = createOrderTableBuilder({ reject, capacity: Math.ceil(statSync(ordersFile.path).size / 28) });
  await streamRecords(ordersFile.path, builder.record);
  const table = builder.finish();
  const lookupOrder = createOrderLookup(table, reject);
  const seconds = reconstructTimeline(table, reject);

  const index = createLineIndexBuilder({ orderCount: table.count, lookupOrder, hasProduct: (id) => shop.entry(id) !== undefined, reject });
  for (const [k, file] of lineFiles.entries()) {
    await streamRecords(file.path, index.beginFile(k, file.name));
    index.endFile();
  }
  const segments = index.finish();

  let emitted = 0;
  let kept = 0;
  for (let i = 0; i < table.count; i++) {
    if (table.evalSet[i] === DROPPED) continue;
    kept++;
    if ((segments.first[i] as number) >= 0) emitted++;
  }
  const slots = new Uint32Array(emitted);
  let lines = 0;
  for (let i = 0, k = 0; i < table.count; i++) {
    if (table.evalSet[i] === DROPPED || (segments.first[i] as number) < 0) continue;
    slots[k++] = i;
    lines += segments.lineCount[i] as number;
  }
  const order = sortSlots(slots, seconds).subarray(0, settings.limit);
  const firstSecond = order.length > 0 ? (seconds[order[0] as number] as number) : 0;
  const lastSecond = order.length > 0 ? (seconds[order[order.length - 1] as number] as number) : 0;
  const eventTimeOf = placeTimeline({ firstSecond, lastSecond, anchor: settings.anchor, timeZone: settings.timeZone });
  const summary: InstacartSummary = {
    orders: kept, ordersWithLines: emitted, lines, total: order.length, rejected: rejected(), firstSecond, lastSecond,
    firstEventTime: order.length > 0 ? eventTimeOf(firstSecond) : null, lastEventTime: order.length > 0 ? eventTimeOf(lastSecond) : null,
    lineFiles: lineFiles.map((f) => f.name), indexMs: Date.now() - started,
  };
  return { table, seconds, segments, order, summary, eventTimeOf };
}

export function createInstacartSource(options: InstacartOptions): InstacartSource {
  checkOptions(options);
  const { anchor, timeZone = 'UTC', evalSet = 'all', limitOrders, badRecords = 'skip', onRejected } = options;
  const files = checkFiles(options.dataPath, evalSet);
  const pathOf = (role: InstacartFileRole): string => (files.find((f) => f.role === role) as InstacartFile).path;
  const lineFiles = files.filter((f) => f.role === 'prior' || f.role === 'train');
  const { reject, count } = createRowRejecter(badRecords, onRejected);
  const shop = readInstacartCatalogue(
    { departments: readFileSync(pathOf('departments')), aisles: readFileSync(pathOf('aisles')), products: readFileSync(pathOf('products')) },
    reject,
  );

  let plan: Plan | undefined;
  let planning: Promise<Plan> | undefined;
  const preparePlan = (): Promise<Plan> => {
    planning ??= buildPlan(files, shop, reject, count, { limit: limitOrders ?? Number.MAX_SAFE_INTEGER, anchor, timeZone }).then((built) => (plan = built));
    return planning;
  };

  // A hand-written iterator: an async generator's yield* costs several ticks per event.
  const events = (): AsyncIterable<CheckoutEvent> => ({
    [Symbol.asyncIterator]() {
      let reader: OrderReader | undefined;
      let p: Plan | undefined;
      let batch: CheckoutEvent[] = [];
      let k = 0;
      let from = 0;
      const finish = (): IteratorReturnResult<undefined> => {
        reader?.close();
        reader = undefined;
        from = Number.POSITIVE_INFINITY;
        return { done: true, value: undefined };
      };
      return {
        async next(): Promise<IteratorResult<CheckoutEvent>> {
          if (k < batch.length) return { done: false, value: batch[k++] as CheckoutEvent };
          p ??= await preparePlan();
          if (from >= p.order.length) return finish();
          reader ??= createOrderReader({
            plan: p, files: lineFiles, shop, eventTimeOf: p.eventTimeOf,
          });
          const to = Math.min(from + BATCH_ORDERS, p.order.length);
          try {
            batch = reader.read(from, to);
          } catch (error) {
            finish();
            throw error;
          }
          from = to;
          k = 1;
          return { done: false, value: batch[0] as CheckoutEvent };
        },
        async return(): Promise<IteratorReturnResult<undefined>> {
          batch = [];
          return finish();
        },
      };
    },
  });

  return {
    kind: 'instacart',
    catalogue: shop.catalogue,
    get total() {
      return plan?.order.length;
    },
    prepare: async () => ({ ...(await preparePlan()).summary, rejected: count() }),
    events,
  };
}
