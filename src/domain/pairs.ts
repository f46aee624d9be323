// Co-purchase counts of one window ("bought together"): how many orders held each pair of
// products, in bounded memory, mergeable across partitions and windows.
// It is a Misra–Gries summary of pair occurrences (the deterministic twin of space-saving):
// at most 2 × capacity pairs are held; past that, the (capacity+1)-th largest count is
// subtracted from every pair and the pairs at zero are dropped. Summing two summaries and
// pruning the same way is the mergeable form (Agarwal et al., "Mergeable summaries", 2012).
// Bound: a held count is never above the truth and at most `errorBound` below it, and
// errorBound ≤ (occurrences − held counts) / (capacity + 1) ≤ occurrences / (capacity + 1).
// While a window has no more distinct pairs than the capacity, nothing is pruned: errorBound
// stays 0 and every count is exact, merged or not. A pair missing from the summary occurred in
// at most errorBound orders.
// A class for the same reason as DistinctCount: one per window, on the hot path.

/** Products ids below this make pair keys (a × limit + b) that stay exact in a double. */
export const PAIR_ID_LIMIT = 2 ** 26;
/** Pairs a summary keeps after pruning; it holds at most twice this many between prunes. */
export const DEFAULT_PAIR_CAPACITY = 1024;

export const pairKey = (a: number, b: number): number => (a < b ? a * PAIR_ID_LIMIT + b : b * PAIR_ID_LIMIT + a);
export const pairOfKey = (key: number): [number, number] => [Math.floor(key / PAIR_ID_LIMIT), key % PAIR_ID_LIMIT];

/** The state, for a codec: pair keys ascending with their counts. */
export interface PairParts {
  capacity: number;
  occurrences: number;
  errorBound: number;
  keys: number[];
  counts: number[];
}

export class PairCounts {
  private counts = new Map<number, number>();
  /** Pair occurrences counted: every pair of distinct products of every order. */
  occurrences = 0;
  /** No held count is lower than the truth by more than this (0: every count is exact). */
  errorBound = 0;

  constructor(readonly capacity = DEFAULT_PAIR_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`pair capacity must be a whole number of at least 1, got ${capacity}`);
  }

  static fromParts(parts: PairParts): PairCounts {
    const p = new PairCounts(parts.capacity);
    parts.keys.forEach((key, i) => p.counts.set(key, parts.counts[i] as number));
    p.occurrences = parts.occurrences;
    p.errorBound = parts.errorBound;
    return p;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Counts every pair of the distinct products of one order (ids at or past PAIR_ID_LIMIT are left out). */
  addOrder(productIds: readonly number[]): void {
    const ids = [...new Set(productIds)].filter((id) => id >= 0 && id < PAIR_ID_LIMIT).sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i++) {
      const base = (ids[i] as number) * PAIR_ID_LIMIT;
      for (let j = i + 1; j < ids.length; j++) {
        const key = base + (ids[j] as number);
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    }
    this.occurrences += (ids.length * (ids.length - 1)) / 2;
    if (this.counts.size > 2 * this.capacity) this.prune();
  }

  merge(other: PairCounts): void {
    for (const [key, n] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    this.occurrences += other.occurrences;
    this.errorBound += other.errorBound;
    if (this.counts.size > 2 * this.capacity) this.prune();
  }

  /** Prunes down to the capacity now (before a summary is sent or kept for long). */
  compact(): void {
    if (this.counts.size > this.capacity) this.prune();
  }

  count(a: number, b: number): number {
    return this.counts.get(pairKey(a, b)) ?? 0;
  }

  /** Held pairs as [a, b, orders] with a < b, most frequent first (ties: by key). */
  entries(): Array<[number, number, number]> {
    return [...this.counts].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([key, n]) => [...pairOfKey(key), n]);
  }

  parts(): PairParts {
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    return { capacity: this.capacity, occurrences: this.occurrences, errorBound: this.errorBound, keys, counts: keys.map((k) => this.counts.get(k) as number) };
  }

  private prune(): void {
    const sorted = [...this.counts.values()].sort((a, b) => b - a);
    const cut = sorted[this.capacity] as number;
    for (const [key, n] of this.counts) {
      if (n <= cut) this.counts.delete(key);
      else this.counts.set(key, n - cut);
    }
    this.errorBound += cut;
  }
}

export const createPairCounts = (capacity?: number): PairCounts => new PairCounts(capacity);
