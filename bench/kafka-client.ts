// The Kafka client alone, kafkajs against @platformatic/kafka, on the local broker: the
// producer sends pre-encoded checkouts (so generation and JSON encoding are not counted) in
// batches of 1,000 orders, one request at a time like `produce`, then a fresh group reads
// them back to the end through the transport port. Wall time and CPU time of this process;
// on a shared machine CPU seconds per million lines is the steadier figure.
// `npm run bench -- kafka-client [orders] [--kafka-client c] [--kafka-compression codec]`.
import { createKafkaTransport, createPlatformaticTransport, createSyntheticSource, encodeCheckout, type KafkaCompression, type Transport } from '../src/index';
import { countArg, kafkaClientOf } from './_kafka-client';
import { dropBenchTopics } from './_bench-topics';
import type { Benchmark } from './_runner';

const BROKERS = ['127.0.0.1:9092'];
const CLIENTS = { kafkajs: createKafkaTransport, platformatic: createPlatformaticTransport };
const CODECS: Record<keyof typeof CLIENTS, KafkaCompression[]> = { kafkajs: ['none', 'gzip'], platformatic: ['none', 'gzip', 'snappy', 'lz4'] };
const BATCH = 1_000;

interface Timed { seconds: number; cpuSeconds: number }
async function timed(work: () => Promise<void>): Promise<Timed> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function readAll(transport: Transport, topic: string, count: number): Promise<void> {
  const consumer = await transport.createConsumer({ groupId: `${topic}-reader`, topics: [topic], fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${seen} of ${count} messages in 5 minutes`)), 300_000);
    consumer.run({
      onBatch: async (b) => {
        seen += b.messages.length;
        if (seen >= count) { clearTimeout(timer); resolve(); }
      },
      onError: reject,
    }).catch(reject);
  });
  await consumer.stop();
}

export const run: Benchmark = async (args) => {
  const orders = Number(countArg(args) ?? 30_000);
  const choice = kafkaClientOf(args);
  const source = createSyntheticSource({ seed: 11, startTime: Date.UTC(2026, 10, 1), ordersPerSecond: 50, maxOrders: orders, seasonality: false });
  const events = [...source.generate()];
  const lines = events.reduce((n, e) => n + e.lines.length, 0);
  const messages = events.map((e) => ({ key: String(e.order_id), value: encodeCheckout(e), timestamp: e.event_time }));
  const bytes = messages.reduce((n, m) => n + m.value.byteLength, 0);
  const rows: Array<Record<string, string | number>> = [];
  for (const [client, open] of Object.entries(CLIENTS) as Array<[keyof typeof CLIENTS, typeof createKafkaTransport]>) {
    if (choice.client && choice.client !== client) continue;
    for (const compression of choice.compression ? [choice.compression] : CODECS[client]) {
      const transport = await open({ brokers: BROKERS, compression });
      const topic = `bench-client-${client}-${compression}-${Date.now()}`;
      try {
        await transport.ensureTopic(topic, 4);
        const producer = await transport.createProducer();
        const sent = await timed(async () => {
          for (let i = 0; i < messages.length; i += BATCH) await producer.send(topic, messages.slice(i, i + BATCH));
        });
        await producer.close();
        const read = await timed(() => readAll(transport, topic, messages.length));
        const rate = (t: Timed) => Math.round(lines / t.seconds);
        const cpu = (t: Timed) => Math.round((t.cpuSeconds / lines) * 1e6 * 100) / 100;
        rows.push({ client, compression, produceLinesPerSecond: rate(sent), produceCpuSecondsPerMillionLines: cpu(sent), consumeLinesPerSecond: rate(read), consumeCpuSecondsPerMillionLines: cpu(read) });
      } finally {
        await transport.close();
        await dropBenchTopics(BROKERS[0]!, [topic]);
      }
    }
  }
  const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ');
  return {
    figures: { orders, lines, bytes, loadAverage: load, rows },
    lines: [
      `${orders} orders, ${lines} lines, ${Math.round(bytes / 1e6)} MB of JSON, 4 partitions, batches of ${BATCH} orders, acks=all; load average ${load}`,
      'client        codec    produce lines/s  CPU s/M lines   consume lines/s  CPU s/M lines',
      ...rows.map((r) => `${String(r.client).padEnd(13)} ${String(r.compression).padEnd(8)} ${String(r.produceLinesPerSecond).padStart(15)}  ${String(r.produceCpuSecondsPerMillionLines).padStart(13)}   ${String(r.consumeLinesPerSecond).padStart(15)}  ${String(r.consumeCpuSecondsPerMillionLines).padStart(13)}`),
    ],
  };
};
