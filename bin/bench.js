#!/usr/bin/env node
// npm run bench -- <name> [options]: runs bench/<name>.ts, prints its figures and writes them
// as JSON under reports/bench/.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importBundled } from './_bundle.js';

const names = readdirSync(new URL('../bench/', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${names.join('|')}> [options]\n`);
  process.exit(2);
}
if (name === 'soak') {
  // The soak measures the run job's memory: bundled as the CLI runs (no tsx loader), under the
  // run job's node flags and malloc settings (npm start); malloc reads its variables only when
  // the process starts. Signals are passed on, so that stopping this process stops the soak too.
  const soak = await importBundled('bench/_soak-main.ts', 'bench-soak');
  const flags = soak.missingNodeFlags(process.execArgv, process.env.NODE_OPTIONS);
  const mallocEnv = soak.missingMallocEnv(process.env);
  if (flags.length > 0 || Object.keys(mallocEnv).length > 0) {
    const child = spawn(process.execPath, [...flags, ...process.execArgv, fileURLToPath(import.meta.url), name, ...args], {
      stdio: 'inherit', env: { ...process.env, ...mallocEnv },
    });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    const [code, signal] = await new Promise((resolve) => child.on('exit', (...outcome) => resolve(outcome)));
    process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
  }
  process.exitCode = await soak.runBenchmark(name, args, soak);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { runBenchmark } = await import('../bench/_runner.ts');
  process.exitCode = await runBenchmark(name, args, await import(`../bench/${name}.ts`));
}
