// The live picture the server shows: cumulative totals, rolling stats, throughput, the
// newest closed window's top products, and departments and hours so far; per time range and
// department, the dashboard's views (live-query); the newest orders; and the alerts. Each is
// computed once per change and shared by every client.
import {
  createWindowAgg, emptyTotals, mergeTotals, mergeWindow, type Totals, type WindowAgg,
} from '../domain/aggregates';
import { topProducts, type RankBy, type RankedProduct } from '../domain/top-products';
import type { Alert, AlertSource } from './alert-types';
import { createAlertBook } from './live-alerts';
import { createOrderFeed, type FeedOrder } from './live-feed';
import { queryDashboardRange, type DashboardRangeSnapshot } from './live-query';
import type { TrendReading } from '../domain/trend/types';
import { createDashboardRangeBook, type DashboardRange } from './live-ranges';
import type { StreamSettings } from './settings';
import type { ClosedWindow, MergerState } from './stage2';

export interface RollingStats extends Totals {
  avgBasketValue: number;
}

export interface Summary {
  orders: number;
  lines: number;
  items: number;
  revenue: number;
  avgBasketValue: number;
  ordersPerSecond: number;
  linesPerSecond: number;
  newestEventTime: number | null;
  watermark: number | null;
  late: Totals;
  rejected: number;
  duplicatesDropped: number;
  windowsClosed: number;
  openWindows: number;
  activeProducts: number;
  rolling: { '1m': RollingStats; '5m': RollingStats; '1h': RollingStats };
}

export interface DepartmentRow {
  departmentId: number;
  department: string;
  orders: number;
  lines: number;
  quantity: number;
  revenue: number;
  share: number;
  avgOrderValue: number;
  uniqueUsers: number;
  uniqueProducts: number;
}

export interface HourRow {
  hourOfDay: number;
  orders: number;
  revenue: number;
  avgTransactionValue: number;
  activeUsers: number;
  activeProducts: number;
}

export interface LiveView {
  recordMerge(state: MergerState, wallNow: number, watermark: number): void;
  recordClosed(closed: ClosedWindow[]): void;
  summary(): Summary;
  topProducts(by: RankBy, k?: number): RankedProduct[];
  departments(): DepartmentRow[];
  hourly(): HourRow[];
  recentWindows(): ClosedWindow[];
  /** The dashboard's views over a time range, optionally of one department; cached per version. */
  range(range: DashboardRange, departmentId?: number | null, k?: number): DashboardRangeSnapshot;
  /** Every department seen so far, by name. */
  knownDepartments(): Array<{ departmentId: number; department: string }>;
  /** Orders sampled by stage 1 (see live-feed); newest first. */
  recordOrders(orders: readonly FeedOrder[]): void;
  recentOrders(limit?: number, departmentId?: number | null): FeedOrder[];
  /** The trend detector's alerts, new or updated (the same id replaces). */
  recordAlerts(alerts: readonly Alert[]): void;
  alerts(): Alert[];
  acknowledgeAlert(id: string): Alert | undefined;
  /** 'trend-detector' once recordAlerts has been called; before, the stop-gap 'simple-rule'. */
  readonly alertSource: AlertSource;
  /**
   * Lets the trend detector drive the top products' arrows: a product the detector tracks
   * shows its open surge or drop, or flat when the detector sees nothing unusual.
   */
  useTrendReadings(read: (productId: number) => TrendReading | undefined, floorPerMinute?: number): void;
  /** Increases on every change; lets callers cache what they derive. */
  readonly version: number;
}

const RATE_SPAN_MS = 5_000;

