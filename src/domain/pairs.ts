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
/**
 * Pairs a summary keeps after pruning; it holds at most twice this many between prunes. A prune
 * costs every pair up to the cut, and flat baskets make many small pairs: at 1,024 a backfill of
 * 2 orders/s (~120 orders and ~7,500 pair occurrences a minute) lost a third of its top pairs'
 * counts; at 4,096 a minute like that is exact or nearly.
 */
export const DEFAULT_PAIR_CAPACITY = 4096;

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
  // An open-addressing table on typed arrays (a Map of double keys cost ~3x as much on the hot
  // path): a pair's key and count, count 0 for an empty slot; at most half full, rebuilt on prune.
  private keys = new Float64Array(INITIAL_SLOTS);
  private counts = new Uint32Array(INITIAL_SLOTS);
  private held = 0;
  /** Pair occurrences counted: every pair of distinct products of every order. */
  occurrences = 0;
  /** No held count is lower than the truth by more than this (0: every count is exact). */
  errorBound = 0;

  constructor(readonly capacity = DEFAULT_PAIR_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`pair capacity must be a whole number of at least 1, got ${capacity}`);
  }

  static fromParts(parts: PairParts): PairCounts {
    const p = new PairCounts(parts.capacity);
    parts.keys.forEach((key, i) => p.bump(key, parts.counts[i] as number));
    p.occurrences = parts.occurrences;
    p.errorBound = parts.errorBound;
    return p;
  }

  /** Bytes of its table (the live view's footprint). */
  get bytes(): number {
    return this.keys.byteLength + this.counts.byteLength;
  }

  get size(): number {
    return this.held;
  }

  /** Counts every pair of the distinct products of one order (ids at or past PAIR_ID_LIMIT are left out). */
  addOrder(productIds: readonly number[]): void {
    let n = 0;
    for (let i = 0; i < productIds.length; i++) n = insertId(productIds[i] as number, n);
    this.countPairs(n);
  }

  /** addOrder for an order's lines, without making a list of their ids (stage 1's hot path). */
  addLines(lines: ReadonlyArray<{ readonly product_id: number }>): void {
    let n = 0;
    for (let i = 0; i < lines.length; i++) n = insertId((lines[i] as { product_id: number }).product_id, n);
    this.countPairs(n);
  }

  /** Counts the pairs of the first n ids of scratchIds (distinct, ascending). */
  private countPairs(n: number): void {
    const ids = scratchIds;
    for (let i = 0; i < n; i++) {
      const base = (ids[i] as number) * PAIR_ID_LIMIT;
      for (let j = i + 1; j < n; j++) this.bump(base + (ids[j] as number), 1);
    }
    this.occurrences += (n * (n - 1)) / 2;
    if (this.held > 2 * this.capacity) this.prune(false);
  }

  merge(other: PairCounts): void {
    other.forEachHeld((key, n) => this.bump(key, n));
    this.occurrences += other.occurrences;
    this.errorBound += other.errorBound;
    if (this.held > 2 * this.capacity) this.prune(false);
  }

  /** Prunes down to the capacity now (before a summary is sent or kept for long). */
  compact(): void {
    if (this.held > this.capacity) this.prune(true);
    else if (this.keys.length > slotsFor(this.held)) this.rebuild(slotsFor(this.held), 0);
  }

  count(a: number, b: number): number {
    const key = pairKey(a, b);
    const mask = this.keys.length - 1;
    for (let slot = slotOf(key, mask); this.counts[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.keys[slot] === key) return this.counts[slot] as number;
    }
    return 0;
  }

  /** Held pairs as [a, b, orders] with a < b, most frequent first (ties: by key). */
  entries(): Array<[number, number, number]> {
    const held: Array<[number, number]> = [];
    this.forEachHeld((key, n) => held.push([key, n]));
    return held.sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([key, n]) => [...pairOfKey(key), n]);
  }

  parts(): PairParts {
    const held: Array<[number, number]> = [];
    this.forEachHeld((key, n) => held.push([key, n]));
    held.sort((x, y) => x[0] - y[0]);
    return { capacity: this.capacity, occurrences: this.occurrences, errorBound: this.errorBound, keys: held.map(([k]) => k), counts: held.map(([, n]) => n) };
  }

  private forEachHeld(fn: (key: number, n: number) => void): void {
    for (let slot = 0; slot < this.counts.length; slot++) if (this.counts[slot] !== 0) fn(this.keys[slot] as number, this.counts[slot] as number);
  }

  private bump(key: number, n: number): void {
    if (2 * (this.held + 1) > this.keys.length) this.rebuild(this.keys.length * 2, 0);
    const mask = this.keys.length - 1;
    let slot = slotOf(key, mask);
    while (this.counts[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    if (this.counts[slot] === 0) {
      this.keys[slot] = key;
      this.held++;
    }
    this.counts[slot] = (this.counts[slot] as number) + n;
  }

  /**
   * Subtracts the (capacity+1)-th largest count from every pair, dropping those it empties.
   * While counting (tight false) the table keeps its size, so the next 2 × capacity pairs fit
   * without growing it again; a summary that is kept or sent (tight) gets the smallest table.
   */
  private prune(tight: boolean): void {
    if (scratchCounts.length < this.held) scratchCounts = new Uint32Array(Math.max(this.held, 2 * scratchCounts.length));
    let n = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      const c = this.counts[slot] as number;
      if (c !== 0) scratchCounts[n++] = c;
    }
    // A typed array sorts numerically, ascending, without a comparator call per step.
    const sorted = scratchCounts.subarray(0, n).sort();
    const cut = sorted[n - 1 - this.capacity] as number;
    // The pairs above the cut survive: at most `capacity`, often far fewer (every pair tied at the cut goes).
    let survivors = 0;
    while (survivors < n && (sorted[n - 1 - survivors] as number) > cut) survivors++;
    this.rebuild(tight ? Math.min(slotsFor(survivors), this.keys.length) : this.keys.length, cut);
    this.errorBound += cut;
  }

  /** A table of `slots` slots holding every pair whose count exceeds `cut`, less `cut`. */
  private rebuild(slots: number, cut: number): void {
    const size = this.counts.length;
    // The old table is copied aside, so that a table of the same size is reused, not reallocated.
    if (scratchKeys.length < size) scratchKeys = new Float64Array(size);
    if (scratchCounts.length < size) scratchCounts = new Uint32Array(size);
    scratchKeys.set(this.keys);
    scratchCounts.set(this.counts);
    if (slots === size) {
      this.keys.fill(0);
      this.counts.fill(0);
    } else {
      this.keys = new Float64Array(slots);
      this.counts = new Uint32Array(slots);
    }
    this.held = 0;
    for (let slot = 0; slot < size; slot++) {
      const n = scratchCounts[slot] as number;
      if (n > cut) this.bump(scratchKeys[slot] as number, n - cut);
    }
  }
}

