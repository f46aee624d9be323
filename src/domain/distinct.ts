// A mergeable distinct counter: exact while small, HyperLogLog once large.
// Merging two counters gives the same state as counting the union in one pass, which is
// what lets stage 2 merge stage-1 partials without changing the answer.
// A class, not closures: there is one per product per window, so allocation matters.
import { mix } from './rng';

const EXACT_LIMIT = 128;
const PRECISION = 11;
const REGISTERS = 1 << PRECISION;

export type DistinctSnapshot = { e: number[] } | { r: string };
/** The state itself, for a binary codec: the exact ids (ascending), or the HyperLogLog registers. */
export type DistinctParts = { exact: number[] } | { registers: Uint8Array };
export const DISTINCT_REGISTERS = REGISTERS;

// btoa/atob keep this module free of Node's Buffer, so it runs anywhere.
const encodeBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const decodeBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function registerUpdate(registers: Uint8Array, id: number): void {
  const hash = mix(id, 0x61c88647);
  const index = hash >>> (32 - PRECISION);
  const rest = (hash << PRECISION) >>> 0;
  const rank = rest === 0 ? 32 - PRECISION + 1 : Math.clz32(rest) + 1;
  if (rank > (registers[index] as number)) registers[index] = rank;
}

function hllEstimate(registers: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (const r of registers) {
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / REGISTERS);
  const raw = (alpha * REGISTERS * REGISTERS) / sum;
  // Linear counting is more accurate while many registers are still empty.
  return raw <= 2.5 * REGISTERS && zeros > 0 ? REGISTERS * Math.log(REGISTERS / zeros) : raw;
}

export class DistinctCount {
  /** Exact ids while small (a short array beats a Set at this size), else null. */
  protected exact: number[] | null = [];
  protected registers: Uint8Array | null = null;

  /**
   * A count that takes no more ids, its estimate alone: for a closed window waiting to be
   * written, which needs the number and not the sketch (an exact array or 2 KiB of registers,
   * ~250 bytes a product at 500 orders/s). Instances are shared by value below 4,096.
   */
  static settled(count: number): DistinctCount {
    if (count >= SHARED_SETTLED) return new SettledCount(count);
    return (sharedSettled[count] ??= new SettledCount(count));
  }

  static fromJSON(snapshot: DistinctSnapshot): DistinctCount {
    const d = new DistinctCount();
    if ('e' in snapshot) d.exact = [...snapshot.e];
    else {
      d.exact = null;
      d.registers = decodeBase64(snapshot.r);
    }
    return d;
  }

  static fromParts(parts: DistinctParts): DistinctCount {
    const d = new DistinctCount();
    if ('exact' in parts) d.exact = [...parts.exact];
    else {
      d.exact = null;
      d.registers = new Uint8Array(parts.registers);
    }
    return d;
  }

  add(id: number): void {
    const exact = this.exact;
    if (exact === null) {
      registerUpdate(this.registers as Uint8Array, id);
      return;
    }
    if (exact.includes(id)) return;
    exact.push(id);
    if (exact.length > EXACT_LIMIT) this.promote();
  }

  merge(other: DistinctCount): void {
    if (other.exact !== null) {
      for (const id of other.exact) this.add(id);
      return;
    }
    const theirs = other.registers;
    // Neither ids nor registers: a settled count, whose ids are gone.
    if (theirs === null) throw new Error(`a settled distinct count (${other.estimate()}) cannot be merged into another: it no longer has its ids`);
    if (this.exact !== null) this.promote();
    const mine = this.registers as Uint8Array;
    for (let i = 0; i < REGISTERS; i++) if ((theirs[i] as number) > (mine[i] as number)) mine[i] = theirs[i] as number;
  }

  estimate(): number {
    return this.exact !== null ? this.exact.length : Math.round(hllEstimate(this.registers as Uint8Array));
  }

  toJSON(): DistinctSnapshot {
    return this.exact !== null ? { e: [...this.exact].sort((a, b) => a - b) } : { r: encodeBase64(this.registers as Uint8Array) };
  }

  parts(): DistinctParts {
    return this.exact !== null ? { exact: [...this.exact].sort((a, b) => a - b) } : { registers: this.registers as Uint8Array };
  }

  private promote(): void {
    const registers = new Uint8Array(REGISTERS);
    for (const id of this.exact as number[]) registerUpdate(registers, id);
    this.exact = null;
    this.registers = registers;
  }
}

const SHARED_SETTLED = 4_096;
const sharedSettled: SettledCount[] = [];

class SettledCount extends DistinctCount {
  constructor(private readonly count: number) {
    super();
    this.exact = null;
  }

  private refuse(what: string): never {
    throw new Error(`a settled distinct count (${this.count}) cannot ${what}: it was settled because nothing more would be counted into it`);
  }

  override add(): void {
    this.refuse('take another id');
  }

  override merge(): void {
    this.refuse('be merged into');
  }

  override estimate(): number {
    return this.count;
  }

  override toJSON(): DistinctSnapshot {
    return this.refuse('be saved: it no longer has its ids');
  }

  override parts(): DistinctParts {
    return this.refuse('be encoded: it no longer has its ids');
  }
}

export const createDistinctCount = (snapshot?: DistinctSnapshot): DistinctCount =>
  snapshot ? DistinctCount.fromJSON(snapshot) : new DistinctCount();
