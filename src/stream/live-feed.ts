// The live transaction feed: the newest orders with their lines. Stage 1 samples the last
// few orders of each partition into its partial (it alone sees events); the live view keeps
// the newest of them. Compact on purpose: it rides on every partial.
import { lineRevenue, orderItems, orderRevenue, type CheckoutEvent } from '../domain/event';

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

/** Orders each partition passes on per hand-over; the feed shows far fewer than this. */
export const FEED_SAMPLE_PER_PARTIAL = 8;
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
export function createFeedSampler(size = FEED_SAMPLE_PER_PARTIAL) {
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
