import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../app/args';
import { DEFAULT_ALERT_SETTINGS, rulesFor, type Config } from '../../../src/index';
import { parseChange, parseDepartmentOverride } from '../../../src/config/alert-spec';

const config = (args: string[]): Config => {
  const parsed = parseCommandLine('run', args, {});
  if (parsed.help) throw new Error('unexpected help');
  return parsed.config;
};

describe('alert flags', () => {
  it('land in the Config, with per-department overrides merged', () => {
    const c = config(['--alert-sensitivity', 'high', '--alert-min-support', '2.5', '--alert-min-change', '50%', '--alert-cooldown', '5m',
      '--alert-warmup', '10m', '--alert-webhook', 'http://127.0.0.1:8080/hook', '--alert-topic', 'shop-alerts',
      '--alert-department', '4:sensitivity=20,min-change=0.6', '--alert-department', '4:cooldown=1h', '--alert-department', '21:mute']);
    expect(c.alerts).toMatchObject({
      enabled: true, threshold: 16, minSupport: 2.5, minChange: 0.5, cooldownMs: 300_000, warmupMs: 600_000,
      webhook: 'http://127.0.0.1:8080/hook', topic: 'shop-alerts',
      departments: { 4: { threshold: 20, minChange: 0.6, cooldownMs: 3_600_000 }, 21: { muted: true } },
    });
    expect(rulesFor(c.alerts, 4)).toEqual({ threshold: 20, minSupport: 2.5, minChange: 0.6, cooldownMs: 3_600_000, muted: false });
    expect(rulesFor(c.alerts, 7)).toEqual({ threshold: 16, minSupport: 2.5, minChange: 0.5, cooldownMs: 300_000, muted: false });
    expect(config([]).alerts).toMatchObject({ ...DEFAULT_ALERT_SETTINGS, topic: 'purchase-alerts', webhook: undefined });
    expect(config(['--alerts', 'off']).alerts).toMatchObject({ enabled: false, simpleRule: false });
    expect(config(['--alerts', 'simple']).alerts).toMatchObject({ enabled: false, simpleRule: true });
    expect(config(['--alerts', 'on']).alerts).toMatchObject({ enabled: true, simpleRule: false });
    expect(() => config(['--alerts', 'maybe'])).toThrow(/--alerts/);
  });

  it('name the flag and what is wrong', () => {
    expect(() => config(['--alert-sensitivity', 'paranoid'])).toThrow('--alert-sensitivity: expected low, normal, high or a positive number');
    expect(() => config(['--alert-min-change', '150%'])).toThrow('--alert-min-change: expected a change between 0 and 100%');
    expect(() => config(['--alert-webhook', 'ftp://x'])).toThrow('--alert-webhook: expected an http(s) URL, got "ftp://x"');
    expect(() => config(['--alert-department', 'produce:mute'])).toThrow('"produce" is not a department id');
    expect(() => config(['--alert-department', '4:loudness=3'])).toThrow('--alert-department: department 4: unknown key "loudness"');
    expect(() => config(['--alert-department', '4'])).toThrow('department 4: nothing to override');
  });

  it('read changes as percentages or fractions', () => {
    expect(parseChange('30%')).toBe(0.3);
    expect(parseChange('0.3')).toBe(0.3);
    expect(parseChange('30')).toBe(0.3);
    expect(typeof parseChange('0')).toBe('string');
    expect(parseDepartmentOverride('3:min-support=8,mute')).toEqual({ departmentId: 3, override: { minSupport: 8, muted: true } });
  });
});
