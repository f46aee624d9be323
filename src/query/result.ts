// A query's result as plain values, and its renderings: an aligned text table, CSV (RFC 4180)
// and JSON (an array of objects). Whole numbers beyond 2^53 and other values JSON cannot hold
// exactly are kept as strings; timestamps are ISO 8601 in UTC.

export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

export interface QueryResult {
  columns: Array<{ name: string; type: string }>;
  rows: PlainValue[][];
  /** More rows than the row limit: only the first ones are here. */
  truncated: boolean;
  elapsedMs: number;
}

/** DuckDB's JS values (bigint, Date, Uint8Array, nested lists and structs) as plain JSON values. */
export function plainValue(value: unknown): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return String(value);
}

const cellText = (value: PlainValue): string =>
  value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

export function toCsv(result: QueryResult): string {
  const field = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = [result.columns.map((c) => field(c.name)), ...result.rows.map((row) => row.map((v) => field(cellText(v))))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

export function toJson(result: QueryResult): string {
  const objects = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null])));
  return `${JSON.stringify(objects, null, 2)}\n`;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/** A text table like DuckDB's shell prints: numbers right-aligned, NULL shown as NULL. */
export function toTable(result: QueryResult, maxWidth = 60): string {
  const clip = (text: string): string => (text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text);
  const body = result.rows.map((row) => row.map((v) => clip(v === null ? 'NULL' : cellText(v).replace(/\s+/g, ' '))));
  const head = result.columns.map((c) => clip(c.name));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const right = result.columns.map((c) => NUMERIC.test(c.type));
  const line = (cells: string[]): string => cells.map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' │ ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? ', more not shown' : ''})`;
  return [line(head), rule, ...body.map(line), count].join('\n') + '\n';
}

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** An HTML table, for notebooks (tslab.display.html); numbers right-aligned. */
export function toHtmlTable(result: QueryResult, limit = 20): string {
  const right = result.columns.map((c) => NUMERIC.test(c.type));
  const cell = (tag: string, text: string, i: number): string => `<${tag}${right[i] ? ' style="text-align:right"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${result.columns.map((c, i) => cell('th', c.name, i)).join('')}</tr>`;
  const rows = result.rows.slice(0, limit).map((row) => `<tr>${row.map((v, i) => cell('td', v === null ? 'NULL' : cellText(v), i)).join('')}</tr>`);
  const more = result.rows.length > limit || result.truncated ? `<p>${result.rows.length > limit ? `${limit} of ${result.rows.length} rows` : `${result.rows.length} rows`}${result.truncated ? ', more not fetched' : ''}</p>` : '';
  return `<table>${head}${rows.join('')}</table>${more}`;
}
