#!/usr/bin/env node
// npm run bench -- <name> [options]: runs bench/<name>.ts, prints its figures and writes them
// as JSON under reports/bench/.
import { readdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const names = readdirSync(new URL('../bench/', import.meta.url)).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${names.join('|')}> [options]\n`);
  process.exit(2);
}
const { runBenchmark } = await import('../bench/_runner.ts');
process.exitCode = await runBenchmark(name, args);
