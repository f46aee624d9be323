// A benchmark's JSON says what ran and where: the commit, whether the tree differed from it, the
// cores and the load average, next to the benchmark's own figures. A failed benchmark writes none.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runBenchmark } from '../../../bench/_runner';
import { tempDir } from '../../helpers/tmp';

const head = (): string | null => {
  try {
    return execFileSync('git', ['log', '-1', '--format=%H'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};

describe('runBenchmark', () => {
  it('writes the figures with the commit, the cores and the load average', async () => {
    const dir = await tempDir('bench-runner');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await runBenchmark('sample', ['7'], { run: async (args) => ({ figures: { linesPerSecond: 1234, asked: args[0] }, lines: ['1234 lines/s'] }) }, dir);
    out.mockRestore();
    expect(code).toBe(0);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^sample-\d{4}-\d{2}-\d{2}T[\d-]+Z\.json$/);
    const record = JSON.parse(await readFile(join(dir, files[0]!), 'utf8'));
    expect(record).toMatchObject({ benchmark: 'sample', args: ['7'], linesPerSecond: 1234, asked: '7', commit: head() });
    if (record.commit !== null) {
      expect(record.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(typeof record.uncommittedChanges).toBe('boolean');
    }
    expect(record.machine.cores).toBeGreaterThanOrEqual(1);
    expect(record.machine.loadAverage1m.start).toBeGreaterThanOrEqual(0);
    expect(record.machine.loadAverage1m.end).toBeGreaterThanOrEqual(0);
  });

  it('returns 1 for a benchmark that throws or misses its targets; only the missed one is written', async () => {
    const dir = await tempDir('bench-runner-failed');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await runBenchmark('broken', [], { run: async () => Promise.reject(new Error('no broker at 127.0.0.1:9092')) }, dir)).toBe(1);
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/bench broken: .*no broker at 127\.0\.0\.1:9092/);
    expect(await readdir(dir).catch(() => [])).toEqual([]);
    expect(await runBenchmark('missed', [], { run: async () => ({ figures: { lost: 3 }, lines: [], failed: true }) }, dir)).toBe(1);
    err.mockRestore();
    out.mockRestore();
    expect((await readdir(dir)).filter((f) => f.startsWith('missed-'))).toHaveLength(1);
  });
});
