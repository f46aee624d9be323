// One product over the retained closed windows, for the product page: its sales per window
// and its rank in each (by revenue among every product sold in that window, the one ranker's
// rule). Pure.
import { rankAmong } from '../domain/index';
import type { RetainedWindow } from './live-retained';

export interface ProductWindow {
  start: number;
  end: number;
  revenue: number;
  orders: number;
  units: number;
  /** Orders containing it per minute of the window: the unit of the trend detector's expectation. */
  ordersPerMinute: number;
  /** 1 = best seller of the window by revenue; null when it sold nothing in it. */
  rank: number | null;
}

/** The product in every window given (oldest first), zeros included so the line has no gaps. */
export function productWindows(windows: readonly RetainedWindow[], productId: number): ProductWindow[] {
  return windows.map((w) => {
    const p = w.products.get(productId);
    const minutes = Math.max(w.end - w.start, 1) / 60_000;
    if (!p || p.orders <= 0) return { start: w.start, end: w.end, revenue: 0, orders: 0, units: 0, ordersPerMinute: 0, rank: null };
    const rank = rankAmong([w.products], productId, p.revenue);
    return { start: w.start, end: w.end, revenue: p.revenue, orders: p.orders, units: p.quantity, ordersPerMinute: p.orders / minutes, rank };
  });
}
