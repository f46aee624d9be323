// The HTTP face of the workbench: health, JSON API and server-sent events over the live view.
// Bound to 127.0.0.1 unless told otherwise.
import express, { type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveView } from '../src/index';

export interface AppOptions {
  view: LiveView;
  /** Subscribes to view changes; returns an unsubscribe function. */
  onUpdate: (listener: () => void) => () => void;
  /** Where the data comes from, for /healthz. */
  info: Record<string, string>;
}

const SSE_HEARTBEAT_MS = 1_000;
const SSE_MIN_GAP_MS = 100;

class BadQuery extends Error {}

function intParam(req: Request, name: string, fallback: number, min: number, max: number): number {
  const raw = req.query[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new BadQuery(`query parameter "${name}" must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function choiceParam<T extends string>(req: Request, name: string, choices: readonly T[], fallback: T): T {
  const raw = req.query[name];
  if (raw === undefined) return fallback;
  const choice = choices.find((c) => c === raw);
  if (!choice) throw new BadQuery(`query parameter "${name}" must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
  return choice;
}

export function createApp(options: AppOptions): express.Express {
  const { view, onUpdate, info } = options;
  const app = express();
  app.disable('x-powered-by');
  const startedAt = Date.now();

  const json = (handler: (req: Request) => unknown) => (req: Request, res: Response) => {
    try {
      res.json(handler(req));
    } catch (error) {
      if (error instanceof BadQuery) res.status(400).json({ error: error.message });
      else res.status(500).json({ error: (error as Error).message });
    }
  };

  app.get('/healthz', json(() => ({ status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), ...info })));
  app.get('/api/summary', json(() => view.summary()));
  app.get('/api/top-products', json((req) => {
    const by = choiceParam(req, 'by', ['revenue', 'units'] as const, 'revenue');
    return view.topProducts(by, intParam(req, 'k', 10, 1, 100));
  }));
  app.get('/api/departments', json(() => view.departments()));
  app.get('/api/hourly', json(() => view.hourly()));

  app.get('/events', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    let lastSent = 0;
    let timer: NodeJS.Timeout | undefined;
    const send = (): void => {
      timer = undefined;
      lastSent = Date.now();
      res.write(`id: ${view.version}\nevent: summary\ndata: ${JSON.stringify(view.summary())}\n\n`);
    };
    // Pushes soon after a change, at most every SSE_MIN_GAP_MS, and at least every second.
    const schedule = (): void => {
      if (timer) return;
      timer = setTimeout(send, Math.max(0, SSE_MIN_GAP_MS - (Date.now() - lastSent)));
    };
    const unsubscribe = onUpdate(schedule);
    const heartbeat = setInterval(send, SSE_HEARTBEAT_MS);
    send();
    req.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
    });
  });

  app.use((req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.path}` });
  });
  return app;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(app: express.Express, host: string, port: number): Promise<RunningServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s)).once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
