// The live transaction feed: the newest orders with their lines. Stage 1 samples the newest
// on-time orders it read (it alone sees events) and hands them over on a small topic of their
// own, apart from the partials: the feed is for display, and it has no part in the sums, the
// checkpoints or a replay. The live view keeps the newest of them.
import { WorkbenchError } from '../core/index';
import { lineRevenue, orderItems, orderRevenue, type CheckoutEvent } from '../domain/index';

export interface FeedLine {
  productId: number;
  name: string;
  departmentId: number;
  department: string;
  quantity: number;
  revenue: number;
}

export interface FeedOrder {
  orderId: number;
  userId: number;
  eventTime: number;
  items: number;
  revenue: number;
  lines: FeedLine[];
}

/** Orders a stage-1 worker passes on per feed message, across its partitions (the newest it read). */
export const FEED_SAMPLE_PER_MESSAGE = 8;
/** Orders the live view remembers, so a department filter still finds some. */
export const FEED_MEMORY = 200;

export function toFeedOrder(event: CheckoutEvent): FeedOrder {
  return {
    orderId: event.order_id,
    userId: event.user_id,
    eventTime: event.event_time,
    items: orderItems(event),
    revenue: orderRevenue(event),
    lines: event.lines.map((l) => ({
      productId: l.product_id, name: l.product_name, departmentId: l.department_id, department: l.department,
      quantity: l.quantity, revenue: lineRevenue(l),
    })),
  };
}

/** A bounded sample of the newest events: stage 1 adds every order, drains a few. */
export function createFeedSampler(size = FEED_SAMPLE_PER_MESSAGE) {
  let ring: CheckoutEvent[] = [];
  let next = 0;
  return {
    add(event: CheckoutEvent): void {
      if (ring.length < size) ring.push(event);
      else ring[next] = event;
      next = (next + 1) % size;
    },
    drain(): FeedOrder[] {
      const out = ring.map(toFeedOrder);
      ring = [];
      next = 0;
      return out;
    },
  };
}

/** The newest orders across partitions, newest first. */
export function createOrderFeed(memory = FEED_MEMORY) {
  let orders: FeedOrder[] = [];
  return {
    record(incoming: readonly FeedOrder[]): boolean {
      if (incoming.length === 0) return false;
      orders = [...incoming, ...orders].sort((a, b) => b.eventTime - a.eventTime || b.orderId - a.orderId).slice(0, memory);
      return true;
    },
    newest(limit: number, departmentId: number | null = null): FeedOrder[] {
      const matching = departmentId === null ? orders : orders.filter((o) => o.lines.some((l) => l.departmentId === departmentId));
      return matching.slice(0, limit);
    },
  };
}

/** Version of a feed message; a reader skips what it cannot read, since the feed is display only. */
export const FEED_VERSION = 1;

/** A feed message: JSON, small (a few orders), readable by any consumer of the topic. */
export const encodeFeed = (orders: readonly FeedOrder[]): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ v: FEED_VERSION, orders }));

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isLine = (l: unknown): l is FeedLine => {
  const o = l as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && isNumber(o.productId) && typeof o.name === 'string' && isNumber(o.departmentId)
    && typeof o.department === 'string' && isNumber(o.quantity) && isNumber(o.revenue);
};
const isOrder = (x: unknown): x is FeedOrder => {
  const o = x as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && isNumber(o.orderId) && isNumber(o.userId) && isNumber(o.eventTime)
    && isNumber(o.items) && isNumber(o.revenue) && Array.isArray(o.lines) && o.lines.every(isLine);
};

/** Reads a feed message; `where` (topic[partition]@offset) names it in the error for anything else. */
export function decodeFeed(bytes: Uint8Array, where: string): FeedOrder[] {
  const fail = (problem: string): never => {
    throw new WorkbenchError('BAD_PARTIAL', `cannot read the feed message at ${where}: ${problem}`, { where });
  };
  let json: { v?: unknown; orders?: unknown };
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as typeof json;
  } catch (error) {
    return fail(`it is not JSON (${(error as Error).message})`);
  }
  if (json?.v !== FEED_VERSION) return fail(`its version is ${JSON.stringify(json?.v)}; this release reads version ${FEED_VERSION}`);
  if (!Array.isArray(json.orders)) return fail('it has no list of orders');
  const bad = json.orders.findIndex((o) => !isOrder(o));
  if (bad >= 0) return fail(`order ${bad + 1} of ${json.orders.length} is not an order with its lines`);
  return json.orders as FeedOrder[];
}
