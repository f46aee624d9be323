// From Instacart rows to checkout events: the quantity model, and each order's fields.
import { type CheckoutEvent, type OrderLine, unitFrom } from '../../domain/index';
import type { ProductEntry } from './catalogue-files';
import type { OrderTable } from './order-table';

const QUANTITY_SALT = 0x9a7;

/**
 * Instacart has no quantities. A line's quantity is fixed by (order_id, product_id): 1 for 85%
 * of lines, 2 for 12%, 3 for 3%, so revenue is reproducible across replays.
 */
export function lineQuantity(orderId: number, productId: number): number {
  const u = unitFrom(orderId, productId, QUANTITY_SALT);
  return u < 0.85 ? 1 : u < 0.97 ? 2 : 3;
}

/** The event time (epoch ms) of a rebuilt timeline second: see calendar.ts. */
export type EventTimeOf = (timelineSecond: number) => number;

export function toOrderLine(orderId: number, entry: ProductEntry, addToCartOrder: number, reordered: boolean): OrderLine {
  return {
    product_id: entry.id,
    product_name: entry.name,
    aisle_id: entry.aisleId,
    aisle: entry.aisle,
    department_id: entry.departmentId,
    department: entry.department,
    quantity: lineQuantity(orderId, entry.id),
    unit_price: entry.unitPrice,
    discount: 0,
    reordered,
    add_to_cart_order: addToCartOrder,
  };
}

export function toCheckoutEvent(table: OrderTable, slot: number, timelineSecond: number, eventTimeOf: EventTimeOf, lines: OrderLine[]): CheckoutEvent {
  const orderId = table.orderId[slot] as number;
  const days = table.days[slot] as number;
  return {
    event_id: `ic-${orderId}`,
    event_time: eventTimeOf(timelineSecond),
    order_id: orderId,
    user_id: table.userId[slot] as number,
    order_number: table.orderNumber[slot] as number,
    order_dow: table.dow[slot] as number,
    order_hour_of_day: table.hour[slot] as number,
    days_since_prior_order: Number.isNaN(days) ? null : days,
    lines,
  };
}
