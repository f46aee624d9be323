// Reconciles a data folder: every aggregated measure, window by window and key by key, against
// one pass over raw. Money is compared in whole hundredths of a cent, the unit the aggregates
// are summed in, so "equal" means equal. A correction file (late rows) counts like any other:
// summing a dataset is what an analyst does, so that is what is checked.
import { alignDown } from '../domain/index';
import { WorkbenchError } from '../core/index';
import { createHistoryReader } from './history-reader';
import { windowFilePath, type Dataset } from './layout';
import { readParquetColumns } from './tables';
import type { Store } from './types';

export interface Mismatch {
  dataset: Dataset;
  window: number;
  /** hour=7, department=4, product=123, or "" for a window's total. */
  key: string;
  measure: string;
  expected: number;
  found: number;
  /** Files of the dataset that hold rows of this window (none: it is missing). */
  files: string[];
}

export interface VerifyReport {
  windowMs: number;
  raw: { files: number; lines: number; orders: number; duplicateOrders: number };
  aggregatedFiles: number;
  windows: number;
  mismatches: Mismatch[];
  /** Datasets not compared: with no file at all while the others have some (a store written before they existed). */
  skipped: Dataset[];
  /**
   * Data files another file of their folder covers (left by a write that failed or a compaction
   * cut short). Readers of this product skip them, so they are not an error; a tool that reads
   * every file of a folder counts their rows twice. Compaction deletes them.
   */
  covered: string[];
}

const MONEY_SCALE = 10_000;
const money = (v: unknown): number => Math.round(Number(v) * MONEY_SCALE);

type Sums = Map<string, number>;
const add = (sums: Sums, key: string, value: number): void => {
  sums.set(key, (sums.get(key) ?? 0) + value);
};

/** dataset → (window|key|measure → sum); every measure a check compares, from raw. */
interface Expected { by_hour: Sums; by_department: Sums; by_product: Sums; by_department_hour: Sums }
const noSums = (): Expected => ({ by_hour: new Map(), by_department: new Map(), by_product: new Map(), by_department_hour: new Map() });

/** How each aggregated table's columns map to the raw measures. */
// by_pair is not reconciled: its counts may be lower bounds by design (domain/pairs.ts).
const CHECKS: Record<Exclude<Dataset, 'raw' | 'by_pair'>, { key: (row: Row) => string; measures: Array<[string, string, boolean]> }> = {
  by_hour: { key: (r) => `hour=${r.get('order_hour_of_day')}`, measures: [['transaction_count', 'orders', false], ['line_count', 'lines', false], ['total_revenue', 'revenue', true]] },
  by_department: { key: (r) => `department=${r.get('department_id')}`, measures: [['transaction_count', 'orders', false], ['line_count', 'lines', false], ['total_quantity', 'quantity', false], ['total_revenue', 'revenue', true]] },
  by_product: { key: (r) => `product=${r.get('product_id')}`, measures: [['transaction_count', 'orders', false], ['total_quantity', 'quantity', false], ['total_revenue', 'revenue', true]] },
  by_department_hour: {
    key: (r) => `department=${r.get('department_id')},hour=${r.get('order_hour_of_day')}`,
    measures: [['transaction_count', 'orders', false], ['line_count', 'lines', false], ['total_revenue', 'revenue', true]],
  },
};

/** One row of a row group, read through its columns (no object per row). */
interface Row { get(column: string): unknown }

async function eachRow(store: Store, path: string, onRow: (row: Row) => void): Promise<void> {
  await readParquetColumns(await store.read(path), path, ({ names, columns, rows }) => {
    const index = new Map(names.map((n, c) => [n, columns[c]!]));
    let i = 0;
    const row: Row = { get: (column) => index.get(column)?.[i] };
    for (; i < rows; i++) onRow(row);
  });
}

const timeOf = (v: unknown): number => (v instanceof Date ? v.getTime() : Number(v));

