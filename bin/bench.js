#!/usr/bin/env node
// npm run bench -- <name> [options]: runs bench/<name>.ts, prints its figures and writes them
// as JSON under reports/bench/.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const names = readdirSync(new URL('../bench/', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${names.join('|')}> [options]\n`);
  process.exit(2);
}
const { missingMallocEnv, missingNodeFlags } = await import('../bench/_run-heap.ts');
const flags = missingNodeFlags(process.execArgv, process.env.NODE_OPTIONS);
const mallocEnv = missingMallocEnv(process.env);
if (name === 'soak' && (flags.length > 0 || Object.keys(mallocEnv).length > 0)) {
  // The soak measures the run job's memory: under the run job's node flags and malloc
  // settings (npm start); malloc reads its variables only when the process starts.
  // Signals are passed on, so that stopping this process stops the soak too.
  const child = spawn(process.execPath, [...flags, ...process.execArgv, fileURLToPath(import.meta.url), name, ...args], {
    stdio: 'inherit', env: { ...process.env, ...mallocEnv },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise((resolve) => child.on('exit', (...outcome) => resolve(outcome)));
  process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
}
const { runBenchmark } = await import('../bench/_runner.ts');
process.exitCode = await runBenchmark(name, args);
