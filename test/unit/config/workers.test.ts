// --workers: how many stage-1 processes `stream` and `run` start. One per core on Kafka unless
// told; always 1 on the in-process transport, whose log lives in one process.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../app/args';
import { planRun, type Config } from '../../../src/index';

const HOST = { pid: 1, now: 0, interactive: false, cores: 6 };
const configOf = (argv: string[], env: Record<string, string> = {}): Config => {
  const parsed = parseCommandLine('stream', argv, env);
  if (parsed.help) throw new Error('unexpected help');
  return parsed.config;
};

describe('--workers', () => {
  it('defaults to the number of cores on Kafka, and to 1 in-process', () => {
    expect(planRun(configOf(['--transport', 'kafka']), HOST).stage1Workers).toBe(6);
    expect(planRun(configOf([], { KAFKA_BOOTSTRAP_SERVERS: 'k1:9092' }), { ...HOST, cores: 2 }).stage1Workers).toBe(2);
    expect(planRun(configOf([]), HOST).stage1Workers).toBe(1);
    // A host that does not say how many cores it has: one.
    expect(planRun(configOf(['--transport', 'kafka']), { pid: 1, now: 0, interactive: false }).stage1Workers).toBe(1);
  });

  it('takes a positive whole number on Kafka, for stream and run', () => {
    expect(planRun(configOf(['--transport', 'kafka', '--workers', '3']), HOST).stage1Workers).toBe(3);
    expect(planRun(configOf(['--transport', 'kafka', '--workers', '1']), HOST).stage1Workers).toBe(1);
    const run = parseCommandLine('run', ['--transport', 'kafka', '--workers', '2'], {});
    expect(!run.help && planRun(run.config, HOST).stage1Workers).toBe(2);
    expect(() => configOf(['--transport', 'kafka', '--workers', '0'])).toThrow('--workers: expected a positive whole number, got "0"');
    expect(() => configOf(['--transport', 'kafka', '--workers', '1.5'])).toThrow('--workers: expected a positive whole number, got "1.5"');
  });

  it('refuses more than one worker on the in-process transport, saying why and what to do', () => {
    expect(() => configOf(['--workers', '2'])).toThrow(/--workers 2 needs --transport kafka: the in-process log lives in this one process.*KAFKA_BOOTSTRAP_SERVERS/);
    expect(planRun(configOf(['--workers', '1']), HOST).stage1Workers).toBe(1);
  });

  it('is not a flag of the commands that run no stage 1', () => {
    expect(() => parseCommandLine('serve', ['--workers', '2'], {})).toThrow(/Unknown option '--workers'/);
    expect(() => parseCommandLine('produce', ['--transport', 'kafka', '--workers', '2'], {})).toThrow(/Unknown option '--workers'/);
  });
});
