// Product search for the drill-down: by id (the whole number) or by name (every word of the
// query in the name, case-insensitive), over the products the live view has seen. Pure.

export interface ProductMatch {
  productId: number;
  name: string;
  departmentId: number;
  department: string;
}

/** Matches best first: the id itself, then names starting with the query, then the rest by name. */
export function searchProducts(products: Iterable<ProductMatch>, query: string, limit = 20): ProductMatch[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const id = /^\d+$/.test(q) ? Number(q) : undefined;
  const words = q.split(/\s+/);
  const scored: Array<{ p: ProductMatch; score: number }> = [];
  const seen = new Set<number>();
  for (const p of products) {
    if (seen.has(p.productId)) continue;
    seen.add(p.productId);
    const name = p.name.toLowerCase();
    const score = p.productId === id ? 0 : name.startsWith(q) ? 1 : words.every((w) => name.includes(w)) ? 2 : -1;
    if (score >= 0) scored.push({ p, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.p.name.localeCompare(b.p.name) || a.p.productId - b.p.productId)
    .slice(0, limit)
    .map((s) => s.p);
}
