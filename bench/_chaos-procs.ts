// Child processes of the chaos suite: `purchase-trends` commands with their output in a log file
// and the last lines kept, as production runs them (see _chaos-slot.ts for the supervised workers).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/purchase-trends.js', import.meta.url));
const TAIL = 64_000;

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

export interface CliProcess {
  child: ChildProcess;
  exited: Promise<Exit>;
  /** The last 64 KB it printed. */
  tail(): string;
  /** Wall time of its latest output. */
  lastOutputAt(): number;
  /** Characters printed so far: a mark for since(). */
  written(): number;
  /** What it printed after a mark (within the last 64 KB). */
  since(mark: number): string;
  /** Resolves once it prints a line matching the pattern (false if it exits first or the time runs out). */
  printed(pattern: RegExp, timeoutMs: number): Promise<boolean>;
}

/** The environment of a child: as in production, even under vitest (kafkajs retries faster when NODE_ENV is "test"). */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  if (env.NODE_ENV === 'test') delete env.NODE_ENV;
  return env;
}

export function spawnCli(args: string[], logFile: string): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const file = createWriteStream(logFile, { flags: 'a' });
  let text = '';
  let lastOutputAt = Date.now();
  let written = 0;
  const listeners = new Set<() => void>();
  const take = (chunk: Buffer): void => {
    file.write(chunk);
    const str = chunk.toString();
    text = (text + str).slice(-TAIL);
    lastOutputAt = Date.now();
    written += str.length;
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => {
    listeners.forEach((l) => l());
    file.end(() => resolve({ code, signal }));
  }));
  return {
    child, exited, tail: () => text, lastOutputAt: () => lastOutputAt, written: () => written,
    since: (mark) => (written - mark >= text.length ? text : text.slice(text.length - (written - mark))),
    printed: (pattern, timeoutMs) => new Promise((resolve) => {
      const check = (): void => {
        if (!pattern.test(text) && child.exitCode === null && child.signalCode === null) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(pattern.test(text));
      };
      const timer = setTimeout(() => { listeners.delete(check); resolve(false); }, timeoutMs);
      listeners.add(check);
      check();
    }),
  };
}
