// The top products of a period, for a report: the dashboard's own ranker and arrow rule
// (stream/live-rank.ts over domain/trend/arrows.ts), fed the period's rows summed per product
// over the whole period and over each half. A product reads the same in a report and on screen.
import type { HalfFigures } from '../domain/trend/index';
import { rankTrending, type ProductFigures, type TrendingProduct } from '../stream/index';
import type { Halves } from './periods';
import type { ProductWindowRow } from './rows';
import { add, zero, type Sum } from './sums';

type Half = 'first' | 'second';

export interface RankOptions {
  topN: number;
  halves: Halves | null;
  halfOf: (windowStart: number) => Half;
  windowMs: number | null;
  totalRevenue: number;
  /** The older half has orders, so there is something to compare with. */
  hasBaseline: boolean;
  /** The whole store in each half (every department), the volume arrows are measured against. */
  storeHalves: { first: HalfFigures; second: HalfFigures };
  /** The detector's floor (orders a minute), below which a product is too little data to judge. */
  floorPerMinute?: number;
}

type Figures = ProductFigures & Sum;

/** Rows summed per product (money exactly, sums.ts). */
function sumProducts(rows: readonly ProductWindowRow[]): Map<number, Figures> {
  const out = new Map<number, Figures>();
  for (const r of rows) {
    let s = out.get(r.productId);
    if (!s) out.set(r.productId, (s = { ...zero(), name: r.productName, departmentId: r.departmentId, department: r.department }));
    add(s, r);
  }
  return out;
}

/** Products are already of the report's department; the store halves are every department. */
export function rankTopProducts(products: readonly ProductWindowRow[], options: RankOptions): TrendingProduct[] {
  const { topN, halves, halfOf, windowMs, totalRevenue, hasBaseline } = options;
  const first = sumProducts(products.filter((p) => halfOf(p.windowStart) === 'first'));
  const second = halves ? sumProducts(products.filter((p) => halfOf(p.windowStart) === 'second')) : first;
  const windows = (half: Half): number => (half === 'first' ? halves?.firstWindows : halves?.secondWindows) ?? 1;
  const minutes = (half: Half): number => (windows(half) * (windowMs ?? 60_000)) / 60_000;
  const { top } = rankTrending(
    { whole: halves ? [first, second] : [first], older: hasBaseline ? [first] : [], newer: [second] },
    {
      olderMinutes: hasBaseline ? minutes('first') : 0, newerMinutes: minutes(halves ? 'second' : 'first'), revenue: totalRevenue,
      olderTotals: options.storeHalves.first, newerTotals: halves ? options.storeHalves.second : options.storeHalves.first,
      ...(options.floorPerMinute !== undefined ? { floorPerMinute: options.floorPerMinute } : {}),
    },
    null, topN,
  );
  return top;
}
