// A supervised worker slot of the chaos suite, as a service manager runs one: SIGKILLed on
// purpose and restarted at once; restarted after a short backoff when its process exits on its
// own; SIGKILLed and restarted when it prints an error and then neither exits nor says more.
import { spawnCli, type CliProcess, type Exit } from './_chaos-procs';

/** The CLI's error-level log line; after a fatal one the process must end. */
const ERROR_LINE = /^\S+ error +purchase-trends: /;

/** Still alive this long after an error line as its last output: it hung instead of exiting. */
export const isHungAfterError = (p: CliProcess, boundMs: number): boolean => {
  const last = p.tail().trimEnd().split('\n').pop() ?? '';
  return ERROR_LINE.test(last) && Date.now() - p.lastOutputAt() > boundMs && p.child.exitCode === null && p.child.signalCode === null;
};

export interface UnplannedExit { slot: string; start: number; code: number | null; signal: string | null; atMs: number; tail: string }

export interface WorkerSlot {
  readonly name: string;
  readonly starts: number;
  current(): CliProcess | undefined;
  /** SIGKILL, wait for the exit, start again at once. False when nothing was running. */
  kill(): Promise<boolean>;
  /** No more restarts; SIGTERM, and SIGKILL after boundMs. Resolves true when it exited within the bound. */
  stop(boundMs: number): Promise<boolean>;
}

export interface WorkerSlotOptions {
  name: string;
  args: string[];
  logFile(start: number): string;
  /** It exited on its own; it is started again after a backoff. */
  onUnplanned(exit: UnplannedExit): void;
  /** It printed an error and stayed alive past hangBoundMs; it is SIGKILLed and started again. */
  onHung(exit: UnplannedExit): void;
  hangBoundMs: number;
  t0: number;
}

export function createWorkerSlot(options: WorkerSlotOptions): WorkerSlot {
  const { name, args, logFile, onUnplanned, onHung, hangBoundMs, t0 } = options;
  let proc: CliProcess | undefined;
  let starts = 0;
  let planned = false;
  let stopping = false;
  let backoffMs = 1_000;
  let pending: NodeJS.Timeout | undefined;
  const describe = (p: CliProcess, start: number, exit: Exit): UnplannedExit =>
    ({ slot: name, start, code: exit.code, signal: exit.signal, atMs: Date.now() - t0, tail: p.tail() });

  const launch = (): void => {
    pending = undefined;
    if (stopping) return;
    starts++;
    const start = starts;
    const startedAt = Date.now();
    const p = spawnCli(args, logFile(start));
    proc = p;
    const watchdog = setInterval(() => {
      if (stopping || planned || !isHungAfterError(p, hangBoundMs)) return;
      onHung(describe(p, start, { code: null, signal: null }));
      planned = true;
      p.child.kill('SIGKILL');
    }, 1_000);
    void p.exited.then((exit) => {
      clearInterval(watchdog);
      if (proc === p) proc = undefined;
      if (stopping) return;
      if (planned) {
        planned = false;
        launch();
        return;
      }
      onUnplanned(describe(p, start, exit));
      // A process that ran a while had a transient failure; one that dies at once may be waiting on a service.
      backoffMs = Date.now() - startedAt > 30_000 ? 1_000 : Math.min(backoffMs * 2, 8_000);
      pending = setTimeout(launch, backoffMs);
    });
  };
  launch();

  return {
    name,
    get starts() {
      return starts;
    },
    current: () => proc,
    async kill() {
      const p = proc;
      if (!p || stopping) return false;
      planned = true;
      p.child.kill('SIGKILL');
      await p.exited;
      return true;
    },
    async stop(boundMs) {
      stopping = true;
      clearTimeout(pending);
      const p = proc;
      if (!p) return true;
      p.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([p.exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), boundMs)))]);
      clearTimeout(timer);
      if (!inTime) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
      return inTime;
    },
  };
}