const INITIAL_SLOTS = 64;
/** The smallest table that holds `held` pairs at most half full. */
function slotsFor(held: number): number {
  let slots = INITIAL_SLOTS;
  while (slots < 2 * (held + 1)) slots *= 2;
  return slots;
}

// Buffers shared by every summary (one thread runs them one at a time): an order's ids, and the
// table being rebuilt or sorted. They grow to the largest table and stay.
let scratchIds = new Float64Array(64);
let scratchKeys = new Float64Array(0);
let scratchCounts = new Uint32Array(0);

/** Puts an id into scratchIds[0..n), kept ascending and without repeats; returns the new n. */
function insertId(id: number, n: number): number {
  if (!(id >= 0 && id < PAIR_ID_LIMIT)) return n;
  let at = n;
  while (at > 0 && (scratchIds[at - 1] as number) > id) at--;
  if (at > 0 && scratchIds[at - 1] === id) return n;
  if (n === scratchIds.length) {
    const grown = new Float64Array(2 * n);
    grown.set(scratchIds);
    scratchIds = grown;
  }
  scratchIds.copyWithin(at + 1, at, n);
  scratchIds[at] = id;
  return n + 1;
}
/** A slot for a key: its two ids mixed (murmur3's finaliser), masked to the table. */
function slotOf(key: number, mask: number): number {
  let h = Math.imul(Math.floor(key / PAIR_ID_LIMIT), 0x9e3779b1) ^ Math.imul(key % PAIR_ID_LIMIT, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h & mask;
}

export const createPairCounts = (capacity?: number): PairCounts => new PairCounts(capacity);
