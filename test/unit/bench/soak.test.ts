import { describe, expect, it } from 'vitest';
import { parseSoakOptions } from '../../../bench/_soak-options';
import { createPace } from '../../../bench/_soak-pace';
import { readFileSync, existsSync } from 'node:fs';
import { createSignalStop, partialFile, progressLine, removePartial, writePartial } from '../../../bench/_soak-progress';
import { tempDir } from '../../helpers/tmp';
import { bandTable, compactionSplit, curveFigures, rssBands, type SoakSample } from '../../../bench/_soak-samples';

const HOUR = 3_600_000;

describe('soak benchmark', () => {
  it('slows the stream so that its hours of event time fit the wall-clock budget', () => {
    // 24 h in 50 min at 1,000 orders/s of wall clock: 3M orders over 86,400 s is ~35 orders/s.
    const pace = createPace({ rate: 500, startWall: 0, budgetMs: 50 * 60_000, endTime: 24 * HOUR, warmupMs: 10_000 });
    pace.update(0, 0, 0);
    pace.update(5_000, 5_000, 10 * 60_000);
    expect(pace.factor).toBe(1); // still warming up
    pace.update(10_000, 10_000, 20 * 60_000);
    expect(pace.factor * 500).toBeCloseTo((1_000 * 0.85 * (50 * 60 - 10)) / (24 * 3600 - 1200), 1);
    const fast = createPace({ rate: 500, startWall: 0, budgetMs: 50 * 60_000, endTime: HOUR, warmupMs: 0 });
    fast.update(0, 0, 0);
    fast.update(1_000, 50_000, 0);
    expect(fast.factor).toBe(1); // the pipeline keeps up with the full rate
  });

  it('says whether memory levelled off: halves by event time and the slope of the second', () => {
    const sample = (eventHours: number, rssMb: number): SoakSample => ({ wallSeconds: 0, eventHours, orders: 0, rssMb, heapMb: 0, arrayBuffersMb: 0, logMb: 0, eventRate: 0 });
    const flat = curveFigures([sample(0, 150), sample(6, 380), sample(12, 390), sample(18, 385), sample(24, 390)]);
    expect(flat).toMatchObject({ rssMbStart: 150, rssMbMax: 390, rssMbEnd: 390, rssMbMaxFirstHalf: 380, rssMbMaxSecondHalf: 390 });
    expect(Math.abs(flat.rssMbPerEventHourSecondHalf)).toBeLessThan(0.5);
    expect(curveFigures([sample(0, 100), sample(12, 200), sample(24, 300)]).rssMbPerEventHourSecondHalf).toBeCloseTo(8.3, 1);
  });

  it('tells RSS while compacting from RSS otherwise, leaving out the start', () => {
    const at = (wallSeconds: number, rssMb: number, compacting: boolean): SoakSample =>
      ({ wallSeconds, eventHours: 0, orders: 0, rssMb, heapMb: 0, arrayBuffersMb: 0, logMb: 0, eventRate: 0, compacting });
    const samples = [at(0, 900, true), at(10, 380, false), at(20, 470, true), at(30, 390, false), at(40, 430, true), at(50, 370, false), at(60, 450, true)];
    expect(compactionSplit(samples, 10)).toEqual({
      compacting: { samples: 3, median: 450, p90: 450, max: 470 },
      notCompacting: { samples: 3, median: 380, p90: 380, max: 390 },
    });
    expect(compactionSplit(samples.filter((s) => !s.compacting), 0).compacting).toBeNull();
  });

  it('takes its flags by name and refuses anything else with the usage', () => {
    expect(parseSoakOptions(['--hours-of-event-time', '2', '--rate=100', '--serve'])).toMatchObject({ hours: 2, rate: 100, serve: true, maxWallMinutes: 50, compactEveryMinutes: 10 });
    expect(parseSoakOptions(['--compact-every-minutes', '5'])).toMatchObject({ compactEveryMinutes: 5, noCompaction: false, compactInProcess: false });
    expect(parseSoakOptions(['--compact-in-process'])).toMatchObject({ compactInProcess: true, noCompaction: false });
    expect(() => parseSoakOptions(['--rate', '-1'])).toThrow(/--rate needs a positive number, got "-1"; usage: npm run bench -- soak/);
    expect(() => parseSoakOptions(['--hours', '2'])).toThrow(/unknown soak option "--hours"/);
    expect(parseSoakOptions([]).messageFormat).toBeUndefined();
    expect(parseSoakOptions(['--message-format', 'json', '--rate', '5'])).toMatchObject({ messageFormat: 'json', rate: 5 });
    expect(() => parseSoakOptions(['--message-format', 'csv'])).toThrow(/--message-format needs one of json, avro, got "csv"/);
  });

  it('reads RSS by bands of event hours, the climb of the first minutes left out', () => {
    const at = (eventHours: number, rssMb: number): SoakSample => ({ wallSeconds: 0, eventHours, orders: 0, rssMb, heapMb: 0, arrayBuffersMb: 0, logMb: 0, eventRate: 0 });
    // 0.1 h is the climb; one band per edge up to the last sample, which closes the last band.
    const samples = [at(0.1, 900), at(0.5, 300), at(0.9, 320), at(1, 340), at(1.5, 360), at(3, 380), at(7, 390), at(13, 370), at(19, 400), at(24, 410)];
    const { bands, settled } = rssBands(samples);
    expect(bands.map((b) => [b.fromHour, b.toHour, b.samples, b.median, b.max])).toEqual([
      [0.2, 1, 2, 300, 320], [1, 2, 2, 340, 360], [2, 6, 1, 380, 380], [6, 12, 1, 390, 390], [12, 18, 1, 370, 370], [18, 24, 2, 400, 410],
    ]);
    expect(settled).toEqual({ samples: 9, median: 370, p90: 400, max: 410 });
    // A two-hour soak ends its last band at 2, not at 24.
    expect(rssBands(samples.filter((s) => s.eventHours <= 2).concat(at(2, 350))).bands.map((b) => [b.fromHour, b.toHour])).toEqual([[0.2, 1], [1, 2]]);
    expect(bandTable(rssBands(samples))[7]).toMatch(/^ {2}from 0\.2 on +9 +370 +400 +410$/);
    expect(rssBands([at(0.1, 900)])).toEqual({ bands: [], settled: null });
    expect(bandTable(rssBands([at(0.1, 900)]))).toEqual([]);
  });

  it('prints where it stands: event hours, orders, the rate carried, RSS and the time left', () => {
    const at = (wallSeconds: number, eventHours: number, rssMb: number): SoakSample =>
      ({ wallSeconds, eventHours, orders: Math.round(eventHours * 1_800_000), rssMb, heapMb: 0, arrayBuffersMb: 0, logMb: 0, eventRate: 450 });
    const line = progressLine([at(0, 0, 120), at(600, 0.1, 300), at(1_800, 6, 350), at(3_600, 12, 362)], { hours: 24, rate: 500 });
    expect(line).toBe('soak: event hour 12.00 of 24 (50%), 21,600,000 orders in 60 min, carrying 450 of 500 orders/s, RSS 362 MB (from event hour 0.2: median 350, max 362), about 60 min left');
    expect(progressLine([], { hours: 24, rate: 500 })).toBe('soak: starting');
    expect(progressLine([at(0, 0, 120), at(45, 0.02, 250)], { hours: 2, rate: 500 })).toMatch(/^soak: event hour 0\.02 of 2 \(1%\), 36,000 orders in 45 s, .*RSS 250 MB, about 74 min left$/);
  });

  it('stops on the first signal, takes a repeat within the grace as the same, and quits on a later one', () => {
    let clock = 0;
    const calls: string[] = [];
    const onSignal = createSignalStop({ stop: (s) => calls.push(`stop ${s}`), force: (s) => calls.push(`force ${s}`), now: () => clock, graceMs: 2_000 });
    onSignal('SIGINT');
    clock = 500;
    onSignal('SIGINT'); // the terminal's and bin/bench.js's copy of one Ctrl-C
    expect(calls).toEqual(['stop SIGINT']);
    clock = 2_500;
    onSignal('SIGTERM');
    expect(calls).toEqual(['stop SIGINT', 'force SIGTERM']);
  });

  it('keeps the samples so far in a partial file named after its start, and removes it', async () => {
    const dir = await tempDir('soak-partial');
    const file = partialFile(dir, new Date(Date.UTC(2026, 11, 2, 10, 28, 7, 5)));
    expect(file).toBe(`${dir}/soak-2026-12-02T10-28-07-005Z.partial.json`);
    const sample: SoakSample = { wallSeconds: 300, eventHours: 0.7, orders: 1_260_000, rssMb: 341, heapMb: 120, arrayBuffersMb: 80, logMb: 7, eventRate: 500 };
    writePartial(file, { args: ['--rate', '500'], samples: [sample] });
    writePartial(file, { args: ['--rate', '500'], samples: [sample, { ...sample, wallSeconds: 600, eventHours: 1.4 }] });
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { partial: boolean; args: string[]; samples: SoakSample[] };
    expect(saved).toMatchObject({ partial: true, args: ['--rate', '500'] });
    expect(saved.samples.map((s) => s.eventHours)).toEqual([0.7, 1.4]);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    removePartial(file);
    expect(existsSync(file)).toBe(false);
  });
});
