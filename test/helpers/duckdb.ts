// DuckDB as the independent Parquet reader: it shares no code with the writer.
import { DuckDBInstance } from '@duckdb/node-api';

export async function queryParquet<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function describeParquet(glob: string): Promise<Record<string, string>> {
  const rows = await queryParquet<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${glob}')`);
  return Object.fromEntries(rows.map((r) => [r.column_name, r.column_type]));
}
