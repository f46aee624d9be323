// CSV splitting for Instacart's files, as public copies write them: RFC 4180 quotes ("" is an
// escaped quote, commas inside quotes), LF or CRLF, an optional UTF-8 byte-order mark, a header
// row or none. Pure: it works on bytes and strings, so the replay adapter feeds it file chunks
// and tests feed it literals. Records come out as byte ranges, so the hot numeric files never
// become strings (see rows.ts for the fast paths).
import { WorkbenchError } from '../../core/index';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/**
 * One record: bytes[start, end) without its line break, the 1-based physical line it starts on,
 * and its absolute byte offset in the file.
 */
export type RecordSink = (bytes: Uint8Array, start: number, end: number, line: number, offset: number) => void;

export interface RecordReaderOptions {
  /** Line number of the first byte pushed (default 1). */
  firstLine?: number;
  /** File offset of the first byte pushed (default 0). A byte-order mark is skipped only at offset 0. */
  firstOffset?: number;
  /**
   * Let a quoted field run over line breaks, as RFC 4180 allows. Off by default: Instacart's
   * fields never hold line breaks, and without it a stray quote spoils one row, not the rest
   * of the file.
   */
  quotedNewlines?: boolean;
}

export interface RecordReader {
  push(chunk: Uint8Array): void;
  /** Flushes a last record that has no line break after it. */
  end(): void;
}

interface ScanState {
  line: number;
  /** Absolute offset of bytes[0]. */
  base: number;
  quotedNewlines: boolean;
}

let innerBreaks = 0;

/**
 * Index of the line feed that ends the record starting at `from`, honouring quotes; -1 when the
 * bytes run out first. Sets innerBreaks to the line feeds inside quoted fields.
 */
function findQuotedRecordEnd(bytes: Uint8Array, from: number, n: number, final: boolean): number {
  innerBreaks = 0;
  let i = from;
  let fieldStart = true;
  while (i < n) {
    const b = bytes[i] as number;
    if (fieldStart && b === QUOTE) {
      i++;
      for (;;) {
        if (i >= n) return -1;
        const c = bytes[i] as number;
        if (c === QUOTE) {
          if (i + 1 >= n && !final) return -1; // the next chunk may start with the escaping quote
          if (bytes[i + 1] === QUOTE) { i += 2; continue; }
          i++;
          break;
        }
        if (c === LF) innerBreaks++;
        i++;
      }
      fieldStart = false;
      continue;
    }
    if (b === LF) return i;
    fieldStart = b === COMMA;
    i++;
  }
  return -1;
}

/** Emits every complete record of bytes[pos, n); returns where the unread rest starts. */
function scanRecords(bytes: Uint8Array, pos: number, n: number, final: boolean, state: ScanState, sink: RecordSink): number {
  let nextQuote = state.quotedNewlines ? -2 : -1;
  while (pos < n) {
    let lineFeed = bytes.indexOf(LF, pos);
    if (lineFeed >= n) lineFeed = -1;
    let breaks = 0;
    if (nextQuote !== -1 && nextQuote < pos) {
      nextQuote = bytes.indexOf(QUOTE, pos);
      if (nextQuote >= n) nextQuote = -1;
    }
    if (nextQuote !== -1 && (lineFeed === -1 || nextQuote < lineFeed)) {
      lineFeed = findQuotedRecordEnd(bytes, pos, n, final);
      breaks = innerBreaks;
    }
    if (lineFeed === -1) {
      if (!final) return pos;
      lineFeed = n;
    }
    let end = lineFeed;
    if (end > pos && bytes[end - 1] === CR) end--;
    if (end > pos) sink(bytes, pos, end, state.line, state.base + pos);
    state.line += 1 + breaks;
    pos = lineFeed + 1;
  }
  return n;
}

