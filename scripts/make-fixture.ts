// Writes synthetic data sets in Instacart's exact CSV format, deterministically from a seed.
// Departments and aisles are Instacart's real ids and names; products, users, orders and lines
// are made up (nothing is copied from the data set).
//
//   npx tsx scripts/make-fixture.ts
//     test/fixtures/instacart-mini/          unquoted, headers, hour "09", days "7.0", LF
//     test/fixtures/instacart-mini-quoted/   every field quoted, hour "9", CRLF
//     test/fixtures/instacart-bad-row/       instacart-mini with one malformed lines row
//     test/fixtures/instacart-sample/        like a public sample: a subset of orders.csv (gaps in
//                                            order_number), no train file, every field quoted,
//                                            hour "09", lines of left-out orders and of a product
//                                            missing from products.csv
//     each with fixture.json: the counts a replay must reproduce
//   npx tsx scripts/make-fixture.ts --large DIR [--users 206209] [--seed N]
//     a full-size set for benchmarks (206,209 users ≈ 3.4M orders, 34M lines, ~0.65 GB)
//   npx tsx scripts/make-fixture.ts --replay DIR
//     times a replay of DIR (index passes, then every event) and checks the counts
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AISLES, DEPARTMENT_WEIGHT, DEPARTMENTS, createRandom, createWeightedSampler, unitFrom, type Random, createInstacartSource,
} from '../src/index';

interface Style { quoteAll: boolean; padHour: boolean; eol: string }
interface Spec { seed: number; users: number; products: number; meanExtraOrders: number; meanExtraLines: number }

const MINI: Spec = { seed: 20_261_124, users: 60, products: 300, meanExtraOrders: 6, meanExtraLines: 9 };
const LARGE: Spec = { seed: 20_261_124, users: 206_209, products: 49_688, meanExtraOrders: 12.6, meanExtraLines: 9.1 };

const NOUNS = ['Bites', 'Blend', 'Bar', 'Mix', 'Pack', 'Selection', 'Medley', 'Classic', 'Crunch', 'Delight'];
const EXTRAS = ['', '', '', ', 12 oz', ', Family Size', ' "Original"', ' & Co.', ", Grandma's"];

