// Sums of aggregated rows, with money added in whole hundredths of a cent as everywhere else.
import { addMoney } from '../domain/index';

export interface Sum {
  orders: number;
  lines: number;
  quantity: number;
  revenue: number;
}

export const zero = (): Sum => ({ orders: 0, lines: 0, quantity: 0, revenue: 0 });

export function add(into: Sum, from: Partial<Sum>): void {
  into.orders += from.orders ?? 0;
  into.lines += from.lines ?? 0;
  into.quantity += from.quantity ?? 0;
  into.revenue = addMoney(into.revenue, from.revenue ?? 0);
}

export function sumBy<R, K>(rows: readonly R[], key: (r: R) => K, value: (r: R) => Partial<Sum>): Map<K, Sum> {
  const out = new Map<K, Sum>();
  for (const r of rows) {
    const k = key(r);
    let s = out.get(k);
    if (!s) out.set(k, (s = zero()));
    add(s, value(r));
  }
  return out;
}

/** (after - before) / before in %, or null without a before. */
export const changePct = (before: number, after: number): number | null => (before > 0 ? ((after - before) / before) * 100 : null);
