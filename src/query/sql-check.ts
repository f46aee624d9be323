// Accepts one read-only statement and nothing else, by asking DuckDB's own parser and planner
// rather than matching text: the text must hold exactly one statement, the parser must see a
// SELECT (json_serialize_sql serializes SELECT statements only: SELECT, WITH … SELECT, FROM …,
// VALUES, TABLE, DESCRIBE, SUMMARIZE, SHOW), and the prepared statement must still be a SELECT
// (PRAGMA version is rewritten into one, so the parser's answer alone is not enough, and neither
// is the planner's alone: a DROP of a missing table fails to prepare before it names its type).
import type { DuckDBConnection, DuckDBExtractedStatements, DuckDBPreparedStatement } from '@duckdb/node-api';
import { WorkbenchError } from '../core/index';

export const ACCEPTED = 'only a single read-only SELECT statement is accepted (SELECT, WITH … SELECT, FROM …, VALUES, DESCRIBE, SUMMARIZE)';

/** DuckDB's message, with the line and caret it adds for errors at a position. */
export const duckdbMessage = (error: unknown): string => ((error as Error).message ?? String(error)).trim();
/** The statement's first word, to name what was refused (the decision itself is the parser's). */
const keyword = (sql: string): string => /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'empty';

export interface CheckedSelect {
  /** The parse tree DuckDB serialized, to find the views a query reads. */
  tree: unknown;
  /** Binds the statement (the views it reads must exist by then) and checks it is still a SELECT. */
  prepare(): Promise<DuckDBPreparedStatement>;
}

export async function checkSelect(connection: DuckDBConnection, sql: string): Promise<CheckedSelect> {
  let extracted: DuckDBExtractedStatements;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    // The binding fails without a message when it finds no statement at all (blank, comments, ";").
    if (duckdbMessage(error) === 'Error in native callback') throw new WorkbenchError('BAD_QUERY', `the query holds no statement; ${ACCEPTED}`);
    throw new WorkbenchError('BAD_QUERY', `the query does not parse: ${duckdbMessage(error).replace(/^Failed to extract statements: /, '')}`);
  }
  if (extracted.count === 0) throw new WorkbenchError('BAD_QUERY', `the query holds no statement; ${ACCEPTED}`);
  if (extracted.count > 1) throw new WorkbenchError('BAD_QUERY', `the query holds ${extracted.count} statements; ${ACCEPTED}`);
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]);
  const tree = JSON.parse(String(reader.getRows()[0]![0])) as { error: boolean; error_message?: string; statements?: unknown[] };
  if (tree.error) {
    const refused = /only select/i.test(tree.error_message ?? '');
    throw new WorkbenchError('BAD_QUERY', refused ? `refused a ${keyword(sql)} statement: ${ACCEPTED}` : `the query does not parse: ${tree.error_message}`);
  }
  return {
    tree: tree.statements?.[0],
    async prepare() {
      // Binding errors (an unknown table or column) are DuckDB's own, for the caller to word.
      const prepared = await extracted.prepare(0);
      const { StatementType } = await import('@duckdb/node-api'); // loaded by engine.ts already: see there why lazily
      const type = prepared.statementType;
      if (type !== StatementType.SELECT) throw new WorkbenchError('BAD_QUERY', `refused a ${StatementType[type] ?? keyword(sql)} statement: ${ACCEPTED}`);
      return prepared;
    },
  };
}

/** Names of the tables a parse tree reads (BASE_TABLE references, at any depth). */
export function tablesRead(tree: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(tree)) tree.forEach((item) => tablesRead(item, out));
  else if (tree && typeof tree === 'object') {
    const node = tree as Record<string, unknown>;
    if (node.type === 'BASE_TABLE' && typeof node.table_name === 'string') out.add(node.table_name.toLowerCase());
    Object.values(node).forEach((value) => tablesRead(value, out));
  }
  return out;
}
