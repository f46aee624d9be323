// Binding the HTTP port, apart from building the app: the CLI binds first, before the pipeline
// starts, so a port in use fails at once and no data is written. Until the app is attached,
// requests get 503 "starting".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkbenchError } from '../src/index';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface BoundServer extends RunningServer {
  /** Starts answering with this app (an Express app is a request handler). */
  serve(app: Handler & { closeDashboard?: () => void }): void;
}

const REASONS: Record<string, string> = {
  EADDRINUSE: 'is already in use by another process',
  EACCES: 'needs privileges this process lacks (ports below 1024 usually do)',
  EADDRNOTAVAIL: 'is not an address of this machine',
  ENOTFOUND: 'is not a known host name',
};

export async function bindServer(host: string, port: number): Promise<BoundServer> {
  let handler: Handler = (_req, res) => {
    res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end('{"error":"starting"}');
  };
  let closeApp: (() => void) | undefined;
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      const why = REASONS[error.code ?? ''] ?? `could not be bound (${error.code ?? error.message})`;
      reject(new WorkbenchError('BAD_CONFIG', `the dashboard address ${where} ${why}; choose another with --port (0 picks a free one) or --host`, { where }));
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    serve(app) {
      handler = app;
      closeApp = app.closeDashboard?.bind(app);
    },
    close: () => new Promise((resolve) => {
      closeApp?.();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Binds and serves at once (tests, benches). */
export async function startServer(app: Handler & { closeDashboard?: () => void }, host: string, port: number): Promise<RunningServer> {
  const bound = await bindServer(host, port);
  bound.serve(app);
  return bound;
}
