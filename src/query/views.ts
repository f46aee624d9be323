// The views SQL over the history sees: raw, by_product, by_department, by_hour, by_department_hour, by_pair (Parquet) and
// alerts (the alert sink's JSON lines). Each view reads an explicit list of files — the ones a
// reader should see, so a compacted file's inputs never count twice — and an empty dataset is
// still a view with its columns (read from a zero-row file of the same schema).
import type { Dataset } from '../store/index';

export type QueryView = Dataset | 'alerts';

export const QUERY_VIEWS: readonly QueryView[] = ['raw', 'by_product', 'by_department', 'by_hour', 'by_department_hour', 'by_pair', 'alerts'];

/** A stored alert line (pipeline/alert-sink.ts): its field, its type, and the view's column. */
const ALERT_FIELDS: ReadonlyArray<[field: string, type: string, column: string]> = [
  ['id', 'VARCHAR', 'id'],
  ['event', 'VARCHAR', 'event'],
  ['eventAt', 'BIGINT', 'event_at'],
  ['level', 'VARCHAR', 'level'],
  ['subjectId', 'BIGINT', 'subject_id'],
  ['subjectName', 'VARCHAR', 'subject_name'],
  ['direction', 'VARCHAR', 'direction'],
  ['severity', 'VARCHAR', 'severity'],
  ['startedAt', 'BIGINT', 'started_at'],
  ['lastSeenAt', 'BIGINT', 'last_seen_at'],
  ['resolvedAt', 'BIGINT', 'resolved_at'],
  ['acknowledged', 'BOOLEAN', 'acknowledged'],
  ['baseline', 'DOUBLE', 'baseline'],
  ['observed', 'DOUBLE', 'observed'],
  ['changePct', 'DOUBLE', 'change_pct'],
  ['message', 'VARCHAR', 'message'],
];
/** Event times are stored as epoch ms; the view shows them as timestamps. */
const TIME_FIELDS = new Set(['eventAt', 'startedAt', 'lastSeenAt', 'resolvedAt']);

/** A SQL string literal. */
export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const sqlList = (paths: readonly string[]): string => `[${paths.map(sqlString).join(', ')}]`;
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function alertsSource(paths: readonly string[]): string {
  if (paths.length === 0) {
    return `(SELECT ${ALERT_FIELDS.map(([field, type]) => `NULL::${type} AS ${quoted(field)}`).join(', ')} WHERE false)`;
  }
  const columns = ALERT_FIELDS.map(([field, type]) => `${sqlString(field)}: ${sqlString(type)}`).join(', ');
  return `read_json(${sqlList(paths)}, format = 'newline_delimited', columns = {${columns}})`;
}

/**
 * The statement that defines one view over local files. `emptySchemaFile` is a zero-row Parquet
 * file with the dataset's columns, used when the dataset has no file yet.
 */
export function viewSql(view: QueryView, paths: readonly string[], emptySchemaFile?: string): string {
  if (view === 'alerts') {
    const columns = ALERT_FIELDS.map(([field, , column]) =>
      TIME_FIELDS.has(field) ? `epoch_ms(${quoted(field)}) AS ${column}` : `${quoted(field)} AS ${column}`);
    return `CREATE OR REPLACE TEMP VIEW alerts AS SELECT ${columns.join(', ')} FROM ${alertsSource(paths)}`;
  }
  const files = paths.length > 0 ? paths : emptySchemaFile ? [emptySchemaFile] : [];
  if (files.length === 0) throw new Error(`viewSql: ${view} has no files and no empty schema file`);
  // union_by_name: files written before a column was added still read; no hive columns (dt, hour)
  // so the view has exactly the files' columns.
  return `CREATE OR REPLACE TEMP VIEW ${view} AS SELECT * FROM read_parquet(${sqlList(files)}, union_by_name = true, hive_partitioning = false)`;
}
