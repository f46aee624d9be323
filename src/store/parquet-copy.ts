// Row groups copied from one Parquet file into another as they are, bytes and all: no decoding,
// no encoding. A Parquet file is its row groups' bytes followed by a footer that says where each
// column chunk starts; a merged file made of whole row groups needs only those offsets moved.
// Compaction copies the row groups big enough to be worth keeping as they are (raw's live files
// have 5,000-line groups) and re-encodes the small ones.
import { createHash } from 'node:crypto';
import { readOffsetIndex, type ColumnChunk, type OffsetIndex, type RowGroup } from 'hyparquet';

/**
 * Row groups of at least this many rows are copied as they are by compaction; smaller ones are
 * decoded and re-encoded together. Raw's live row groups are 5,000 lines (the last of a file fewer);
 * an aggregate file's first row group is 1,000 rows (hyparquet-writer's default), the rest bigger.
 */
export const COPY_MIN_GROUP_ROWS = 1_000;

/** Where a row group's bytes lie in its file: from its first column chunk's first page to its last one's end. */
export function groupRange(group: RowGroup): { start: number; end: number } {
  let start = Infinity;
  let end = 0;
  for (const chunk of group.columns) {
    const meta = chunk.meta_data!;
    const dictionary = meta.dictionary_page_offset;
    const first = Number(dictionary !== undefined && dictionary > 0n && dictionary < meta.data_page_offset ? dictionary : meta.data_page_offset);
    start = Math.min(start, first);
    end = Math.max(end, first + Number(meta.total_compressed_size));
  }
  return { start, end };
}

/**
 * Whether a row group can be copied as it is: every column chunk in this file, described by its
 * metadata, with no column index or bloom filter (neither is written here; their bytes lie
 * elsewhere in the file and are not carried over), and enough rows to be worth keeping as a group.
 */
export function copyable(group: RowGroup, minRows = COPY_MIN_GROUP_ROWS): boolean {
  return Number(group.num_rows) >= minRows && group.columns.length > 0 && group.columns.every((c) =>
    c.meta_data !== undefined && c.file_path === undefined && c.crypto_metadata === undefined && c.encrypted_column_metadata === undefined
    && c.column_index_offset === undefined && c.meta_data.bloom_filter_offset === undefined && c.meta_data.index_page_offset === undefined);
}

const shift = (value: bigint | undefined, by: bigint): bigint | undefined => (value === undefined ? undefined : value + by);

/** A column chunk's metadata once its bytes have moved by `by`; the offset index is written anew, by the writer. */
function movedChunk(chunk: ColumnChunk, by: bigint): ColumnChunk {
  const meta = chunk.meta_data!;
  return {
    file_offset: chunk.file_offset + by,
    meta_data: { ...meta, data_page_offset: meta.data_page_offset + by, dictionary_page_offset: shift(meta.dictionary_page_offset, by) },
  };
}

function offsetIndexOf(file: Uint8Array, chunk: ColumnChunk, by: bigint): OffsetIndex | undefined {
  if (chunk.offset_index_offset === undefined || chunk.offset_index_length === undefined) return undefined;
  const at = file.byteOffset + Number(chunk.offset_index_offset);
  const index = readOffsetIndex({ view: new DataView(file.buffer, at, chunk.offset_index_length), offset: 0 });
  return { ...index, page_locations: index.page_locations.map((page) => ({ ...page, offset: page.offset + by })) };
}

export interface CopiedGroup {
  /** The row group's bytes, a view on the file's. */
  bytes: Uint8Array;
  /** Its metadata at its place in the new file. */
  group: RowGroup;
  /** Offset indexes of its column chunks, moved with them (undefined where the input had none). */
  offsetIndexes: Array<OffsetIndex | undefined>;
}

/** A row group of `file` (its whole bytes) as it will be in a new file, starting at byte `at` there. */
export function copyGroup(file: Uint8Array, group: RowGroup, at: number): CopiedGroup {
  const { start, end } = groupRange(group);
  const by = BigInt(at - start);
  return {
    bytes: file.subarray(start, end),
    group: {
      ...group,
      columns: group.columns.map((chunk) => movedChunk(chunk, by)),
      file_offset: shift(group.file_offset, by),
      total_compressed_size: BigInt(end - start),
    },
    offsetIndexes: group.columns.map((chunk) => offsetIndexOf(file, chunk, by)),
  };
}

/** A digest of a row group's bytes: a copy must hold the same. */
export const digestOf = (bytes: Uint8Array | ArrayBuffer): string => createHash('sha1').update(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).digest('hex');

const plain = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? Array.from(value) : value;

/**
 * What a row group's metadata says about its data, leaving out where it lies in the file: two
 * copies of a row group have the same description. Statistics included.
 */
export function describeGroup(group: RowGroup): string {
  return JSON.stringify({
    rows: group.num_rows,
    bytes: group.total_byte_size,
    columns: group.columns.map((chunk) => {
      const { data_page_offset: _data, dictionary_page_offset: _dictionary, ...meta } = chunk.meta_data!;
      return meta;
    }),
  }, plain);
}
