// POST /api/query: read-only SQL over the history, off unless the server was started with
// --enable-query. The body is {"sql": "<one SELECT>"} (or the SQL as text/plain); the answer is
// {columns, rows, truncated, rowLimit, elapsedMs}. The statement is checked by DuckDB's parser
// (src/query/sql-check.ts), runs with a row limit and a timeout on its own connection, and a
// few run at once at most, so the dashboard and the pipeline keep their share of the machine.
import express, { type Express, type Request, type Response } from 'express';
import { isWorkbenchError, type QueryEngine } from '../src/index';
import { BadQuery, onlyParams } from './params';

export interface QueryApiOptions {
  engine: Pick<QueryEngine, 'query'>;
  maxRows: number;
  timeoutMs: number;
  /** Queries running at once at most; more get 429 (default 2). */
  maxRunning?: number;
}

const STATUS: Record<string, number> = { BAD_QUERY: 400, QUERY_TIMEOUT: 408 };

function sqlOf(req: Request): string {
  const body: unknown = req.body;
  const sql = typeof body === 'string' ? body : (body as { sql?: unknown } | undefined)?.sql;
  if (typeof sql !== 'string' || sql.trim() === '') {
    throw new BadQuery('POST /api/query takes {"sql": "SELECT …"} as JSON (or the SQL as text/plain)');
  }
  return sql;
}

export function mountQueryRoute(app: Express, options: QueryApiOptions | undefined): void {
  if (!options) {
    app.post('/api/query', (_req, res) => {
      res.status(404).json({ error: 'POST /api/query is off: start the server with --enable-query to allow read-only SQL over the history' });
    });
    return;
  }
  const { engine, maxRows, timeoutMs, maxRunning = 2 } = options;
  let running = 0;
  const body = [express.json({ limit: '64kb' }), express.text({ limit: '64kb', type: 'text/plain' })];
  app.post('/api/query', ...body, async (req: Request, res: Response) => {
    onlyParams(req, []);
    const sql = sqlOf(req);
    if (running >= maxRunning) {
      res.status(429).set('Retry-After', '1').json({ error: `${running} ${running === 1 ? 'query is' : 'queries are'} running already (at most ${maxRunning}); try again shortly` });
      return;
    }
    running++;
    try {
      const result = await engine.query(sql, { maxRows, timeoutMs });
      res.json({ ...result, rowLimit: maxRows });
    } catch (error) {
      if (!isWorkbenchError(error) || !(error.code in STATUS)) throw error;
      res.status(STATUS[error.code]!).json({ error: error.message, code: error.code });
    } finally {
      running--;
    }
  }, (error: unknown, _req: Request, res: Response, next: (error: unknown) => void) => {
    // The body parsers' own refusals: not JSON, or too large.
    const status = (error as { status?: number }).status;
    if (status === 400 || status === 413 || status === 415) res.status(status).json({ error: `POST /api/query: ${(error as Error).message}` });
    else next(error);
  });
}
