// The process side of a stage-1 worker (bin/stage1-worker.js): its IPC channel to the primary,
// and its signals. SIGINT and SIGTERM are left to the primary, which tells each worker to stop
// (a Ctrl-C reaches the whole process group; a worker that stopped on its own would look like a
// crash). A worker whose primary is gone stops by itself (stage1-child.ts).
import { currentHost, runStage1Child } from '../src/index';

type Message = Parameters<Parameters<typeof runStage1Child>[0]['channel']['send']>[0];

export async function runWorkerProcess(): Promise<number> {
  const send = process.send?.bind(process);
  if (!send) {
    process.stderr.write('purchase-trends: bin/stage1-worker.js is started by "purchase-trends stream --workers N", not by hand\n');
    return 2;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);
  return runStage1Child({
    host: currentHost(),
    channel: {
      send: (message: Message) => new Promise<void>((resolve) => {
        if (!process.connected) return resolve();
        send(message, undefined, {}, () => resolve());
      }),
      onMessage: (listener) => void process.on('message', listener as (message: unknown) => void),
      onDisconnect: (listener) => void process.once('disconnect', listener),
    },
  });
}
