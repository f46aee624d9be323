// The live picture the server shows: cumulative totals, rolling stats, throughput, the
// newest closed window's top products, and departments and hours so far; per time range and
// department, the dashboard's views (live-query); the newest orders; and the alerts, read from
// the alert desk that owns them (alerts-stage.ts). Each is computed once per change and shared
// by every client.
// Memory is bounded by rule, not by how long it runs: the closed windows of the retention in
// three tiers (live-closed.ts), the one store of closed windows on the read side; the feed (its
// own cap); answers of this version only. Departments and hours of day since the start are
// stage 2's running aggregate (MergerState.allTime), read in place like its totals.
import {
  createWindowAgg, emptyTotals, mergeTotals, rankProducts, type Totals, type WindowAgg, type RankBy, type RankedProduct,
} from '../domain/index';
import type { Alert, AlertSource } from './alert-types';
import type { AlertReader } from './alerts-stage';
import { createOrderFeed, type FeedOrder } from './live-feed';
import { rangeProductSums, type RangeProduct } from './live-aisles';
import { searchProducts, type ProductMatch } from './live-search';
import { queryDashboardRange, type DashboardRangeSnapshot } from './live-query';
import type { TrendReading } from '../domain/trend/index';
import { basketRange, type BasketRange } from './live-baskets';
import { createClosedWindows } from './live-closed';
import { createDashboardRangeBook, type DashboardRange } from './live-ranges';
import type { RetainedWindow } from './live-retained';
import type { DepartmentSums } from './live-sums';
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

/** A department since the start: its sums (orders containing it), share and distinct counts. */
export interface DepartmentRow extends Omit<DepartmentSums, 'name' | 'hours'> {
  departmentId: number;
  department: string;
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
  /**
   * Closed windows of one size for a report of the given span: the windows of the last hour
   * for a span up to an hour; hour blocks (the newest one partial) for longer spans and "all".
   */
  retainedWindows(spanMs: number | null): RetainedWindow[];
  /** The dashboard's views over a time range, optionally of one department; cached per version. */
  range(range: DashboardRange, departmentId?: number | null, k?: number): DashboardRangeSnapshot;
  /** Every product sold in the range (of one department, when given) as plain sums, ranked by revenue (live-aisles.ts). */
  rangeProducts(range: DashboardRange, departmentId?: number | null): RangeProduct[];
  /** The aisle of a product seen in the retention or an open window; undefined when never seen. */
  productAisle(productId: number): number | undefined;
  /** Products seen in the retention or an open window whose id or name matches (live-search.ts). */
  findProducts(query: string, limit?: number): ProductMatch[];
  /** The trend detector's reading of a product now (its expectation per minute), when it drives the view. */
  trendReading(productId: number): TrendReading | undefined;
  /** Pair counts and product orders of the range's closed windows, from the store: "bought together" (live-baskets.ts). */
  baskets(range: DashboardRange): BasketRange;
  /** Every department seen so far, by name. */
  knownDepartments(): Array<{ departmentId: number; department: string }>;
  /** Orders sampled by stage 1 (see live-feed); newest first. */
  recordOrders(orders: readonly FeedOrder[]): void;
  recentOrders(limit?: number, departmentId?: number | null): FeedOrder[];
  /** The alerts on the desk (read there, not copied): ongoing first, then gravest, then newest. */
  alerts(): Alert[];
  /** Who raises them; 'off' for a view without a desk. */
  readonly alertSource: AlertSource;
  /** The retained closed window before the one starting at `start` (the stop-gap alert rule's "previous"). */
  closedBefore(start: number): RetainedWindow | undefined;
  /**
   * Lets the trend detector drive the top products' arrows: a product the detector tracks
   * shows its open surge or drop, or flat when the detector sees nothing unusual.
   */
  useTrendReadings(read: (productId: number) => TrendReading | undefined, floorPerMinute?: number): void;
  /** Increases on every change, the desk's alerts included; lets callers cache what they derive. */
  readonly version: number;
  /** What it holds, for tests of its bounds and for the soak benchmark. */
  footprint(): LiveViewFootprint;
}

export interface LiveViewFootprint {
  /** Closed windows retained, and how many of them still have their products. */
  windows: number;
  detailedWindows: number;
  /** Complete hour blocks, and windows of the hour being filled. */
  blocks: number;
  blockParts: number;
  /** Products named in the directory (bounded by the catalogue). */
  products: number;
  /** Bytes of the products' columns and pair tables: of the retained windows, and of the hour blocks. */
  bytes: { windows: number; blocks: number };
  cachedAnswers: number;
  /** Dashboard ranges kept up to date. */
  ranges: number;
}

const RATE_SPAN_MS = 5_000;
/** Answers cached within one version, at most: more means callers ask odd questions. */
const CACHE_LIMIT = 256;

const NO_ALERTS: AlertReader = { source: 'off', list: () => [], revision: 0 };

