// A mergeable distinct counter: exact while small, HyperLogLog once large.
// Merging two counters gives the same state as counting the union in one pass, which is
// what lets stage 2 merge stage-1 partials without changing the answer.
import { mix } from './rng';

const EXACT_LIMIT = 128;
const PRECISION = 11;
const REGISTERS = 1 << PRECISION;

export interface DistinctCount {
  add(id: number): void;
  merge(other: DistinctCount): void;
  estimate(): number;
  toJSON(): DistinctSnapshot;
  /** Internal state, read by merge. */
  readonly state: { exact: Set<number> | null; registers: Uint8Array | null };
}

export type DistinctSnapshot = { e: number[] } | { r: string };

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

export function createDistinctCount(snapshot?: DistinctSnapshot): DistinctCount {
  const state: DistinctCount['state'] = { exact: new Set<number>(), registers: null };
  if (snapshot && 'e' in snapshot) snapshot.e.forEach((id) => state.exact!.add(id));
  if (snapshot && 'r' in snapshot) {
    state.exact = null;
    state.registers = decodeBase64(snapshot.r);
  }

  const promote = (): void => {
    const registers = new Uint8Array(REGISTERS);
    for (const id of state.exact!) registerUpdate(registers, id);
    state.exact = null;
    state.registers = registers;
  };

  const add = (id: number): void => {
    if (state.exact) {
      state.exact.add(id);
      if (state.exact.size > EXACT_LIMIT) promote();
    } else {
      registerUpdate(state.registers!, id);
    }
  };

  return {
    state,
    add,
    merge(other) {
      if (other.state.exact) {
        for (const id of other.state.exact) add(id);
        return;
      }
      if (state.exact) promote();
      const mine = state.registers!;
      other.state.registers!.forEach((r, i) => {
        if (r > (mine[i] as number)) mine[i] = r;
      });
    },
    estimate: () => (state.exact ? state.exact.size : Math.round(hllEstimate(state.registers!))),
    toJSON: () => (state.exact ? { e: [...state.exact].sort((a, b) => a - b) } : { r: encodeBase64(state.registers!) }),
  };
}
