// Raw archive writers side by side (#14): `npm run bench -- raw-writers [orders]`. The same
// synthetic records (about 10 lines an order) go through each writer, rounds interleaved so that
// a busy machine slows them alike. A file counts only if it reads back (hyparquet, a reader none
// of the writers share) with every line and the exact revenue. CPU time per 100,000 lines is the
// figure to compare: wall time moves with the load of the machine, CPU time much less.
import { parquetReadObjects } from 'hyparquet';
import { loadavg } from 'node:os';
import { createSyntheticSource, lineRevenue, type RawRecord } from '../src/index';
import { duckdb, objectPerLine, parquetWasm, typedColumns, type RawWriter } from './_raw-writers';
import type { Benchmark } from './_runner';

const WRITERS: Array<[string, RawWriter]> = [
  ['hyparquet-writer, typed columns (the archive)', typedColumns],
  ['hyparquet-writer, an object per line (before)', objectPerLine],
  ['parquet-wasm, Arrow vectors', parquetWasm],
  ['DuckDB appender + COPY TO parquet', duckdb],
];
const ROUNDS = 3;

const cents = (v: number) => Math.round(v * 100);

async function check(bytes: Uint8Array, lines: number, revenueCents: number, writer: string): Promise<void> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({ file, columns: ['line_revenue'] })) as Array<{ line_revenue: number }>;
  const total = rows.reduce((sum, r) => sum + cents(r.line_revenue), 0);
  if (rows.length !== lines || total !== revenueCents) {
    throw new Error(`${writer}: read back ${rows.length} lines and ${total} cents, expected ${lines} and ${revenueCents}`);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const run: Benchmark = async (args) => {
  const orders = Number(args[0] ?? 20_000);
  if (!Number.isInteger(orders) || orders < 100) throw new Error(`orders: expected a whole number of at least 100, got ${args[0]}`);
  const records: RawRecord[] = [...createSyntheticSource({ seed: 5, startTime: Date.UTC(2026, 10, 24, 9), ordersPerSecond: 50, maxOrders: orders, seasonality: false }).generate()]
    .map((event, offset) => ({ partition: 0, offset, event, late: offset % 50 === 0 }));
  const lines = records.reduce((n, r) => n + r.event.lines.length, 0);
  const revenueCents = records.reduce((n, r) => n + r.event.lines.reduce((m, l) => m + cents(lineRevenue(l)), 0), 0);
  const samples = new Map(WRITERS.map(([name]) => [name, { cpuMs: [] as number[], wallMs: [] as number[], bytes: 0 }]));
  const loadBefore = loadavg()[0]!;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, write] of WRITERS) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const bytes = await write(records);
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      await check(bytes, lines, revenueCents, name);
      const s = samples.get(name)!;
      s.cpuMs.push((used.user + used.system) / 1000);
      s.wallMs.push(wallMs);
      s.bytes = bytes.length;
    }
  }
  const rows = WRITERS.map(([name]) => {
    const s = samples.get(name)!;
    const cpuMs = median(s.cpuMs);
    return {
      writer: name, cpuMsPer100kLines: Math.round((cpuMs * 100_000) / lines), linesPerCpuSecond: Math.round(lines / (cpuMs / 1000)),
      wallMsMedian: Math.round(median(s.wallMs)), bytesPerLine: Number((s.bytes / lines).toFixed(1)),
    };
  });
  const load = [loadBefore, loadavg()[0]!].map((l) => Number(l.toFixed(2)));
  return {
    figures: { orders, lines, rounds: ROUNDS, loadAverage1m: load, rows },
    lines: [
      `${lines} raw lines (${orders} orders), median of ${ROUNDS} interleaved rounds; load average ${load.join(' → ')}; every file read back whole:`,
      ...rows.map((r) => `  ${r.writer.padEnd(48)} ${String(r.cpuMsPer100kLines).padStart(6)} CPU ms per 100k lines (${r.linesPerCpuSecond} lines per CPU s), wall ${r.wallMsMedian} ms, ${r.bytesPerLine} bytes/line`),
    ],
  };
};
