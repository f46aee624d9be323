// The chaos suite's own Kafka broker and HDFS (NameNode + DataNode): scripts/services.sh with a
// private run folder and ports, so that killing them leaves the shared services (9092, 9870)
// that other tests use untouched. The jars are the cached ones.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkbenchError } from '../src/index';

const SERVICES = fileURLToPath(new URL('../scripts/services.sh', import.meta.url));

/** The stack's ports, as offsets from a base: base 19000 gives Kafka 19092, WebHDFS 19070. */
const OFFSETS = {
  SERVICES_KAFKA_PORT: 92, SERVICES_KAFKA_CONTROLLER_PORT: 93, SERVICES_NAMENODE_RPC_PORT: 20, SERVICES_NAMENODE_HTTP_PORT: 70,
  SERVICES_DATANODE_PORT: 66, SERVICES_DATANODE_HTTP_PORT: 64, SERVICES_DATANODE_IPC_PORT: 67,
} as const;

export interface ChaosStack {
  brokers: string;
  namenode: string;
  /** services.sh up for one service (restarts what is not running); resolves when it is healthy. */
  up(what: 'kafka' | 'hdfs' | 'all'): Promise<void>;
  /** SIGKILLs the broker or the NameNode; returns its pid. */
  kill(what: 'kafka' | 'namenode'): Promise<number>;
  /** services.sh down: SIGTERM, then SIGKILL. Safe when nothing runs. */
  down(): Promise<void>;
}

/** Fails naming every port of the stack that something already listens on. */
async function checkFree(ports: Record<string, number>): Promise<void> {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) taken.push(`127.0.0.1:${port} (${name})`);
  }
  if (taken.length > 0) {
    throw new WorkbenchError('BAD_FLAG', `the chaos stack needs ports that are in use: ${taken.join(', ')}. ` +
      'Another chaos run may be going on; wait for it, or pick other ports with --port-base <n> (the stack uses n+20 … n+93)');
  }
}

export async function createChaosStack(runDir: string, portBase: number, log: (line: string) => void): Promise<ChaosStack> {
  const ports = Object.fromEntries(Object.entries(OFFSETS).map(([name, offset]) => [name, portBase + offset])) as Record<keyof typeof OFFSETS, number>;
  await checkFree(ports);
  const env = { ...process.env, PURCHASE_TRENDS_RUN_DIR: runDir, SERVICES_STOP_TIMEOUT: '10', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  const services = (...args: string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      execFile('bash', [SERVICES, ...args], { env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
        for (const line of `${stdout}${stderr}`.split('\n')) if (line.trim()) log(line);
        if (error) reject(new WorkbenchError('UNREACHABLE', `scripts/services.sh ${args.join(' ')} failed for the chaos stack in ${runDir}: ${stderr.trim().split('\n').pop() ?? error.message}`, { where: runDir }));
        else resolve();
      });
    });
  const pidFiles = { kafka: join(runDir, 'kafka', 'kafka.pid'), namenode: join(runDir, 'hdfs', 'namenode.pid') };
  return {
    brokers: `127.0.0.1:${ports.SERVICES_KAFKA_PORT}`,
    namenode: `http://127.0.0.1:${ports.SERVICES_NAMENODE_HTTP_PORT}`,
    up: (what) => services('up', what),
    async kill(what) {
      const pid = Number((await readFile(pidFiles[what], 'utf8')).trim());
      process.kill(pid, 'SIGKILL');
      // Gone when kill -0 fails; the pid file is left behind, as after a real crash.
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return pid;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${what} (pid ${pid}) of the chaos stack is still alive 5 s after SIGKILL`);
    },
    down: () => services('down'),
  };
}
