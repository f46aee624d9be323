// Runs one benchmark module and records its figures. Benchmarks print and write numbers;
// they are not tests and have no pass/fail thresholds of their own.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
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
export async function runBenchmark(name: string, args: string[], module: { run: Benchmark }, dir = join('reports', 'bench')): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = loadavg()[0]!;
  // Read before the run: a soak runs for an hour, and commits made meanwhile are not what ran.
  const ranOn = source();
  try {
    const result = await module.run(args);
    result.lines.forEach((line) => process.stdout.write(`${line}\n`));
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${name}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const record = { benchmark: name, startedAt: startedAt.toISOString(), args, ...ranOn, machine: machine(loadAtStart), ...result.figures };
    await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
    process.stdout.write(`written to ${file}\n`);
    return result.failed ? 1 : 0;
  } catch (error) {
    process.stderr.write(`bench ${name}: ${describeError(error)}\n`);
    return 1;
  }
}

/**
 * The commit the figures belong to, and whether tracked files differed from it: two runs of the
 * same command months apart are comparable only when this says what code ran. Null outside git.
 */
function source(): { commit: string | null; uncommittedChanges: boolean | null } {
  const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), uncommittedChanges: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return { commit: null, uncommittedChanges: null };
  }
}

/** The 1-minute load average at the start and the end: a busy shared machine explains slow figures. */
function machine(loadAtStart: number): Record<string, unknown> {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    node: process.version, platform: process.platform, arch: process.arch, cores: cpus().length,
    loadAverage1m: { start: round(loadAtStart), end: round(loadavg()[0]!) },
  };
}
