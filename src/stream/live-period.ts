// A free period (from, to) over the live view's closed windows: KPIs, departments and the top
// products of the windows that start inside it, optionally of one department. Pure; money exact.
import { addMoney, rankProducts } from '../domain/index';
import type { RetainedWindow } from './live-retained';

export interface PeriodSummary {
  /** The windows summed: the first one's start and the last one's end (null: none). */
  from: number | null;
  to: number | null;
  windows: number;
  kpis: { orders: number; lines: number; items: number; revenue: number; avgBasketValue: number; activeProducts: number };
  departments: Array<{ departmentId: number; department: string; orders: number; revenue: number; share: number }>;
  topProducts: Array<{ rank: number; productId: number; name: string; department: string; revenue: number; units: number; orders: number }>;
}

export function periodSummary(windows: readonly RetainedWindow[], from: number, to: number, departmentId: number | null, k = 10): PeriodSummary {
  const inside = windows.filter((w) => w.start >= from && w.start < to);
  const totals = { orders: 0, lines: 0, items: 0, revenue: 0 };
  const departments = new Map<number, { department: string; orders: number; lines: number; items: number; revenue: number }>();
  for (const w of inside) {
    totals.orders += w.orders;
    totals.lines += w.lines;
    totals.items += w.quantity;
    totals.revenue = addMoney(totals.revenue, w.revenue);
    for (const [id, d] of w.departments) {
      const s = departments.get(id) ?? { department: d.name, orders: 0, lines: 0, items: 0, revenue: 0 };
      departments.set(id, s);
      s.orders += d.orders;
      s.lines += d.lines;
      s.items += d.quantity;
      s.revenue = addMoney(s.revenue, d.revenue);
    }
  }
  const selected = departmentId === null ? totals : departments.get(departmentId) ?? { orders: 0, lines: 0, items: 0, revenue: 0 };
  const storeRevenue = [...departments.values()].reduce((sum, d) => addMoney(sum, d.revenue), 0);
  const ranked = rankProducts(inside.map((w) => w.products), { k, departmentId });
  return {
    from: inside[0]?.start ?? null, to: inside[inside.length - 1]?.end ?? null, windows: inside.length,
    kpis: {
      orders: selected.orders, lines: selected.lines, items: selected.items, revenue: selected.revenue,
      avgBasketValue: selected.orders ? selected.revenue / selected.orders : 0, activeProducts: ranked.active,
    },
    departments: [...departments].map(([id, d]) => ({ departmentId: id, department: d.department, orders: d.orders, revenue: d.revenue, share: storeRevenue ? d.revenue / storeRevenue : 0 }))
      .sort((a, b) => b.revenue - a.revenue || a.departmentId - b.departmentId),
    topProducts: ranked.top.map((p) => ({ rank: p.rank, productId: p.productId, name: p.name, department: p.department, revenue: p.revenue, units: p.units, orders: p.orders })),
  };
}