export function createLiveView(settings: StreamSettings, alerts: AlertReader = NO_ALERTS): LiveView {
  let state: MergerState | undefined;
  let watermark = Number.NEGATIVE_INFINITY;
  /** Changes of the view itself; `version` adds the desk's revision. */
  let changes = 0;
  const versionNow = (): number => changes + alerts.revision;
  let closedCount = 0;
  const throughput: Array<{ wall: number; orders: number; lines: number }> = [];
  const cache = new Map<string, unknown>();
  let cacheVersion = 0;
  const closed = createClosedWindows({ retentionMs: settings.retentionMs, windowSizeMs: settings.window.sizeMs });
  const book = createDashboardRangeBook(closed, { retentionMs: settings.retentionMs });
  const feed = createOrderFeed();
  /** Bought-together answers, until the next window closes (merging pair summaries is not free). */
  const baskets = new Map<DashboardRange, { closedCount: number; answer: BasketRange }>();
  const departmentNames = new Map<number, string>();
  let readTrend: ((productId: number) => TrendReading | undefined) | undefined;
  let floorPerMinute: number | undefined;

  const cached = <T>(key: string, compute: () => T): T => {
    const version = versionNow();
    if (cacheVersion !== version || cache.size >= CACHE_LIMIT) {
      cache.clear();
      cacheVersion = version;
    }
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute();
    cache.set(key, value);
    return value;
  };

  /** Everything accepted into windows so far, closed, open and late: stage 2's running aggregate. */
  const everything = (): WindowAgg => state?.allTime ?? createWindowAgg(0, 0);

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
      return versionNow();
    },
    recordMerge(next, wallNow, mark) {
      state = next;
      watermark = mark;
      throughput.push({ wall: wallNow, orders: next.totals.orders, lines: next.totals.lines });
      while (throughput.length > 2 && wallNow - (throughput[0] as { wall: number }).wall > RATE_SPAN_MS) throughput.shift();
      book.observe(next.newestEventTime, next.openWindows, next.oldestEventTime);
      for (const w of next.openWindows) for (const [id, d] of w.departments) if (!departmentNames.has(id)) departmentNames.set(id, d.name);
      changes++;
    },
    recordClosed(windows) {
      if (windows.length === 0) return;
      for (const c of windows) closed.add(c.window, state?.newestEventTime ?? Number.NEGATIVE_INFINITY);
      closedCount += windows.length;
      changes++;
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
        // The newest closed window against the one before; while windows are open, what they have so far against the newest.
        const windows = closed.all();
        const open = state?.openWindows ?? [];
        const [now, before] = open.length > 0 ? [open, windows.slice(-1)] : [windows.slice(-1), windows.slice(-2, -1)];
        return rankProducts(now.map((w) => w.products), { k, by, before: before.map((w) => w.products) }).top;
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
    retainedWindows: (spanMs) => closed.forSpan(spanMs),
    range: (range, departmentId = null, k = 10) =>
      cached(`range:${range}:${departmentId}:${k}`, () => queryDashboardRange({
        book, openWindows: state?.openWindows ?? [], closedWindows: closed.all(),
        ticks: state?.ticks ?? new Map(), tickMs: settings.tickMs, windowSizeMs: settings.window.sizeMs,
        completeTo: watermark + settings.allowedLatenessMs, floorPerMinute,
      }, range, departmentId, k, readTrend)),
    rangeProducts: (range, departmentId = null) =>
      cached(`products:${range}:${departmentId}`, () => rangeProductSums(book, state?.openWindows ?? [], range, departmentId)),
    productAisle(productId) {
      const known = closed.productInfo(productId)?.aisleId;
      if (known !== undefined) return known;
      for (const w of state?.openWindows ?? []) {
        const p = w.products.get(productId);
        if (p) return p.aisleId;
      }
      return undefined;
    },
    findProducts(query, limit = 20) {
      function* seen(): Generator<ProductMatch> {
        for (const [productId, p] of closed.productEntries()) yield { productId, name: p.name, departmentId: p.departmentId, department: p.department };
        for (const w of state?.openWindows ?? []) {
          for (const [productId, p] of w.products) yield { productId, name: p.name, departmentId: p.departmentId, department: p.department };
        }
      }
      return searchProducts(seen(), query, limit);
    },
    trendReading: (productId) => readTrend?.(productId),
    baskets(range) {
      const kept = baskets.get(range);
      if (kept && kept.closedCount === closedCount) return kept.answer;
      const answer = basketRange(closed, range);
      baskets.set(range, { closedCount, answer });
      return answer;
    },
    knownDepartments: () =>
      cached('known-departments', () => [...departmentNames]
        .map(([departmentId, department]) => ({ departmentId, department }))
        .sort((a, b) => a.department.localeCompare(b.department))),
    recordOrders(orders) {
      if (feed.record(orders)) changes++;
    },
    recentOrders: (limit = 20, departmentId = null) => feed.newest(limit, departmentId),
    alerts: () => cached('alerts', () => alerts.list()),
    alertSource: alerts.source,
    closedBefore(start) {
      const all = closed.all();
      for (let i = all.length - 1; i >= 0; i--) if ((all[i] as RetainedWindow).start < start) return all[i];
      return undefined;
    },
    useTrendReadings(read, floor) {
      readTrend = read;
      floorPerMinute = floor;
      changes++;
    },
    footprint: () => ({ ...closed.footprint(), cachedAnswers: cache.size, ranges: book.kept.length }),
  };
}
