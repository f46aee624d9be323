// The trend arrow of a product over a period split in an older and a newer half: the one
// rule of the dashboard's top products and of the reports' (stream/live-rank.ts,
// report/products.ts). A product is compared with what the detector would expect of it:
// its share of the store in the older half × the store's volume in the newer half. The time
// of day, the day of week and a promotion that lifts the whole store move every product
// alike and cancel out, so an arrow says what the product did, not what the clock did.

/** up/down: a change beyond chance and beyond ±TREND_FLAT_PCT; new: no sales in the older half; none: nothing to compare with. */
export type ProductTrend = 'up' | 'down' | 'flat' | 'new' | 'none' | 'too-little-data';

/** A change within ±TREND_FLAT_PCT reads as flat. */
export const TREND_FLAT_PCT = 5;
/** How many standard errors a change must be from the expectation to show an arrow. */
export const TREND_Z = 2;

/** What the panel subtitle and the report say about the arrows. */
export const TREND_RULE_TEXT = 'arrows: the newer half of the range vs the product\'s share of the older half × the store\'s newer volume, so the time of day cancels out';

export interface HalfFigures {
  revenue: number;
  /** Orders (containing the product, for a product). */
  orders: number;
}

export interface ArrowInputs {
  product: { older: HalfFigures; newer: HalfFigures };
  /** The whole store (every department), so a department-wide change still shows. */
  store: { older: HalfFigures; newer: HalfFigures };
  olderMinutes: number;
  newerMinutes: number;
  /** The detector's floor (orders a minute): a product selling less in the older half is too little data to judge. */
  floorPerMinute: number;
}

export interface Arrow {
  /** Revenue per minute the product was expected to make in the newer half; null without an older half. */
  baseline: number | null;
  /** Revenue per minute it made in the newer half. */
  observed: number;
  changePct: number | null;
  trend: ProductTrend;
}

export function productArrow(i: ArrowInputs): Arrow {
  const { product, store } = i;
  const observed = i.newerMinutes > 0 ? product.newer.revenue / i.newerMinutes : 0;
  if (i.olderMinutes <= 0 || store.older.orders <= 0 || store.older.revenue <= 0 || i.newerMinutes <= 0) {
    return { baseline: null, observed, changePct: null, trend: 'none' };
  }
  if (product.older.orders <= 0) return { baseline: null, observed, changePct: null, trend: 'new' };
  const expectedRevenue = product.older.revenue * (store.newer.revenue / store.older.revenue);
  const baseline = expectedRevenue / i.newerMinutes;
  const changePct = expectedRevenue > 0 ? (product.newer.revenue / expectedRevenue - 1) * 100 : null;
  if (product.older.orders / i.olderMinutes < i.floorPerMinute) return { baseline, observed, changePct, trend: 'too-little-data' };
  // Chance, on orders: the newer half's count and the older half's share both vary.
  const expectedOrders = product.older.orders * (store.newer.orders / store.older.orders);
  const sd = Math.sqrt(expectedOrders + (expectedOrders * expectedOrders) / product.older.orders);
  const z = sd > 0 ? (product.newer.orders - expectedOrders) / sd : 0;
  const flat = changePct === null || Math.abs(changePct) < TREND_FLAT_PCT || Math.abs(z) < TREND_Z || Math.sign(z) !== Math.sign(changePct);
  return { baseline, observed, changePct, trend: flat ? 'flat' : changePct > 0 ? 'up' : 'down' };
}
