// Snappy for the Parquet writers (raw-table.ts, tables.ts): the native library (`snappy`, napi-rs)
// in place of hyparquet-writer's JavaScript port. The port reads its input four bytes at a time
// into numbers that do not fit a small integer, so V8 allocates one on the heap per byte
// compressed: a by_product file of two soak windows (42k rows, 1.3 MB) made ~100 MB of heap
// garbage, and it set the high points of the soak's heap. The native one compresses outside the
// heap. Same format: any Snappy reader (hyparquet, DuckDB) reads what either writes.
import { compressSync } from 'snappy';

export const PARQUET_COMPRESSORS = { SNAPPY: (bytes: Uint8Array): Uint8Array => compressSync(bytes) };