/** Buffered synchronous CSV writer. */
function createCsvWriter(path: string, style: Style) {
  const fd = openSync(path, 'w');
  let chunk: string[] = [];
  let size = 0;
  const field = (value: string | number): string => {
    const text = String(value);
    return style.quoteAll || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const flush = (): void => {
    writeSync(fd, chunk.join(''));
    chunk = [];
    size = 0;
  };
  return {
    row(values: (string | number)[]): void {
      const line = values.map(field).join(',') + style.eol;
      chunk.push(line);
      size += line.length;
      if (size > 1 << 20) flush();
    },
    close(): void {
      flush();
      closeSync(fd);
    },
  };
}

interface DataSet {
  products: { id: number; name: string; aisleId: number; departmentId: number }[];
  /** Orders in user order: [order_id, user_id, eval(0 prior, 1 train, 2 test), number, dow, hour, days or -1] */
  orders: Int32Array[];
  /** Lines per order_id: start into lineProduct/lineReordered, and count. */
  lineStart: Int32Array;
  lineCount: Int32Array;
  lineProduct: Int32Array;
  lineReordered: Uint8Array;
  evalOf: Uint8Array;
}

function shuffledIds(count: number, random: Random): Int32Array {
  const ids = new Int32Array(count);
  for (let i = 0; i < count; i++) ids[i] = i + 1;
  for (let i = count - 1; i > 0; i--) {
    const j = random.int(0, i);
    const t = ids[i] as number;
    ids[i] = ids[j] as number;
    ids[j] = t;
  }
  return ids;
}

function generate(spec: Spec): DataSet {
  const random = createRandom(spec.seed);
  const aisleWeights = AISLES.map(([, , dept]) => (DEPARTMENT_WEIGHT[dept] ?? 0.1) * (0.5 + random.next()));
  const drawAisle = createWeightedSampler(aisleWeights);
  const products = Array.from({ length: spec.products }, (_, k) => {
    const [aisleId, aisle, departmentId] = AISLES[drawAisle(random.next())] as readonly [number, string, number];
    const title = aisle.replace(/\b\w/g, (c) => c.toUpperCase());
    return { id: k + 1, name: `${random.pick(NOUNS)} ${title} ${k + 1}${random.pick(EXTRAS)}`, aisleId, departmentId };
  });
  const drawProduct = createWeightedSampler(products.map((_, rank) => 1 / (rank + 1) ** 0.9));

  const orderCounts = Array.from({ length: spec.users }, () => Math.min(100, 4 + random.poisson(spec.meanExtraOrders)));
  const totalOrders = orderCounts.reduce((a, b) => a + b, 0);
  const ids = shuffledIds(totalOrders, random);
  const orders: Int32Array[] = [];
  const lineStart = new Int32Array(totalOrders + 1);
  const lineCount = new Int32Array(totalOrders + 1);
  const evalOf = new Uint8Array(totalOrders + 1);
  let lineProduct = new Int32Array(totalOrders * 12);
  let lineReordered = new Uint8Array(totalOrders * 12);
  let lines = 0;
  let next = 0;
  for (let user = 1; user <= spec.users; user++) {
    const count = orderCounts[user - 1] as number;
    const habitDow = random.int(0, 6);
    const habitHour = random.int(8, 19);
    const gap = 2 + random.next() * 14;
    const pantry = Array.from({ length: 6 + random.int(0, 20) }, () => 1 + drawProduct(random.next()));
    const seen = new Set<number>();
    for (let number = 1; number <= count; number++) {
      const id = ids[next++] as number;
      const evalSet = number < count ? 0 : random.next() < 0.64 ? 1 : 2;
      const dow = random.next() < 0.5 ? habitDow : random.int(0, 6);
      const hour = Math.max(0, Math.min(23, Math.round(habitHour + 3 * random.normal())));
      const days = number === 1 ? -1 : Math.min(30, random.poisson(gap));
      orders.push(Int32Array.of(id, user, evalSet, number, dow, hour, days));
      evalOf[id] = evalSet;
      if (evalSet === 2) continue;
      const size = Math.min(145, 1 + random.poisson(spec.meanExtraLines));
      if (lines + size > lineProduct.length) {
        const grownProduct = new Int32Array(lineProduct.length * 2);
        grownProduct.set(lineProduct);
        lineProduct = grownProduct;
        const grownReordered = new Uint8Array(lineReordered.length * 2);
        grownReordered.set(lineReordered);
        lineReordered = grownReordered;
      }
      const basket = new Set<number>();
      for (let tries = 0; basket.size < size && tries < size * 4; tries++) {
        basket.add(random.next() < 0.6 ? (random.pick(pantry) as number) : 1 + drawProduct(random.next()));
      }
      lineStart[id] = lines;
      lineCount[id] = basket.size;
      for (const product of basket) {
        lineProduct[lines] = product;
        lineReordered[lines] = seen.has(product) ? 1 : 0;
        lines++;
      }
      for (const product of basket) seen.add(product);
    }
  }
  return { products, orders, lineStart, lineCount, lineProduct, lineReordered, evalOf };
}

interface Counts {
  users: number; orders: number; ordersWithLines: number; lines: number; linesPrior: number; linesTrain: number;
  products: number; aisles: number; departments: number; evalSets: { prior: number; train: number; test: number };
}

function writeDataSet(dir: string, data: DataSet, style: Style): Counts {
  mkdirSync(dir, { recursive: true });
  const open = (name: string) => createCsvWriter(join(dir, name), style);
  const departments = open('departments.csv');
  departments.row(['department_id', 'department']);
  for (const [id, name] of DEPARTMENTS) departments.row([id, name]);
  departments.close();
  const aisles = open('aisles.csv');
  aisles.row(['aisle_id', 'aisle']);
  for (const [id, name] of AISLES) aisles.row([id, name]);
  aisles.close();
  const products = open('products.csv');
  products.row(['product_id', 'product_name', 'aisle_id', 'department_id']);
  for (const p of data.products) products.row([p.id, p.name, p.aisleId, p.departmentId]);
  products.close();

  const evalNames = ['prior', 'train', 'test'] as const;
  const evalSets = { prior: 0, train: 0, test: 0 };
  const orders = open('orders.csv');
  orders.row(['order_id', 'user_id', 'eval_set', 'order_number', 'order_dow', 'order_hour_of_day', 'days_since_prior_order']);
  for (const [id, user, evalSet, number, dow, hour, days] of data.orders as unknown as number[][]) {
    const name = evalNames[evalSet as number] as (typeof evalNames)[number];
    evalSets[name]++;
    const hourText = style.padHour ? String(hour).padStart(2, '0') : String(hour);
    orders.row([id as number, user as number, name, number as number, dow as number, hourText, days === -1 ? '' : `${days}.0`]);
  }
  orders.close();

  const lineCounts = [0, 0];
  for (const [k, name] of ['order_products__prior.csv', 'order_products__train.csv'].entries()) {
    const file = open(name);
    file.row(['order_id', 'product_id', 'add_to_cart_order', 'reordered']);
    for (let id = 1; id < data.evalOf.length; id++) {
      if (data.evalOf[id] !== k || data.lineCount[id] === 0) continue;
      const start = data.lineStart[id] as number;
      for (let j = 0; j < (data.lineCount[id] as number); j++) {
        file.row([id, data.lineProduct[start + j] as number, j + 1, data.lineReordered[start + j] as number]);
        lineCounts[k] = (lineCounts[k] as number) + 1;
      }
    }
    file.close();
  }
  const [linesPrior = 0, linesTrain = 0] = lineCounts;
  return {
    users: new Set(data.orders.map((o) => o[1])).size, orders: data.orders.length, ordersWithLines: evalSets.prior + evalSets.train,
    lines: linesPrior + linesTrain, linesPrior, linesTrain, products: data.products.length, aisles: AISLES.length, departments: DEPARTMENTS.length, evalSets,
  };
}

const writeJson = (path: string, value: unknown): void => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
const NOTE = 'Synthetic data in the Instacart CSV format, written by scripts/make-fixture.ts; not the Instacart data set.';

/** A copy of the mini set with one lines row made malformed: an order's second line, mid-file. */
function writeBadRowCopy(from: string, dir: string, counts: Counts): void {
  mkdirSync(dir, { recursive: true });
  for (const name of ['departments.csv', 'aisles.csv', 'products.csv', 'orders.csv', 'order_products__train.csv']) {
    copyFileSync(join(from, name), join(dir, name));
  }
  const file = 'order_products__prior.csv';
  const rows = readFileSync(join(from, file), 'utf8').split('\n');
  let index = Math.floor(rows.length / 2);
  const fieldsAt = (i: number) => (rows[i] ?? '').split(',');
  while (!(fieldsAt(index)[2] === '2' && fieldsAt(index + 1)[0] === fieldsAt(index)[0])) index++;
  const [orderId, productId] = fieldsAt(index);
  rows[index] = `${orderId},${productId},two,0`;
  writeFileSync(join(dir, file), rows.join('\n'));
  writeJson(join(dir, 'fixture.json'), {
    note: `${NOTE} One row of ${file} is malformed on purpose.`,
    badRow: { file, line: index + 1, orderId: Number(orderId), productId: Number(productId), reason: 'add_to_cart_order: expected a positive integer, got "two"' },
    whenSkipped: { ...counts, lines: counts.lines - 1, linesPrior: counts.linesPrior - 1 },
  });
}

const SAMPLE_SALT = 0x5a3b;

/**
 * A public-sample-like copy of a data set: about 55% of orders.csv (so users have gaps in
 * order_number, and many do not start at #1), no train file, every field quoted, hours "09",
 * LF. The prior lines file still has every prior order's lines, and products.csv lacks one
 * product: a replay skips those lines, and fixture.json says how many for each reason.
 */
function writeSampleSet(data: DataSet, dir: string): void {
  const kept = (orderId: number): boolean => unitFrom(orderId, SAMPLE_SALT) < 0.55;
  const missingProduct = data.lineProduct[0] as number;
  const sample: DataSet = { ...data, orders: data.orders.filter((o) => kept(o[0] as number)), products: data.products.filter((p) => p.id !== missingProduct) };
  const counts = writeDataSet(dir, sample, { quoteAll: true, padHour: true, eol: '\n' });
  rmSync(join(dir, 'order_products__train.csv'));
  // What a replay of the prior file must find, counted here from the generator's own data.
  let orders = 0;
  let lines = 0;
  const skipped = { 'order not in orders.csv': 0, 'product not in products.csv': 0 };
  for (let id = 1; id < data.evalOf.length; id++) {
    if (data.evalOf[id] !== 0 || data.lineCount[id] === 0) continue;
    const start = data.lineStart[id] as number;
    const products = Array.from({ length: data.lineCount[id] as number }, (_, j) => data.lineProduct[start + j] as number);
    if (!kept(id)) {
      skipped['order not in orders.csv'] += products.length;
      continue;
    }
    const missing = products.filter((p) => p === missingProduct).length;
    skipped['product not in products.csv'] += missing;
    lines += products.length - missing;
    if (products.length > missing) orders++;
  }
  const byUser = new Map<number, number[]>();
  for (const o of sample.orders) byUser.set(o[1] as number, [...(byUser.get(o[1] as number) ?? []), o[3] as number]);
  const numbers = [...byUser.values()].map((n) => n.sort((a, b) => a - b));
  writeJson(join(dir, 'fixture.json'), {
    note: `${NOTE} A public-sample-like subset: no train file, every field quoted, hours "09".`,
    spec: MINI, ordersCsvRows: counts.orders, users: counts.users, products: counts.products, missingProduct,
    whenReplayed: { evalSet: 'prior', orders, lines, skipped },
    usersNotStartingAtOne: numbers.filter((n) => n[0] !== 1).length,
    usersWithGaps: numbers.filter((n) => n.some((v, i) => i > 0 && v !== (n[i - 1] as number) + 1)).length,
  });
}

async function timeReplay(dir: string): Promise<void> {
  const started = performance.now();
  const source = createInstacartSource({ dataPath: dir, anchor: { startMs: Date.UTC(2026, 0, 4) }, badRecords: 'fail' });
  const summary = await source.prepare();
  const indexed = performance.now();
  let orders = 0;
  let lines = 0;
  let last = 0;
  for await (const event of source.events()) {
    if (event.event_time < last) throw new Error(`event time went back at order ${event.order_id}`);
    last = event.event_time;
    orders++;
    lines += event.lines.length;
  }
  const done = performance.now();
  if (orders !== summary.total || lines !== summary.lines) throw new Error(`emitted ${orders} orders and ${lines} lines, expected ${summary.total} and ${summary.lines}`);
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  console.log(
    `${orders} orders, ${lines} lines: index ${seconds(indexed - started)} s, events ${seconds(done - indexed)} s, ` +
    `${Math.round(lines / ((done - started) / 1000))} lines/s overall, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
}

async function main(argv: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const replay = option('--replay');
  if (replay !== undefined) return timeReplay(replay);
  const large = option('--large');
  if (large !== undefined) {
    const spec = { ...LARGE, users: Number(option('--users') ?? LARGE.users), seed: Number(option('--seed') ?? LARGE.seed) };
    const started = Date.now();
    const counts = writeDataSet(large, generate(spec), { quoteAll: false, padHour: true, eol: '\n' });
    writeJson(join(large, 'fixture.json'), { note: NOTE, spec, ...counts });
    console.log(`wrote ${counts.orders} orders, ${counts.lines} lines to ${large} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  const root = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
  const data = generate(MINI);
  const mini = join(root, 'instacart-mini');
  const counts = writeDataSet(mini, data, { quoteAll: false, padHour: true, eol: '\n' });
  writeJson(join(mini, 'fixture.json'), { note: NOTE, spec: MINI, ...counts });
  const quoted = join(root, 'instacart-mini-quoted');
  writeDataSet(quoted, data, { quoteAll: true, padHour: false, eol: '\r\n' });
  writeJson(join(quoted, 'fixture.json'), { note: `${NOTE} Every field quoted, hours unpadded, CRLF.`, spec: MINI, ...counts });
  writeBadRowCopy(mini, join(root, 'instacart-bad-row'), counts);
  writeSampleSet(data, join(root, 'instacart-sample'));
  console.log(`wrote ${counts.orders} orders (${counts.ordersWithLines} with lines), ${counts.lines} lines for ${counts.users} users under ${root}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
