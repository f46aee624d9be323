// An order-independent checksum of a multiset of rows. Each row gets a 64-bit hash (two 32-bit
// lanes, FNV-1a style, over its values in column order, with the value's type mixed in), and the
// hashes are summed modulo 2^32 per lane. Merging files reorders rows but must not add, drop or
// change any; equal counts and equal sums say so (a changed value, a lost or a doubled row moves
// the sum).
import type { ParquetColumns } from './tables';

export interface RowChecksum {
  add(group: ParquetColumns): void;
  readonly rows: number;
  /** 16 hex digits. */
  value(): string;
}

// Scratch views on one 8-byte buffer: a number's or a bigint's two 32-bit words, with no allocation.
const bits = new Float64Array(1);
const big = new BigInt64Array(bits.buffer);
const words = new Uint32Array(bits.buffer);
const P1 = 0x01000193;
const P2 = 0x5bd1e995;
// The two lanes of the row being hashed; both take every word in one pass over the values.
let a = 0;
let b = 0;

function word(w: number): void {
  a = Math.imul(a ^ w, P1);
  b = Math.imul(b ^ w, P2);
}

/** Feeds one value: a type tag, then its contents. */
function feed(value: unknown): void {
  if (value === null || value === undefined) return word(0x6e756c6c);
  switch (typeof value) {
    case 'number':
      bits[0] = value;
      word(1);
      word(words[0]!);
      return word(words[1]!);
    case 'bigint':
      // Parquet INT64 values: the low word, then the high one.
      big[0] = value;
      word(2);
      word(words[0]!);
      return word(words[1]!);
    case 'boolean':
      return word(value ? 3 : 4);
    case 'string':
      word(5);
      word(value.length);
      for (let i = 0; i < value.length; i++) word(value.charCodeAt(i));
      return;
    default:
      if (value instanceof Date) {
        word(6);
        return feed(value.getTime());
      }
      word(7);
      return feed(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
}

const finalize = (h: number): number => {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
};

/** Rows are compared by their values in the order of `columns`. */
export function createRowChecksum(columns: readonly string[]): RowChecksum {
  let hi = 0;
  let lo = 0;
  let rows = 0;
  return {
    add(group) {
      const data = columns.map((name) => group.columns[group.names.indexOf(name)] ?? []);
      for (let r = 0; r < group.rows; r++) {
        a = 0x811c9dc5;
        b = 0x9747b28c;
        for (const column of data) feed(column[r]);
        hi = (hi + finalize(a)) >>> 0;
        lo = (lo + finalize(b)) >>> 0;
      }
      rows += group.rows;
    },
    get rows() {
      return rows;
    },
    value: () => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0'),
  };
}