const hasByteOrderMark = (bytes: Uint8Array): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Splits a stream of byte chunks into records. Blank lines are counted but not emitted. */
export function createRecordReader(sink: RecordSink, options: RecordReaderOptions = {}): RecordReader {
  const state: ScanState = { line: options.firstLine ?? 1, base: options.firstOffset ?? 0, quotedNewlines: options.quotedNewlines ?? false };
  let rest = EMPTY_BYTES;
  let checkBom = state.base === 0;

  const scan = (bytes: Uint8Array, pos: number, final: boolean): void => {
    const consumed = scanRecords(bytes, pos, bytes.length, final, state, sink);
    state.base += consumed;
    rest = EMPTY_BYTES;
    if (consumed < bytes.length) {
      rest = new Uint8Array(bytes.length - consumed);
      rest.set(bytes.subarray(consumed));
    }
  };
  const feed = (chunk: Uint8Array, final: boolean): void => {
    let bytes = chunk;
    if (rest.length > 0) {
      const lineFeed = checkBom || state.quotedNewlines ? -1 : chunk.indexOf(LF);
      if (lineFeed === -1) {
        bytes = concat(rest, chunk);
      } else {
        // Copy only the record cut by the chunk boundary and scan the chunk in place: a Node
        // Buffer keeps its fast indexOf that way.
        scan(concat(rest, chunk.subarray(0, lineFeed + 1)), 0, false);
        bytes = chunk.subarray(lineFeed + 1);
      }
    }
    let pos = 0;
    if (checkBom) {
      if (bytes.length < 3 && !final) {
        rest = concat(EMPTY_BYTES, bytes);
        return;
      }
      checkBom = false;
      if (hasByteOrderMark(bytes)) pos = 3;
    }
    scan(bytes, pos, final);
  };
  return {
    push: (chunk) => feed(chunk, false),
    end: () => feed(EMPTY_BYTES, true),
  };
}

/** Emits the records of a complete in-memory range, e.g. one read back by position. */
export function forEachRecord(bytes: Uint8Array, sink: RecordSink, options: RecordReaderOptions & { start?: number; end?: number } = {}): void {
  const start = options.start ?? 0;
  const state: ScanState = { line: options.firstLine ?? 1, base: (options.firstOffset ?? 0) - start, quotedNewlines: options.quotedNewlines ?? false };
  const from = start === 0 && state.base === 0 && hasByteOrderMark(bytes) ? 3 : start;
  scanRecords(bytes, from, options.end ?? bytes.length, true, state, sink);
}

const utf8 = new TextDecoder('utf-8');

export const decodeRecord = (bytes: Uint8Array, start: number, end: number): string => utf8.decode(bytes.subarray(start, end));

export type SplitResult = { ok: true; fields: string[] } | { ok: false; reason: string };

/** Splits one record into fields by RFC 4180. A quote inside an unquoted field is kept as text. */
export function splitCsvRecord(text: string): SplitResult {
  const fields: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return { ok: false, reason: `field ${fields.length + 1}: its opening quote is never closed` };
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i >= n) return { ok: true, fields };
      if (text.charCodeAt(i) !== COMMA) {
        return { ok: false, reason: `field ${fields.length}: expected a comma after its closing quote, got ${JSON.stringify(text.slice(i, i + 10))}` };
      }
      i++;
      continue;
    }
    const comma = text.indexOf(',', i);
    if (comma === -1) {
      fields.push(text.slice(i));
      return { ok: true, fields };
    }
    fields.push(text.slice(i, comma));
    i = comma + 1;
  }
}

export type FirstRecord = { kind: 'header' } | { kind: 'data' } | { kind: 'bad-header'; reason: string };

/**
 * Tells a header from data: a first field that names the first column means a header, which
 * must then name every column in order. Anything else is data (and is checked as a row).
 */
export function classifyFirstRecord(fields: readonly string[], columns: readonly string[]): FirstRecord {
  const names = fields.map((f) => f.trim().toLowerCase());
  if (names[0] !== columns[0]) return { kind: 'data' };
  if (names.length === columns.length && names.every((name, i) => name === columns[i])) return { kind: 'header' };
  return { kind: 'bad-header', reason: `header is "${fields.join(',')}", expected "${columns.join(',')}"` };
}

/**
 * Skips the file's header row when there is one. A header that names other columns stops the
 * read whatever the bad-record policy: every row after it would be misread.
 */
export function skipHeader(file: string, columns: readonly string[], sink: RecordSink): RecordSink {
  let first = true;
  return (bytes, start, end, line, offset) => {
    if (first) {
      first = false;
      const split = splitCsvRecord(decodeRecord(bytes, start, end));
      const verdict = split.ok ? classifyFirstRecord(split.fields, columns) : ({ kind: 'data' } as const);
      if (verdict.kind === 'header') return;
      if (verdict.kind === 'bad-header') {
        const where = `${file}:${line}`;
        throw new WorkbenchError('BAD_CSV_ROW', `${where}: ${verdict.reason}; check that this is Instacart's ${file}`, { where });
      }
    }
    sink(bytes, start, end, line, offset);
  };
}
