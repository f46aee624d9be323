// The soak runs under the run job's heap setting: the flag it adds is the one `npm start` passes,
// and it adds none when whoever started node chose a limit.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasHeapLimit, RUN_HEAP_FLAG } from '../../../bench/_run-heap';

describe('the run job heap setting', () => {
  it('is the flag of npm start, a limit of 1 GB', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start!.split(/\s+/)).toContain(RUN_HEAP_FLAG);
    expect(RUN_HEAP_FLAG).toBe('--max-old-space-size=1024');
  });

  it('sees a limit given on the command line or in NODE_OPTIONS, and only a heap limit', () => {
    expect(hasHeapLimit(['--max-old-space-size=300'], undefined)).toBe(true);
    expect(hasHeapLimit([], '--trace-gc --max-old-space-size=2048')).toBe(true);
    expect(hasHeapLimit(['--trace-gc'], '--max-semi-space-size=8')).toBe(false);
    expect(hasHeapLimit([], undefined)).toBe(false);
  });
});
