// What a soak says while it runs, and how it stops early. A soak runs for hours: it prints a
// line every few minutes (stderr, so that the figures on stdout stay clean), and a first
// SIGINT or SIGTERM ends the stream and writes the report with what was sampled so far, where
// it used to kill the process and lose hours of samples. A second signal a moment later ends
// the process at once. With each progress line the samples so far are also written to a
// partial file, so that a soak killed outright (SIGKILL, or out of memory: what a memory soak
// is there to catch) still leaves its curve.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spreadOf, type SoakSample } from './_soak-samples';

export function progressLine(samples: readonly SoakSample[], asked: { hours: number; rate: number }): string {
  const now = samples[samples.length - 1];
  if (!now) return 'soak: starting';
  const settled = spreadOf(samples.filter((s) => s.eventHours >= 0.2).map((s) => s.rssMb));
  const minutes = now.wallSeconds / 60;
  const left = now.eventHours > 0 ? (minutes * (asked.hours - now.eventHours)) / now.eventHours : undefined;
  const took = now.wallSeconds < 120 ? `${now.wallSeconds} s` : `${Math.round(minutes)} min`;
  return [
    `soak: event hour ${now.eventHours.toFixed(2)} of ${asked.hours} (${Math.round((100 * now.eventHours) / asked.hours)}%), ${now.orders.toLocaleString('en-US')} orders in ${took}`,
    `carrying ${now.eventRate} of ${asked.rate} orders/s`,
    `RSS ${now.rssMb.toFixed(0)} MB${settled ? ` (from event hour 0.2: median ${settled.median.toFixed(0)}, max ${settled.max.toFixed(0)})` : ''}`,
    left === undefined ? 'time left unknown' : `about ${Math.max(0, Math.round(left))} min left`,
  ].join(', ');
}

/**
 * The signal handler's logic: the first signal stops the stream (`stop`); another within
 * `graceMs` is the same request (a terminal signals bin/bench.js and the soak, and bin/bench.js
 * passes its own on), a later one ends the process (`force`).
 */
export function createSignalStop(options: { stop: (signal: string) => void; force: (signal: string) => void; now?: () => number; graceMs?: number }): (signal: string) => void {
  const { stop, force, now = Date.now, graceMs = 2_000 } = options;
  let first: number | undefined;
  return (signal) => {
    if (first === undefined) {
      first = now();
      stop(signal);
    } else if (now() - first >= graceMs) {
      force(signal);
    }
  };
}

/** Where a soak started at `startedAt` keeps its samples while it runs (removed when it ends with its report). */
export const partialFile = (dir: string, startedAt: Date): string => join(dir, `soak-${startedAt.toISOString().replace(/[:.]/g, '-')}.partial.json`);

/** Writes the samples so far (to a temporary name, then renamed: never half a file). */
export function writePartial(file: string, record: { args: readonly string[]; samples: readonly SoakSample[] }): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify({ partial: true, writtenAt: new Date().toISOString(), ...record }));
  renameSync(`${file}.tmp`, file);
}

export const removePartial = (file: string): void => rmSync(file, { force: true });
