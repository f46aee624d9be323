import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCron, parseFormats, parseTimeSpec } from '../../../src/report/index';
import { DEFAULT_REPORT_SETTINGS, describePeriodBasis, resolvePeriod, scheduledBaseName } from '../../../src/index';
import { pruneScheduledReports } from '../../../src/report/schedule';
import { parseCommandLine } from '../../../app/args';
import { tempDir } from '../../helpers/tmp';

const NOW = Date.UTC(2026, 10, 24, 12, 30, 0);

describe('report settings', () => {
  it('reads times in UTC, as instants, now, or a span before the end', () => {
    expect(parseTimeSpec('2026-11-24', true)).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 24) });
    expect(parseTimeSpec('2026-11-24T06:00', true)).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 24, 6) });
    expect(parseTimeSpec('2026-11-24 06:00:30', true)).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 24, 6, 0, 30) });
    expect(parseTimeSpec('2026-11-24T08:00+02:00', true)).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 24, 6) });
    expect(parseTimeSpec('now', false)).toEqual({ kind: 'now' });
    expect(parseTimeSpec('90m', true)).toEqual({ kind: 'before-end', ms: 90 * 60_000 });
    expect(parseTimeSpec('90m', false)).toMatch(/a duration only fits --from/);
    expect(parseTimeSpec('yesterday', true)).toMatch(/expected an ISO date or time in UTC .* got "yesterday"/);
  });

  it('resolves the period when a report runs', () => {
    expect(resolvePeriod({ from: { kind: 'before-end', ms: 3_600_000 }, to: { kind: 'now' } }, NOW)).toEqual({ from: NOW - 3_600_000, to: NOW });
    const fixedEnd = { kind: 'at', ms: Date.UTC(2026, 10, 24) } as const;
    expect(resolvePeriod({ from: { kind: 'before-end', ms: 86_400_000 }, to: fixedEnd }, NOW)).toEqual({ from: Date.UTC(2026, 10, 23), to: Date.UTC(2026, 10, 24) });
  });

  it('ends the default period at the newest stored event time, or now when the store has none, and says so', () => {
    const newest = Date.UTC(2026, 0, 5, 17, 30);
    expect(DEFAULT_REPORT_SETTINGS.to).toEqual({ kind: 'newest' });
    expect(resolvePeriod(DEFAULT_REPORT_SETTINGS, NOW, newest)).toEqual({ from: newest - 86_400_000, to: newest });
    expect(resolvePeriod(DEFAULT_REPORT_SETTINGS, NOW, null)).toEqual({ from: NOW - 86_400_000, to: NOW });
    expect(describePeriodBasis(DEFAULT_REPORT_SETTINGS, newest)).toBe('the newest 24 h of event time in the store');
    expect(describePeriodBasis({ ...DEFAULT_REPORT_SETTINGS, from: { kind: 'before-end', ms: 90 * 60_000 } }, null))
      .toBe('the newest 90 min of event time in the store: the store has none, so the period ends now');
    expect(describePeriodBasis({ from: { kind: 'before-end', ms: 3_600_000 }, to: { kind: 'now' } }, newest)).toBe('the period asked for (--from, --to)');
  });

  it('takes a list of formats', () => {
    expect(parseFormats('pdf,xlsx')).toEqual(['pdf', 'xlsx']);
    expect(parseFormats(' XLSX ')).toEqual(['xlsx']);
    expect(parseFormats('pdf,csv')).toMatch(/expected a list of pdf, xlsx .* got "pdf,csv"/);
  });

  it('checks cron expressions with croner, seconds included', () => {
    expect(checkCron('0 * * * *')).toBeUndefined();
    expect(checkCron('*/2 * * * * *')).toBeUndefined();
    expect(checkCron('61 * * * *')).toMatch(/cron expression "61 \* \* \* \*" is not valid/);
    expect(checkCron('every hour')).toMatch(/not valid/);
  });

  it('lands in the Config through the report and schedule flags, naming a bad one', () => {
    const parsed = parseCommandLine('schedule', ['--cron', '*/2 * * * * *', '--keep', '3', '--format', 'xlsx', '--from', '2h', '--department', 'produce', '--data-dir', '/tmp/x'], {});
    if (parsed.help) throw new Error('unexpected help');
    expect(parsed.config.report).toMatchObject({ cron: '*/2 * * * * *', keep: 3, formats: ['xlsx'], from: { kind: 'before-end', ms: 7_200_000 }, department: 'produce' });
    expect(parsed.config.store.dataDir).toBe('/tmp/x');
    expect(() => parseCommandLine('schedule', ['--cron', 'nope'], {})).toThrow(/--cron: cron expression "nope" is not valid/);
    expect(() => parseCommandLine('report', ['--keep', '3'], {})).toThrow(/Unknown option '--keep'/);
    expect(() => parseCommandLine('report', ['--to', '1h'], {})).toThrow(/--to: a duration only fits --from/);
  });
});

describe('scheduled report retention', () => {
  it('keeps the newest runs, all formats of a run together, and touches no other file', async () => {
    const dir = join(await tempDir('prune'), 'scheduled');
    await mkdir(dir);
    const runs = [0, 2, 4, 6].map((s) => scheduledBaseName(NOW + s * 1000));
    for (const run of runs) for (const ext of ['pdf', 'xlsx']) await writeFile(join(dir, `${run}.${ext}`), 'x');
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const removed = await pruneScheduledReports(dir, 2);
    expect(removed).toHaveLength(4);
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', `${runs[2]}.pdf`, `${runs[2]}.xlsx`, `${runs[3]}.pdf`, `${runs[3]}.xlsx`]);
    expect(runs[0]).toBe('purchase-trends-20261124T123000Z');
  });
});