export function createLiveView(settings: StreamSettings): LiveView {
  let state: MergerState | undefined;
  let watermark = Number.NEGATIVE_INFINITY;
  let version = 0;
  let closedCount = 0;
  const throughput: Array<{ wall: number; orders: number; lines: number }> = [];
  const closedWindows: ClosedWindow[] = [];
  const history = createWindowAgg(0, 0);
  const cache = new Map<string, { version: number; value: unknown }>();
  const book = createDashboardRangeBook({
    windowSizeMs: settings.window.sizeMs, retentionMs: settings.retentionMs, retained: () => closedWindows.map((c) => c.window),
  });
  const feed = createOrderFeed();
  const alertBook = createAlertBook();
  const departmentNames = new Map<number, string>();
  let firstEventTime: number | undefined;
  let readTrend: ((productId: number) => TrendReading | undefined) | undefined;
  let floorPerMinute: number | undefined;

  const cached = <T>(key: string, compute: () => T): T => {
    const hit = cache.get(key);
    if (hit && hit.version === version) return hit.value as T;
    const value = compute();
    cache.set(key, { version, value });
    return value;
  };

  /** Closed history plus what is still open: everything accepted into windows so far. */
  const everything = (): WindowAgg =>
    cached('everything', () => {
      const all = createWindowAgg(0, 0);
      mergeWindow(all, history);
      state?.openWindows.forEach((w) => mergeWindow(all, w));
      return all;
    });

  const rolling = (spanMs: number): RollingStats => {
    const totals = emptyTotals();
    if (state) {
      const from = state.newestEventTime - spanMs;
      for (const [t, tick] of state.ticks) if (t > from) mergeTotals(totals, tick);
    }
    return { ...totals, avgBasketValue: totals.orders ? totals.revenue / totals.orders : 0 };
  };

  const rate = (): { orders: number; lines: number } => {
    const first = throughput[0];
    const last = throughput[throughput.length - 1];
    if (!first || !last || last.wall === first.wall) return { orders: 0, lines: 0 };
    const seconds = (last.wall - first.wall) / 1000;
    return { orders: (last.orders - first.orders) / seconds, lines: (last.lines - first.lines) / seconds };
  };

  return {
    get version() {
      return version;
    },
    recordMerge(next, wallNow, mark) {
      state = next;
      watermark = mark;
      throughput.push({ wall: wallNow, orders: next.totals.orders, lines: next.totals.lines });
      while (throughput.length > 2 && wallNow - (throughput[0] as { wall: number }).wall > RATE_SPAN_MS) throughput.shift();
      if (firstEventTime === undefined && next.ticks.size > 0) firstEventTime = Math.min(...next.ticks.keys());
      book.observe(next.newestEventTime, next.openWindows, firstEventTime);
      for (const w of next.openWindows) for (const [id, d] of w.departments) if (!departmentNames.has(id)) departmentNames.set(id, d.name);
      version++;
    },
    recordClosed(closed) {
      if (closed.length === 0) return;
      for (const c of closed) {
        mergeWindow(history, c.window);
        alertBook.applySimpleRule(c, closedWindows[closedWindows.length - 1]);
        closedWindows.push(c);
      }
      closedCount += closed.length;
      book.addClosed(closed.map((c) => c.window));
      const horizon = (closedWindows[closedWindows.length - 1] as ClosedWindow).window.end - settings.retentionMs;
      while (closedWindows.length > 0 && (closedWindows[0] as ClosedWindow).window.end <= horizon) closedWindows.shift();
      version++;
    },
    summary: () =>
      cached('summary', () => {
        const totals = state?.totals ?? emptyTotals();
        const speed = rate();
        const active = new Set<number>();
        state?.openWindows.forEach((w) => w.products.forEach((_, id) => active.add(id)));
        return {
          orders: totals.orders, lines: totals.lines, items: totals.quantity, revenue: totals.revenue,
          avgBasketValue: totals.orders ? totals.revenue / totals.orders : 0,
          ordersPerSecond: speed.orders, linesPerSecond: speed.lines,
          newestEventTime: state && Number.isFinite(state.newestEventTime) ? state.newestEventTime : null,
          watermark: Number.isFinite(watermark) ? watermark : null,
          late: state?.late ?? emptyTotals(), rejected: state?.rejected ?? 0,
          duplicatesDropped: state?.duplicatesDropped ?? 0,
          windowsClosed: closedCount,
          openWindows: state?.openWindows.length ?? 0,
          activeProducts: active.size,
          rolling: { '1m': rolling(60_000), '5m': rolling(300_000), '1h': rolling(3_600_000) },
        };
      }),
    topProducts: (by, k = settings.topK) =>
      cached(`top:${by}:${k}`, () => {
        const newest = closedWindows[closedWindows.length - 1];
        const open = state?.openWindows ?? [];
        if (newest && open.length === 0) return by === 'revenue' ? newest.topByRevenue.slice(0, k) : newest.topByUnits.slice(0, k);
        // While a window is open, rank what it has so far against the last closed window.
        const current = createWindowAgg(0, 0);
        open.forEach((w) => mergeWindow(current, w));
        const previous = newest ? (by === 'revenue' ? newest.topByRevenue : newest.topByUnits) : undefined;
        return topProducts(current, k, by, previous);
      }),
    departments: () =>
      cached('departments', () => {
        const all = everything();
        return [...all.departments].map(([departmentId, d]) => ({
          departmentId, department: d.name, orders: d.orders, lines: d.lines, quantity: d.quantity, revenue: d.revenue,
          share: all.revenue ? d.revenue / all.revenue : 0,
          avgOrderValue: d.orders ? d.revenue / d.orders : 0,
          uniqueUsers: d.users.estimate(), uniqueProducts: d.products.estimate(),
        })).sort((a, b) => b.revenue - a.revenue);
      }),
    hourly: () =>
      cached('hourly', () =>
        [...everything().hours].map(([hourOfDay, h]) => ({
          hourOfDay, orders: h.orders, revenue: h.revenue,
          avgTransactionValue: h.orders ? h.revenue / h.orders : 0,
          activeUsers: h.users.estimate(), activeProducts: h.products.estimate(),
        })).sort((a, b) => a.hourOfDay - b.hourOfDay)),
    recentWindows: () => closedWindows,
    range: (range, departmentId = null, k = 10) =>
      cached(`range:${range}:${departmentId}:${k}`, () => queryDashboardRange({
        book, openWindows: state?.openWindows ?? [], closedWindows: closedWindows.map((c) => c.window),
        ticks: state?.ticks ?? new Map(), tickMs: settings.tickMs, windowSizeMs: settings.window.sizeMs,
        completeTo: watermark + settings.allowedLatenessMs, floorPerMinute,
      }, range, departmentId, k, readTrend)),
    knownDepartments: () =>
      cached('known-departments', () => [...departmentNames]
        .map(([departmentId, department]) => ({ departmentId, department }))
        .sort((a, b) => a.department.localeCompare(b.department))),
    recordOrders(orders) {
      if (feed.record(orders)) version++;
    },
    recentOrders: (limit = 20, departmentId = null) => feed.newest(limit, departmentId),
    recordAlerts(alerts) {
      alertBook.record(alerts);
      version++;
    },
    alerts: () => cached('alerts', () => alertBook.list()),
    acknowledgeAlert(id) {
      const acknowledged = alertBook.acknowledge(id);
      if (acknowledged) version++;
      return acknowledged;
    },
    get alertSource() {
      return alertBook.source;
    },
    useTrendReadings(read, floor) {
      readTrend = read;
      floorPerMinute = floor;
      version++;
    },
  };
}
