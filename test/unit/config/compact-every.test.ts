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

  it('merges in a worker thread by default; --compact-in process keeps it in the stream\'s thread', () => {
    const inThread = (argv: string[]) => {
      const parsed = parseCommandLine('run', argv, {});
      if (parsed.help) throw new Error('help');
      return parsed.config.compaction.inThread;
    };
    expect(inThread([])).toBe(true);
    expect(inThread(['--compact-in', 'process'])).toBe(false);
    expect(inThread(['--compact-in', 'thread'])).toBe(true);
    expect(() => inThread(['--compact-in', 'worker'])).toThrow(/--compact-in: expected thread or process, got "worker"/);
  });

  it('encodes raw files in the stream\'s thread by default; --encode-raw-in thread gives them a thread of their own', () => {
    const inThread = (argv: string[]) => {
      const parsed = parseCommandLine('stream', argv, {});
      if (parsed.help) throw new Error('help');
      return parsed.config.encodeRawInThread;
    };
    expect(inThread([])).toBe(false);
    expect(inThread(['--encode-raw-in', 'process'])).toBe(false);
    expect(inThread(['--encode-raw-in', 'thread'])).toBe(true);
    expect(() => inThread(['--encode-raw-in', 'pool'])).toThrow(/--encode-raw-in: expected thread or process, got "pool"/);
  });
});
