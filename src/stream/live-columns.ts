// A column of non-negative numbers in the narrowest typed array that gives every value back
// exactly: values on a grid of 1/scale (whole numbers, or money on its own grid) as unsigned
// integers of 1, 2 or 4 bytes, anything else as 8-byte floats. The live view's retained
// windows keep their products this way (live-retained.ts) when a value is off the grid that
// their varint byte string holds exactly (live-product-bytes.ts).
export type ColumnArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

export interface PackedColumn {
  readonly values: ColumnArray;
  /** The stored integer is the value times this; 1 for floats. */
  readonly scale: number;
}

const LIMITS: ReadonlyArray<[number, new (length: number) => ColumnArray]> = [
  [0xff, Uint8Array],
  [0xffff, Uint16Array],
  [0xffffffff, Uint32Array],
];

/** Packs `values`; read them back with `columnAt`. */
export function packColumn(values: ArrayLike<number>, scale = 1): PackedColumn {
  let max = 0;
  let exact = true;
  for (let i = 0; i < values.length && exact; i++) {
    const v = values[i] as number;
    const n = Math.round(v * scale);
    exact = n >= 0 && n / scale === v;
    if (n > max) max = n;
  }
  const fit = exact ? LIMITS.find(([limit]) => max <= limit) : undefined;
  if (!fit) return { values: Float64Array.from(values), scale: 1 };
  const out = new fit[1](values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round((values[i] as number) * scale);
  return { values: out, scale };
}

export const columnAt = (column: PackedColumn, i: number): number =>
  column.scale === 1 ? (column.values[i] as number) : (column.values[i] as number) / column.scale;