async function readRaw(store: Store, windowMs: number, report: VerifyReport): Promise<Expected> {
  const expected = noSums();
  const seen = new Map<string, string>();
  const pairs = new Set<string>();
  const { files, covered } = await createHistoryReader(store).listing('raw');
  report.raw.files = files.length;
  report.covered.push(...covered.map((f) => f.path));
  for (const file of files) {
    await eachRow(store, file.path, (r) => {
      const w = alignDown(timeOf(r.get('event_time')), windowMs);
      const id = String(r.get('event_id'));
      const origin = `${r.get('source_partition')}@${r.get('source_offset')}`;
      const before = seen.get(id);
      if (before === undefined) {
        seen.set(id, origin);
        report.raw.orders++;
        add(expected.by_hour, `${w}|hour=${r.get('order_hour_of_day')}|orders`, 1);
      } else if (before !== origin && !pairs.has(`${id}|dup|${origin}`)) {
        pairs.add(`${id}|dup|${origin}`);
        report.raw.duplicateOrders++;
      }
      report.raw.lines++;
      const revenue = money(r.get('line_revenue'));
      const quantity = Number(r.get('quantity'));
      const department = `department=${r.get('department_id')}`;
      const product = `product=${r.get('product_id')}`;
      const departmentHour = `${department},hour=${r.get('order_hour_of_day')}`;
      add(expected.by_hour, `${w}|hour=${r.get('order_hour_of_day')}|lines`, 1);
      add(expected.by_hour, `${w}|hour=${r.get('order_hour_of_day')}|revenue`, revenue);
      for (const [sums, key] of [[expected.by_department, department], [expected.by_product, product]] as const) {
        add(sums, `${w}|${key}|quantity`, quantity);
        add(sums, `${w}|${key}|revenue`, revenue);
        // Orders containing it: one per (order, key), however many lines.
        if (!pairs.has(`${id}|${key}`)) {
          pairs.add(`${id}|${key}`);
          add(sums, `${w}|${key}|orders`, 1);
          // An order has one hour of day: its first line of a department counts it there too.
          if (sums === expected.by_department) add(expected.by_department_hour, `${w}|${departmentHour}|orders`, 1);
        }
      }
      add(expected.by_department, `${w}|${department}|lines`, 1);
      add(expected.by_department_hour, `${w}|${departmentHour}|lines`, 1);
      add(expected.by_department_hour, `${w}|${departmentHour}|revenue`, revenue);
    });
  }
  return expected;
}

/** Reconciles the store's aggregates with its raw lines; the window size comes from the aggregates (default `windowMs`). */
export async function verifyStore(store: Store, windowMs: number): Promise<VerifyReport> {
  const reader = createHistoryReader(store);
  const found = noSums();
  const filesOf = new Map<string, Set<string>>();
  const report: VerifyReport = { windowMs, raw: { files: 0, lines: 0, orders: 0, duplicateOrders: 0 }, aggregatedFiles: 0, windows: 0, mismatches: [], skipped: [], covered: [] };
  const sizes = new Set<number>();
  for (const dataset of Object.keys(CHECKS) as Array<keyof typeof CHECKS>) {
    const check = CHECKS[dataset];
    const { files, covered } = await reader.listing(dataset);
    report.covered.push(...covered.map((f) => f.path));
    // by_department_hour came later than the other aggregates: a store without a single file of it is older.
    if (files.length === 0 && dataset === 'by_department_hour') report.skipped.push(dataset);
    for (const file of files) {
      report.aggregatedFiles++;
      await eachRow(store, file.path, (r) => {
        const w = timeOf(r.get('window_start'));
        sizes.add(timeOf(r.get('window_end')) - w);
        const holders = filesOf.get(`${dataset}|${w}`) ?? new Set<string>();
        holders.add(file.path);
        filesOf.set(`${dataset}|${w}`, holders);
        const key = check.key(r);
        for (const [column, measure, isMoney] of check.measures) {
          add(found[dataset], `${w}|${key}|${measure}`, isMoney ? money(r.get(column)) : Number(r.get(column)));
        }
      });
    }
  }
  if (sizes.size > 1) throw new WorkbenchError('BAD_CONFIG', `the aggregates hold windows of several sizes (${[...sizes].map((s) => `${s / 1000}s`).join(', ')}); verify one window size at a time`);
  report.windowMs = [...sizes][0] ?? windowMs;
  const expected = await readRaw(store, report.windowMs, report);
  const windows = new Set<number>();
  for (const dataset of Object.keys(CHECKS) as Array<keyof typeof CHECKS>) {
    if (report.skipped.includes(dataset) && report.aggregatedFiles > 0) continue;
    for (const key of new Set([...expected[dataset].keys(), ...found[dataset].keys()])) {
      const [w, dimension, measure] = key.split('|') as [string, string, string];
      windows.add(Number(w));
      const e = expected[dataset].get(key) ?? 0;
      const f = found[dataset].get(key) ?? 0;
      if (e === f) continue;
      report.mismatches.push({
        dataset, window: Number(w), key: dimension, measure, expected: measure === 'revenue' ? e / MONEY_SCALE : e,
        found: measure === 'revenue' ? f / MONEY_SCALE : f,
        files: [...(filesOf.get(`${dataset}|${w}`) ?? [])].sort(),
      });
    }
  }
  report.windows = windows.size;
  report.covered.sort();
  report.mismatches.sort((a, b) => a.window - b.window || a.dataset.localeCompare(b.dataset) || a.key.localeCompare(b.key));
  return report;
}

/** Where a missing window's file would be. */
export const expectedWindowFile = (m: Mismatch, windowMs: number): string => windowFilePath(m.dataset, m.window, windowMs);
