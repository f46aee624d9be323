// The soak runs under the run job's memory settings: the flags and malloc variables it adds
// are the ones `npm start` sets, and it keeps whatever whoever started node chose.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingMallocEnv, missingNodeFlags, RUN_MALLOC_ENV, RUN_NODE_FLAGS } from '../../../bench/_run-heap';

const startScript = (): string[] => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  return pkg.scripts.start!.split(/\s+/);
};

describe('the run job memory settings', () => {
  it('are those of npm start: the node flags after node, the malloc variables before it', () => {
    const words = startScript();
    const node = words.indexOf('node');
    expect(node).toBeGreaterThan(0);
    for (const flag of RUN_NODE_FLAGS) expect(words.indexOf(flag)).toBeGreaterThan(node);
    for (const [name, value] of Object.entries(RUN_MALLOC_ENV)) expect(words.slice(0, node)).toContain(`${name}=${value}`);
    expect(RUN_NODE_FLAGS).toEqual(['--max-old-space-size=512', '--max-semi-space-size=4']);
    expect(RUN_MALLOC_ENV.MALLOC_ARENA_MAX).toBe('2');
  });

  it('adds only the node flags not given on the command line or in NODE_OPTIONS', () => {
    expect(missingNodeFlags([], undefined)).toEqual([...RUN_NODE_FLAGS]);
    expect(missingNodeFlags(['--max-old-space-size=300'], undefined)).toEqual(['--max-semi-space-size=4']);
    expect(missingNodeFlags([], '--trace-gc --max_semi_space_size=8 --max-old-space-size=2048')).toEqual([]);
    expect(missingNodeFlags(['--trace-gc'], '')).toEqual([...RUN_NODE_FLAGS]);
  });

  it('adds only the malloc variables not set, keeping a value already chosen', () => {
    expect(missingMallocEnv({})).toEqual(RUN_MALLOC_ENV);
    expect(missingMallocEnv({ ...RUN_MALLOC_ENV })).toEqual({});
    const rest = missingMallocEnv({ MALLOC_ARENA_MAX: '4' });
    expect(rest.MALLOC_ARENA_MAX).toBeUndefined();
    expect(Object.keys(rest).sort()).toEqual(['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_']);
  });
});
