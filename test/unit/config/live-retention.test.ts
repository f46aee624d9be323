import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../app/args';
import { DEFAULT_CONFIG } from '../../../src/index';

const retentionOf = (argv: string[]) => {
  const parsed = parseCommandLine('run', argv, {});
  if (parsed.help) throw new Error('help');
  return parsed.config.stream.retentionMs;
};

describe('--live-retention: how far back "all" reaches', () => {
  it('is a day by default, and takes a longer duration', () => {
    expect(retentionOf([])).toBe(DEFAULT_CONFIG.stream.retentionMs);
    expect(retentionOf([])).toBe(86_400_000);
    expect(retentionOf(['--live-retention', '3d'])).toBe(3 * 86_400_000);
  });

  it('refuses less than a day (the 24 h range needs it), more than 31 days and a non-duration, naming the flag', () => {
    expect(() => retentionOf(['--live-retention', '2h'])).toThrow(/--live-retention: must be from 24h .* to 31d, got "2h"/);
    expect(() => retentionOf(['--live-retention', '40d'])).toThrow(/--live-retention: must be from 24h/);
    expect(() => retentionOf(['--live-retention', 'forever'])).toThrow(/--live-retention: expected a duration like 3d, got "forever"/);
  });
});
