// A restarted stage-2 owner takes up the trend detector and the alert desk where the last one
// left them, from what the store already holds: the aggregates of the windows written before
// the restart (by_product and by_department, corrections included) and the acknowledgements
// stored next to the alerts. The detector learns those windows again, so it alerts at once
// instead of after a fresh warm-up; no alert is sent to a sink twice (alerts-stage.ts).
import type { DepartmentCount, ProductCount, WindowCounts } from '../domain/trend/index';
import type { Log } from '../core/index';
import { createHistoryReader, hourPartition, ROOT, type Store } from '../store/index';
import type { AlertStage } from '../stream/index';

const HOUR_MS = 3_600_000;
const timeOf = (v: unknown): number => (v instanceof Date ? v.getTime() : Number(v));

/** Windows that ended in [from, to), rebuilt as the detector reads them, oldest first. */
export async function storedWindowCounts(store: Store, from: number, to: number): Promise<WindowCounts[]> {
  const reader = createHistoryReader(store);
  const windows = new Map<number, WindowCounts>();
  const windowOf = (row: Record<string, unknown>): WindowCounts => {
    const start = timeOf(row.window_start);
    let w = windows.get(start);
    if (!w) windows.set(start, (w = { start, end: timeOf(row.window_end), orders: 0, products: new Map(), departments: new Map() }));
    return w;
  };
  const range = { from: from - HOUR_MS, to };
  for (const row of await reader.rows('by_hour', range)) windowOf(row).orders += Number(row.transaction_count);
  for (const row of await reader.rows('by_product', range)) {
    const products = windowOf(row).products;
    const id = Number(row.product_id);
    const p: ProductCount = products.get(id) ?? { name: String(row.product_name), departmentId: Number(row.department_id), orders: 0 };
    p.orders += Number(row.transaction_count);
    products.set(id, p);
  }
  for (const row of await reader.rows('by_department', range)) {
    const departments = windowOf(row).departments;
    const id = Number(row.department_id);
    const d: DepartmentCount = departments.get(id) ?? { name: String(row.department), lines: 0 };
    d.lines += Number(row.line_count);
    departments.set(id, d);
  }
  return [...windows.values()].filter((w) => w.end > from && w.end <= to).sort((a, b) => a.start - b.start);
}

/** Acknowledgements stored in [from, to): their files are named …-ack-<alert id>.json. */
export async function storedAcknowledgements(store: Store, from: number, to: number): Promise<Array<{ id: string; at: number }>> {
  const acks: Array<{ id: string; at: number }> = [];
  for (let hour = from - (from % HOUR_MS); hour < to; hour += HOUR_MS) {
    const dir = `${ROOT}/alerts/${hourPartition(hour)}`;
    if (!(await store.exists(dir))) continue;
    for (const file of await store.list(dir)) {
      const id = /-ack-(.+)\.json$/.exec(file.path)?.[1];
      if (!id) continue;
      const record = JSON.parse(new TextDecoder().decode(await store.read(file.path))) as { eventAt?: number };
      acks.push({ id, at: record.eventAt ?? hour });
    }
  }
  return acks;
}

/** Feeds the detector the windows written in the span before `writtenUpTo`. */
export async function warmUpFromHistory(options: { store: Store; alerts: AlertStage; writtenUpTo: number; spanMs: number; now: number; log: Log }): Promise<number> {
  const { store, alerts, writtenUpTo, spanMs, now, log } = options;
  if (!alerts.detector || !Number.isFinite(writtenUpTo)) return 0;
  const from = writtenUpTo - spanMs;
  const windows = await storedWindowCounts(store, from, writtenUpTo);
  // Acknowledgements are stored by the wall-clock time a person gave them, which a replay's event time may trail.
  const acks = await storedAcknowledgements(store, from, Math.max(writtenUpTo, now) + HOUR_MS);
  alerts.warmUp(windows, acks);
  log.info(`stage 2: the trend detector learned ${windows.length} stored windows up to ${new Date(writtenUpTo).toISOString()} (${acks.length} acknowledgements); it alerts without a new warm-up`);
  return windows.length;
}
