// The dashboard's formatting script (server/public/format.js), run as the browser runs it: a
// KPI card at 1400 px holds ~9 characters, so an age must stay that short at any size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const window: { fmt?: { age(ms: number | null): string; stamp(t: number): string } } = {};
runInNewContext(readFileSync(join(process.cwd(), 'server', 'public', 'format.js'), 'utf8'), { window });
const age = (ms: number | null) => window.fmt!.age(ms);

describe('the age of the newest event on a KPI card', () => {
  it('reads in the unit that fits, and never over 9 characters', () => {
    expect([age(null), age(250), age(12_340), age(60_000), age(21 * 60_000 + 12_400), age(59 * 60_000 + 59_999), age(5 * 3_600_000)])
      .toEqual(['–', '250 ms', '12.3 s', '1m 00s', '21m 12s', '59m 59s', '5.0 h']);
    for (let ms = 0; ms < 100 * 3_600_000; ms = ms * 1.7 + 997) expect(age(ms).length, age(ms)).toBeLessThanOrEqual(9);
  });
});

describe('the moment a long range is counted from (the KPI cards\' tooltip)', () => {
  it('names the weekday, day, month and minute (in the page\'s zone: UTC under test)', () => {
    expect(window.fmt!.stamp(Date.UTC(2026, 10, 30, 14))).toBe('Mon 30 Nov, 14:00');
    expect(window.fmt!.stamp(Date.UTC(2026, 11, 1, 9, 5, 59))).toBe('Tue 1 Dec, 09:05');
  });
});
