// Small hand-made checkout events for tests.
import type { CheckoutEvent } from '../../src/index';
import type { OrderLine } from '../../src/domain/index';

let nextOrder = 1;

export function line(productId: number, overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    product_id: productId, product_name: `Product ${productId}`, aisle_id: 24, aisle: 'fresh fruits',
    department_id: 4, department: 'produce', quantity: 1, unit_price: 2.5, discount: 0, reordered: false,
    add_to_cart_order: 1, ...overrides,
  };
}

export function order(eventTime: number, lines: OrderLine[], overrides: Partial<CheckoutEvent> = {}): CheckoutEvent {
  const orderId = overrides.order_id ?? nextOrder++;
  return {
    event_id: `test-${orderId}`, event_time: eventTime, order_id: orderId, user_id: 1 + (orderId % 50),
    order_number: 1, order_dow: 2, order_hour_of_day: new Date(eventTime).getUTCHours(), days_since_prior_order: null,
    lines: lines.map((l, i) => ({ ...l, add_to_cart_order: i + 1 })), ...overrides,
  };
}
