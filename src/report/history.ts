// Reads the aggregated history of a period from the store (local folder or HDFS) as report
// rows, through the store's history reader: only the hour partitions the period touches, and
// a compacted hour's merged file instead of its inputs.
import { ROOT, hourOfPartition, dirName, createHistoryReader, type Store } from '../store/index';
import type { Alert } from '../stream/index';
import { WorkbenchError } from '../core/index';
import { departmentHourRowsFromRecords, departmentRowsFromRecords, hourRowsFromRecords, pairRowsFromRecords, productRowsFromRecords, type AggregatedRows } from './rows';

/** by_product, by_department, by_hour, by_department_hour and by_pair rows of the windows that start in [from, to). */
export async function readReportRows(store: Store, range: { from: number; to: number }): Promise<AggregatedRows> {
  const reader = createHistoryReader(store);
  const [products, departments, hours, departmentHours, pairs] = await Promise.all([
    reader.rows('by_product', range), reader.rows('by_department', range), reader.rows('by_hour', range), reader.rows('by_department_hour', range),
    reader.rows('by_pair', range),
  ]);
  return {
    products: productRowsFromRecords(products), departments: departmentRowsFromRecords(departments), hours: hourRowsFromRecords(hours),
    departmentHours: departmentHourRowsFromRecords(departmentHours), pairs: pairRowsFromRecords(pairs),
  };
}

/** The hours of the store's by_hour partitions, oldest first. */
async function byHourPartitions(store: Store): Promise<number[]> {
  const hours = new Set<number>();
  for (const file of await createHistoryReader(store).files('by_hour')) {
    const hour = hourOfPartition(dirName(file.path));
    if (hour !== undefined) hours.add(hour);
  }
  return [...hours].sort((a, b) => a - b);
}

const hourRows = async (store: Store, hour: number) =>
  hourRowsFromRecords(await createHistoryReader(store).rows('by_hour', { from: hour, to: hour + HOUR_MS }));

/**
 * The end of the newest window in the store's by_hour history (event time), or null when it
 * has none: where a report's default period ends. Only the newest hour partition is read.
 */
export async function newestWindowEnd(store: Store): Promise<number | null> {
  const newestHour = (await byHourPartitions(store)).pop();
  if (newestHour === undefined) return null;
  const rows = await hourRows(store, newestHour);
  return rows.length === 0 ? null : Math.max(...rows.map((r) => r.windowEnd));
}

/** From the start of the oldest window to the end of the newest in by_hour, or null when empty. Reads two hour partitions. */
export async function historyExtent(store: Store): Promise<{ from: number; to: number } | null> {
  const hours = await byHourPartitions(store);
  if (hours.length === 0) return null;
  const [oldest, newest] = await Promise.all([hourRows(store, hours[0] as number), hourRows(store, hours[hours.length - 1] as number)]);
  if (oldest.length === 0 || newest.length === 0) return null;
  return { from: Math.min(...oldest.map((r) => r.windowStart)), to: Math.max(...newest.map((r) => r.windowEnd)) };
}

const HOUR_MS = 3_600_000;

export const ALERTS_DIR = `${ROOT}/alerts`;

const looksLikeAlert = (v: unknown): v is Alert =>
  typeof v === 'object' && v !== null && typeof (v as Alert).id === 'string' && typeof (v as Alert).startedAt === 'number';

/** The hour a path's dt=YYYY-MM-DD/hour=HH partition stands for, or undefined. */
function partitionHour(path: string): number | undefined {
  const match = /dt=(\d{4})-(\d{2})-(\d{2})\/hour=(\d{2})\//.exec(path);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4])) : undefined;
}

/** A JSON array, one JSON object, or JSON lines. */
function parseRecords(text: string): unknown[] {
  try {
    const whole: unknown = JSON.parse(text);
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as unknown);
  }
}

/**
 * Alerts the pipeline stored under purchase-analytics/alerts/ (dt=…/hour=…/events-….jsonl, one
 * line per alert event, and ….json acknowledgements), as they stood at the end of a period:
 * files are read in path order, which is time order, and a later record of an alert id
 * replaces an earlier one, as in the live view. Files of hours after `to` are not read.
 */
export async function readStoredAlerts(store: Store, range: { to?: number } = {}): Promise<Alert[]> {
  const byId = new Map<string, Alert>();
  const files = (await store.list(ALERTS_DIR)).filter((f) => {
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    const hour = partitionHour(f.path);
    return /\.jsonl?$/.test(name) && !/^[_.]/.test(name) && (range.to === undefined || hour === undefined || hour < range.to);
  });
  for (const f of files) {
    const text = new TextDecoder().decode(await store.read(f.path)).trim();
    if (!text) continue;
    let records: unknown[];
    try {
      records = parseRecords(text);
    } catch (error) {
      throw new WorkbenchError('BAD_EVENT', `${store.location}/${f.path} is not JSON alerts: ${(error as Error).message}`, { where: f.path, cause: error });
    }
    for (const record of records) {
      if (!looksLikeAlert(record)) continue;
      // Stored lines also say which event wrote them (event, eventAt); the report wants the alert.
      const { event: _event, eventAt: _eventAt, ...alert } = record as Alert & { event?: unknown; eventAt?: unknown };
      byId.set(alert.id, alert);
    }
  }
  return [...byId.values()];
}
