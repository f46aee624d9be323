import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../app/args';
import { WorkbenchError } from '../../../src/core/errors';

const parse = (argv: string[]) => {
  const parsed = parseCommandLine('run', ['--mode', 'instacart', '--data-path', 'somewhere', ...argv], {});
  if (parsed.help) throw new Error('expected a config');
  return parsed.config.source;
};
const problem = (argv: string[]): string => {
  try {
    parse(argv);
  } catch (error) {
    if (error instanceof WorkbenchError) return error.message;
  }
  throw new Error('expected a BAD_FLAG error');
};

describe('replay settings', () => {
  it('default to every order-lines file, UTC, and a replay that ends now', () => {
    expect(parse([])).toMatchObject({ evalSet: 'all', timeZone: 'UTC', start: undefined, end: undefined });
  });

  it('take an eval set, a time zone, and a start or an end', () => {
    expect(parse(['--eval-set', 'prior', '--timezone', 'America/Chicago', '--start', '2026-01-04'])).toMatchObject({
      evalSet: 'prior', timeZone: 'America/Chicago', start: { kind: 'at', ms: Date.UTC(2026, 0, 4) }, end: undefined,
    });
    expect(parse(['--end', '2026-11-24T06:00Z']).end).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 24, 6) });
    expect(parseCommandLine('run', ['--timezone', 'Europe/Paris'], { REPLAY_TIMEZONE: 'Asia/Tokyo' })).toMatchObject({ config: { source: { timeZone: 'Europe/Paris' } } });
  });

  it('name what is wrong', () => {
    expect(problem(['--eval-set', 'test'])).toBe('--eval-set: expected one of prior, train, all, got "test"');
    expect(problem(['--timezone', 'Mars/Olympus'])).toContain('--timezone: unknown time zone "Mars/Olympus"');
    expect(problem(['--start', 'yesterday'])).toContain('--start: expected an ISO date or time');
    expect(problem(['--start', '2026-01-04', '--end', '2026-02-01'])).toContain('--start and --end cannot be given together');
  });
});
