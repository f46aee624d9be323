// The door of query/: SQL over the Parquet history (DuckDB).
// Other folders import from here; files of this folder import each other directly.
export { createQueryEngine } from './engine';
export type { QueryEngine } from './engine';
export { toCsv, toHtmlTable, toJson, toTable } from './result';
export type { QueryResult } from './result';
