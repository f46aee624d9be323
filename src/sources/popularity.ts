// Which products sell, and how much: the synthetic store's popularity ranking. Popularity at
// rank r (1-based) is ∝ 1 / (r + offset)^exponent, a Zipf–Mandelbrot law whose defaults are
// fitted to Instacart's published figures (the top product in ~1.5% of lines, ~15% of orders;
// the tenth ~3.4 times less popular; a long tail). Ranks go to departments so that each one's
// share of lines matches Instacart's (DEPARTMENT_WEIGHT), and staples (produce, dairy) are
// favoured at the head, as bananas, strawberries, spinach and milk are in the real data.
import { type Product, DEPARTMENT_WEIGHT, type Random } from '../domain/index';

export const DEFAULT_POPULARITY = { exponent: 0.84, offset: 1.3 } as const;

/**
 * How likely a department is to take a top rank, for the same share still to place: staples
 * (produce, dairy) often, what few baskets hold (household, personal care, pets, babies,
 * alcohol, other, bulk, missing) seldom.
 */
const STAPLE: Readonly<Record<number, number>> = { 4: 8, 16: 4, 2: 0.3, 5: 0.3, 8: 0.3, 10: 0.3, 11: 0.3, 17: 0.3, 18: 0.3, 21: 0.3 };

export interface Popularity {
  /** Products, most popular first. */
  byRank: Product[];
  /** Draw weight of byRank[i]. */
  weights: number[];
}

export function rankProducts(products: readonly Product[], random: Random, law: { exponent: number; offset: number } = DEFAULT_POPULARITY): Popularity {
  const weights = products.map((_, rank) => 1 / (rank + 1 + law.offset) ** law.exponent);
  const total = weights.reduce((a, b) => a + b, 0);
  const shelves = new Map<number, Product[]>();
  for (const p of products) {
    const shelf = shelves.get(p.departmentId);
    if (shelf) shelf.push(p);
    else shelves.set(p.departmentId, [p]);
  }
  for (const shelf of shelves.values()) shuffle(shelf, random);
  const departments = [...shelves.keys()];
  const targetTotal = departments.reduce((n, d) => n + (DEPARTMENT_WEIGHT[d] ?? 0.1), 0);
  // The share of lines each department still has to place. A rank goes to a department in
  // proportion to it, times its staple factor; once all is placed, the rest fill the tail in
  // proportion to the products left.
  const owed = new Map(departments.map((d) => [d, ((DEPARTMENT_WEIGHT[d] ?? 0.1) / targetTotal) * total]));
  const claim = (d: number, tail: boolean): number => {
    const left = (shelves.get(d) as Product[]).length;
    if (left === 0) return 0;
    return tail ? left : Math.max(0, owed.get(d) as number) * (STAPLE[d] ?? 1);
  };
  const byRank: Product[] = [];
  for (const weight of weights) {
    let tail = false;
    let sum = departments.reduce((n, d) => n + claim(d, false), 0);
    if (sum === 0) {
      tail = true;
      sum = departments.reduce((n, d) => n + claim(d, true), 0);
    }
    let u = random.next() * sum;
    let pick = departments.find((d) => claim(d, tail) > 0) as number;
    for (const d of departments) {
      const c = claim(d, tail);
      if (c === 0) continue;
      pick = d;
      if ((u -= c) < 0) break;
    }
    owed.set(pick, (owed.get(pick) as number) - weight);
    byRank.push((shelves.get(pick) as Product[]).pop() as Product);
  }
  return { byRank, weights };
}

export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
