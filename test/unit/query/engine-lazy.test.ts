// DuckDB's native library is loaded by the first query engine, not by importing the package:
// a pipeline process that never queries does not carry it (~15-25 MB of RSS).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const INDEX = fileURLToPath(new URL('../../../src/index.ts', import.meta.url));

/** Runs `body` in a fresh node with the package imported as `lib`; prints whether DuckDB's library is mapped after each step. */
function loadedAfter(body: string): boolean[] {
  const script = `
    const duckdb = () => process.report.getReport().sharedObjects.some((s) => /duckdb/i.test(s));
    const seen = [];
    const lib = await import(${JSON.stringify(INDEX)});
    seen.push(duckdb());
    ${body}
    seen.push(duckdb());
    console.log(JSON.stringify(seen));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as boolean[];
}

describe('DuckDB loaded lazily', () => {
  it('is not loaded by importing src/index.ts, and is by creating a query engine', async () => {
    const dir = fileURLToPath(new URL('../../output/', import.meta.url));
    const seen = loadedAfter(`const engine = await lib.createQueryEngine({ store: lib.createFsStore({ root: ${JSON.stringify(dir)} }) }); await engine.close();`);
    expect(seen).toEqual([false, true]);
  }, 90_000);
});
