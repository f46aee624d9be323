// Runs one benchmark module and records its figures. Benchmarks print and write numbers;
// they are not tests and have no pass/fail thresholds of their own.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../src/index';

export interface BenchmarkResult {
  /** The figures, as they will be written to JSON. */
  figures: Record<string, unknown>;
  /** Lines to print for a person. */
  lines: string[];
  /** A benchmark with targets (chaos) missed one: the figures are written, and the exit code is 1. */
  failed?: boolean;
}

export type Benchmark = (args: string[]) => Promise<BenchmarkResult>;

/**
 * `module`: bench/<name>.ts, loaded by bin/bench.js (the soak as a bundle, the others through tsx).
 * Not imported here: esbuild would bundle every file a template import could name with the soak.
 */
export async function runBenchmark(name: string, args: string[], module: { run: Benchmark }): Promise<number> {
  const startedAt = new Date();
  try {
    const result = await module.run(args);
    result.lines.forEach((line) => process.stdout.write(`${line}\n`));
    const dir = join('reports', 'bench');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${name}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const record = { benchmark: name, startedAt: startedAt.toISOString(), args, machine: machine(), ...result.figures };
    await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
    process.stdout.write(`written to ${file}\n`);
    return result.failed ? 1 : 0;
  } catch (error) {
    process.stderr.write(`bench ${name}: ${describeError(error)}\n`);
    return 1;
  }
}

function machine(): Record<string, unknown> {
  return { node: process.version, platform: process.platform, arch: process.arch };
}
