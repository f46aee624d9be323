// The in-process pipeline benchmark: what it counts is what the source made, --profile says where
// the stream's time went, and a wrong argument is refused with the usage.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { run } from '../../../bench/pipeline';
import { createSyntheticSource } from '../../../src/index';

describe('bench pipeline', () => {
  it('streams every line the source made, and with --profile names the areas and functions that took the time', async () => {
    const { figures, lines } = await run(['2000', '--profile']);
    const made = [...createSyntheticSource({ seed: 1, startTime: Date.UTC(2026, 10, 24), ordersPerSecond: 500, maxOrders: 2000, seasonality: false }).generate()];
    const madeLines = made.reduce((n, e) => n + e.lines.length, 0);
    expect(figures).toMatchObject({ orders: 2000, lines: madeLines, linesInWindows: madeLines, profiled: true });
    expect(figures.streamLinesPerSecond).toBeGreaterThan(0);
    expect(figures.streamCpuSecondsPerMillionLines).toBeGreaterThan(0);
    expect(lines.some((l) => / CPU s per million lines/.test(l))).toBe(true);
    const profile = figures.profile as { areas: Array<{ area: string; share: number }>; top: Array<{ fn: string }> };
    const shares = profile.areas.reduce((n, a) => n + a.share, 0);
    expect(shares).toBeGreaterThan(99);
    expect(shares).toBeLessThan(101);
    expect(profile.top.some((f) => f.fn.includes('src/domain/'))).toBe(true);
    expect(lines.some((l) => l.includes('top functions by self time'))).toBe(true);
    const file = figures.profileFile as string;
    expect(existsSync(file)).toBe(true);
    await rm(file);
  }, 60_000);

  it('streams Avro messages as it streams JSON, every line counted, and says which', async () => {
    const json = await run(['1000']);
    const binary = await run(['1000', '--message-format', 'avro']);
    expect(binary.figures).toMatchObject({ messageFormat: 'avro', lines: json.figures.lines, linesInWindows: json.figures.lines });
    expect(binary.figures.bytesPerOrder as number).toBeLessThan((json.figures.bytesPerOrder as number) * 0.4);
    expect(binary.lines[0]).toMatch(/avro messages of \d+ bytes an order/);
  }, 60_000);

  it('refuses a count that is not a whole number and an option it does not know, with the usage', async () => {
    await expect(run(['12x'])).rejects.toThrow('orders wants a whole number above 0, got "12x" (usage: pipeline [orders] [--profile] [--message-format json|avro])');
    await expect(run(['--message-format', 'xml'])).rejects.toThrow('--message-format wants one of json, avro, got "xml"');
    await expect(run(['--fast'])).rejects.toThrow('unknown option --fast');
    await expect(run(['10', '20'])).rejects.toThrow('one number of orders at most');
  });
});
