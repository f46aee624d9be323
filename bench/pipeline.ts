// In-process throughput of the pure core: synthetic orders through stage 1 and stage 2 with
// the test driver. The ceiling for any transport:
// `npm run bench -- pipeline [orders] [--profile] [--message-format json|avro]`; --profile says
// where the stream's CPU went (self time by area and by function) and writes the profile under
// reports/bench/; --message-format picks how the checkouts are encoded (JSON unless told).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CHECKOUT_FORMATS, createSyntheticSource, createTopologyDriver, encodeCheckout, type CheckoutFormat } from '../src/index';
import { formatSummary, profileWhile, summarizeProfile } from './_profile';
import type { Benchmark } from './_runner';

const USAGE = 'usage: pipeline [orders] [--profile] [--message-format json|avro]';

function parseArgs(args: string[]): { orders: number; profile: boolean; format: CheckoutFormat } {
  const rest = [...args];
  let format: CheckoutFormat = 'json';
  const at = rest.indexOf('--message-format');
  if (at >= 0) {
    const value = rest[at + 1];
    const choice = CHECKOUT_FORMATS.find((f) => f === value);
    if (!choice) throw new Error(`--message-format wants one of ${CHECKOUT_FORMATS.join(', ')}, got "${value ?? ''}" (${USAGE})`);
    format = choice;
    rest.splice(at, 2);
  }
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--profile');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]} (${USAGE})`);
  const positional = rest.filter((a) => !a.startsWith('--'));
  if (positional.length > 1) throw new Error(`one number of orders at most, got ${positional.join(' ')} (${USAGE})`);
  const orders = Number(positional[0] ?? 100_000);
  if (!Number.isInteger(orders) || orders <= 0) throw new Error(`orders wants a whole number above 0, got "${positional[0]}" (${USAGE})`);
  return { orders, profile: rest.includes('--profile'), format };
}

export const run: Benchmark = async (args) => {
  const { orders, profile, format } = parseArgs(args);
  const source = createSyntheticSource({ seed: 1, startTime: Date.UTC(2026, 10, 24), ordersPerSecond: 500, maxOrders: orders, seasonality: false });
  const generateStart = performance.now();
  const events = [...source.generate()];
  const generateMs = performance.now() - generateStart;
  const lines = events.reduce((n, e) => n + e.lines.length, 0);
  const encodeStart = performance.now();
  const messages = events.map((e) => [String(e.order_id), encodeCheckout(e, format)] as const);
  const messageBytes = messages.reduce((n, [, value]) => n + value.length, 0);
  const encodeMs = performance.now() - encodeStart;
  events.length = 0; // the stream below decodes its own
  const driver = createTopologyDriver({ partitions: 4 });
  const stream = async (): Promise<void> => {
    messages.forEach(([key, value], i) => {
      driver.pipeBytes(key, value);
      if (i % 5_000 === 4_999) driver.advance(250);
    });
    driver.finish();
  };
  const streamStart = performance.now();
  const cpuStart = process.cpuUsage();
  const recorded = profile ? (await profileWhile(stream)).profile : (await stream(), undefined);
  const streamMs = performance.now() - streamStart;
  const cpu = process.cpuUsage(cpuStart);
  const perSecond = (n: number, ms: number) => Math.round((n * 1000) / ms);
  const summary = recorded ? summarizeProfile(recorded, 20) : undefined;
  const profileFile = recorded ? join('reports', 'bench', `pipeline-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`) : undefined;
  if (profileFile) {
    await mkdir(dirname(profileFile), { recursive: true });
    await writeFile(profileFile, JSON.stringify(recorded));
  }
  // Throughput that loses lines does not count: the closed windows and corrections must hold every line.
  const counted = driver.closed.reduce((n, c) => n + c.window.lines, 0) + driver.corrections.reduce((n, c) => n + c.window.lines, 0);
  if (counted !== lines) throw new Error(`the stream counted ${counted} lines of the ${lines} it was given`);
  const figures = {
    orders, lines, messageFormat: format, bytesPerOrder: Math.round(messageBytes / orders),
    generateLinesPerSecond: perSecond(lines, generateMs),
    encodeLinesPerSecond: perSecond(lines, encodeMs),
    streamLinesPerSecond: perSecond(lines, streamMs),
    // CPU time moves far less than wall time with the load of a shared machine (GC threads included).
    streamCpuSecondsPerMillionLines: Math.round(((cpu.user + cpu.system) / 1e6 / lines) * 1e6 * 100) / 100,
    linesInWindows: counted,
    windowsClosed: driver.closed.length,
    ...(summary ? { profiled: true, profile: summary, profileFile } : {}),
  };
  return {
    figures,
    lines: [
      `orders ${orders}, lines ${lines}, ${format} messages of ${figures.bytesPerOrder} bytes an order`,
      `generate: ${figures.generateLinesPerSecond} lines/s`,
      `encode:   ${figures.encodeLinesPerSecond} lines/s`,
      `decode + stage 1 + stage 2: ${figures.streamLinesPerSecond} lines/s (${figures.windowsClosed} windows), ${figures.streamCpuSecondsPerMillionLines} CPU s per million lines${summary ? ' (profiled: slower than without)' : ''}`,
      ...(summary ? [...formatSummary('stream', summary), `profile written to ${profileFile}`] : []),
    ],
  };
};
