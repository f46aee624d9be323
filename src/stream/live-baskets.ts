// The read side of "bought together": each closed window's pair counts with its orders per
// product, kept for the retention, and merged per dashboard range on request. The last hour
// is kept per window; older windows are folded into hour blocks (pair summaries merge without
// losing their bound, product orders add up), so a day costs ~24 blocks, not 1,440 windows.
// Products travel as typed columns (ids, orders): 8 bytes a product a window.
// Late corrections to a window already closed are not added here (they are in by_pair).
import { createPairCounts, type BasketFigures, type PairCounts, type WindowAgg } from '../domain/index';
import { BLOCK_MS, WINDOW_DETAIL_MS } from './live-closed';
import { DASHBOARD_RANGE_MS, type DashboardRange } from './live-ranges';

interface BasketPart {
  start: number;
  end: number;
  orders: number;
  ids: Int32Array;
  ordersWith: Int32Array;
  pairs: PairCounts;
}

/** Bought-together figures of a range, with what they cover. */
export interface BasketRange extends BasketFigures {
  range: DashboardRange;
  /** The closed windows (or hour blocks) it merges, from the oldest start to the newest end. */
  from: number | null;
  to: number | null;
  parts: number;
  /** Names of the products seen (the partners' names). */
  nameOf(productId: number): string | undefined;
  /** Products by orders containing them, most first. */
  topProducts(k: number): Array<{ productId: number; orders: number }>;
  /** Each merged window or hour block with its held pairs [a, b, orders] (a < b): the reports' by_pair rows. */
  windows(): Array<{ start: number; end: number; errorBound: number; pairs: Array<[number, number, number]> }>;
}

export interface BasketBook {
  add(window: WindowAgg): void;
  range(range: DashboardRange): BasketRange;
  footprint(): { windows: number; blocks: number; pairs: number; products: number };
}

function partOf(w: WindowAgg): BasketPart {
  const ids = Int32Array.from(w.products.keys()).sort();
  const pairs = createPairCounts(w.pairs.capacity);
  pairs.merge(w.pairs);
  pairs.compact();
  return { start: w.start, end: w.end, orders: w.orders, ids, ordersWith: ids.map((id) => w.products.get(id)!.orders), pairs };
}

/**
 * Several parts as one: product orders summed, pair summaries merged, at `capacity` (default:
 * room for every held pair, so that an answer adds no error of its own).
 */
function mergeParts(parts: readonly BasketPart[], capacity = Math.max(1, parts.reduce((n, p) => n + p.pairs.size, 0))): { part: BasketPart; orderMap: Map<number, number> } {
  const orderMap = new Map<number, number>();
  const pairs = createPairCounts(capacity);
  let orders = 0;
  for (const p of parts) {
    orders += p.orders;
    p.ids.forEach((id, i) => orderMap.set(id, (orderMap.get(id) ?? 0) + (p.ordersWith[i] as number)));
    pairs.merge(p.pairs);
  }
  pairs.compact();
  const ids = Int32Array.from(orderMap.keys()).sort();
  const end = Math.max(0, ...parts.map((p) => p.end));
  return { part: { start: parts[0]?.start ?? 0, end, orders, ids, ordersWith: ids.map((id) => orderMap.get(id) as number), pairs }, orderMap };
}

export function createBasketBook(options: { retentionMs: number }): BasketBook {
  const names = new Map<number, string>();
  let recent: BasketPart[] = [];
  const blocks = new Map<number, BasketPart>();
  let revision = 0;
  const answers = new Map<DashboardRange, { revision: number; answer: BasketRange }>();

  const answer = (range: DashboardRange): BasketRange => {
    const newest = recent[recent.length - 1]?.end;
    const span = DASHBOARD_RANGE_MS[range];
    const since = newest === undefined ? 0 : span === null ? Number.NEGATIVE_INFINITY : newest - span;
    const chosen = [...[...blocks.values()].filter((b) => b.start >= since), ...recent.filter((w) => w.start >= since)].sort((a, b) => a.start - b.start);
    const { part: merged, orderMap } = mergeParts(chosen);
    const byOrders = [...orderMap].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return {
      range, orders: merged.orders, pairs: merged.pairs, parts: chosen.length,
      from: chosen[0]?.start ?? null, to: chosen.length > 0 ? merged.end : null,
      ordersWith: (id) => orderMap.get(id) ?? 0,
      nameOf: (id) => names.get(id),
      topProducts: (k) => byOrders.slice(0, k).map(([productId, orders]) => ({ productId, orders })),
      windows: () => chosen.map((p) => ({ start: p.start, end: p.end, errorBound: p.pairs.errorBound, pairs: p.pairs.entries() })),
    };
  };

  return {
    add(w) {
      for (const [id, p] of w.products) if (!names.has(id)) names.set(id, p.name);
      recent.push(partOf(w));
      recent.sort((a, b) => a.start - b.start);
      const newest = recent[recent.length - 1]!.end;
      // Past the last hour: into the hour block of its start; past the retention: dropped.
      const aging = recent.filter((p) => p.end <= newest - WINDOW_DETAIL_MS);
      recent = recent.filter((p) => p.end > newest - WINDOW_DETAIL_MS);
      for (const p of aging) {
        const hour = p.start - (((p.start % BLOCK_MS) + BLOCK_MS) % BLOCK_MS);
        const block = blocks.get(hour);
        blocks.set(hour, block ? mergeParts([block, p], p.pairs.capacity).part : p);
      }
      recent = recent.filter((p) => p.end > newest - options.retentionMs);
      for (const [hour, b] of blocks) if (b.end <= newest - options.retentionMs) blocks.delete(hour);
      revision++;
    },
    range(range) {
      const kept = answers.get(range);
      if (kept && kept.revision === revision) return kept.answer;
      const fresh = answer(range);
      answers.set(range, { revision, answer: fresh });
      return fresh;
    },
    footprint: () => {
      const parts = [...recent, ...blocks.values()];
      return { windows: recent.length, blocks: blocks.size, pairs: parts.reduce((n, p) => n + p.pairs.size, 0), products: parts.reduce((n, p) => n + p.ids.length, 0) };
    },
  };
}
