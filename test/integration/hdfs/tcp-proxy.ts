// A TCP relay in front of a real service, which a test can cut and restore to simulate an outage.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll } from 'vitest';

export interface TcpProxy {
  port: number;
  /** Refuses new connections and drops the open ones, like a NameNode that went away. */
  cut(): Promise<void>;
  restore(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () => new Promise<void>((resolve, reject) => {
    server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      port = (server!.address() as { port: number }).port;
      resolve();
    });
  });
  const cut = async () => {
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    sockets.forEach((s) => s.destroy());
    await closed;
    server = undefined;
  };
  await listen();
  afterAll(cut);
  return { get port() { return port; }, cut, restore: listen };
}
