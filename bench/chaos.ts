// npm run bench -- chaos [--orders N] [--kills K] [--seed S] [--rate R] [--port-base P] [--outage SECONDS] [--keep]
// Crashes workers, the broker and the NameNode of a private Kafka + HDFS stack while orders flow,
// then checks exactly-once in raw, reconciled aggregates and clean exits (see _chaos-run.ts).
// Exits 1 when any target is missed: lost 0, duplicated 0, reconciled true, hung 0.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runChaos, type ChaosFigures } from './_chaos-run';
import type { Benchmark } from './_runner';

const number = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a whole number, got "${value}"`);
  return n;
};

export const targetsMet = (f: ChaosFigures): boolean =>
  f.lost === 0 && f.duplicated === 0 && f.unexpected === 0 && f.reconciled && f.hung === 0 && f.producer.exitCode === 0;

export function describeChaos(f: ChaosFigures): string[] {
  return [
    `chaos: ${f.orders} orders (${f.lines} lines) at ${f.rate}/s, 2 stream workers, 4 partitions, --store hdfs, ${f.seconds} s in all`,
    `  kills ${f.kills} worker SIGKILLs (${f.workerStarts} worker starts, ${f.unplannedExits.length} exits of their own), broker restarts ${f.brokerRestarts}, NameNode restarts ${f.namenodeRestarts} (down ${f.namenodeOutageSeconds} s)`,
    `  lost ${f.lost}, duplicated ${f.duplicated} (lines: lost ${f.lostLines}, duplicated ${f.duplicatedLines}; unexpected orders ${f.unexpected})`,
    `  reconciled ${f.reconciled} (verify exit ${f.verify.exitCode}; by_hour ${f.aggregates.byHourOrders} orders / ${f.aggregates.byHourLines} lines, by_department ${f.aggregates.byDepartmentLines} lines)`,
    `  hung ${f.hung} (${f.hungWorkers.length} workers alive after their error; producer exit ${f.producer.exitCode} after ${f.producer.seconds} s; drained ${f.drain.drained} in ${f.drain.seconds} s; SIGTERM exits in ${f.stopSeconds.join(' s, ')} s)`,
    ...(f.overlaps.length > 0 ? [`  raw files overlapping another of their folder and partition: ${f.overlaps.join('; ')}`] : []),
    `  partials no stage-2 owner merged by the end: ${f.unmergedPartials}${f.settle ? ` (a settling worker merged them in ${f.settle.seconds} s; ${f.settle.unmergedAfter} left)` : ''}`,
    `  target (lost 0, duplicated 0, reconciled true, hung 0): ${targetsMet(f) ? 'met' : 'MISSED'}${f.runDir ? `; logs in ${f.runDir}` : ''}`,
  ];
}

/** The error lines of a kept run's logs, newest last (at most `max`), each named by its log: what a failed CI run shows. */
export async function errorLines(runDir: string | undefined, max = 12): Promise<string[]> {
  if (!runDir) return [];
  const logs = join(runDir, 'logs');
  const names = (await readdir(logs).catch(() => [] as string[])).filter((n) => n.endsWith('.log'));
  const found: string[] = [];
  for (const name of names) {
    const text = await readFile(join(logs, name), 'utf8');
    for (const line of text.split('\n')) if (/^\S+ error /.test(line)) found.push(`${name}: ${line.slice(0, 400)}`);
  }
  // Lines start with their ISO time: sorting on the line after the name orders them in time.
  return found.sort((a, b) => a.slice(a.indexOf(': ') + 2).localeCompare(b.slice(b.indexOf(': ') + 2))).slice(-max);
}

export const run: Benchmark = async (args) => {
  const { values } = parseArgs({ args, strict: true, options: {
    orders: { type: 'string' }, kills: { type: 'string' }, seed: { type: 'string' }, rate: { type: 'string' },
    'port-base': { type: 'string' }, outage: { type: 'string' }, keep: { type: 'boolean' },
  } });
  const figures = await runChaos({
    orders: number('orders', values.orders, 100_000), kills: number('kills', values.kills, 20), seed: number('seed', values.seed, 7),
    rate: values.rate === undefined ? undefined : number('rate', values.rate, 0), portBase: number('port-base', values['port-base'], 19_000),
    outageMs: number('outage', values.outage, 30) * 1000, keep: values.keep ?? false,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  return { figures: { ...figures }, lines: describeChaos(figures), failed: !targetsMet(figures) };
};
