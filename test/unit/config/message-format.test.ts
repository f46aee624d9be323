// --message-format: how producers write checkouts. Avro on the in-process log unless told (only
// this process reads it), JSON on Kafka unless told (other tools may read the topic); a value
// that is neither is refused with the choices.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../app/args';
import { planRun, type Config } from '../../../src/index';

const HOST = { pid: 1, now: 0, interactive: false, cores: 2 };
const configOf = (command: 'run' | 'produce', argv: string[]): Config => {
  const parsed = parseCommandLine(command, argv, {});
  if (parsed.help) throw new Error('unexpected help');
  return parsed.config;
};

describe('--message-format', () => {
  it('defaults to Avro in-process and JSON on Kafka, and follows the flag either way', () => {
    expect(planRun(configOf('run', []), HOST).messageFormat).toBe('avro');
    expect(planRun(configOf('run', ['--transport', 'kafka']), HOST).messageFormat).toBe('json');
    expect(planRun(configOf('produce', ['--transport', 'kafka', '--message-format', 'avro']), HOST).messageFormat).toBe('avro');
    expect(planRun(configOf('run', ['--message-format', 'json']), HOST).messageFormat).toBe('json');
  });

  it('refuses any other value, naming the flag and the choices', () => {
    expect(() => configOf('produce', ['--message-format', 'protobuf'])).toThrow(/--message-format.*expected one of json, avro, got "protobuf"/);
  });
});
