import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../app/args';

const everyOf = (command: 'run' | 'stream', argv: string[]) => {
  const parsed = parseCommandLine(command, argv, {});
  if (parsed.help) throw new Error('help');
  return parsed.config.compaction.everyMs;
};

describe('--compact-every: compaction while running', () => {
  it('is on by default, every 10 minutes, for run and stream; off turns it off', () => {
    expect(everyOf('run', [])).toBe(600_000);
    expect(everyOf('stream', [])).toBe(600_000);
    expect(everyOf('stream', ['--compact-every', '2m'])).toBe(120_000);
    expect(everyOf('run', ['--compact-every', 'off'])).toBeUndefined();
  });

  it('refuses what is neither a duration nor off, naming the flag', () => {
    expect(() => everyOf('run', ['--compact-every', 'never'])).toThrow(/--compact-every: expected a duration like 10m, or off, got "never"/);
  });
});
