// Sends a source's events to the transactions topic, paced to the wall clock (live, with a
// time speed-up), capped at a rate, or as fast as the transport takes them (backfill).
import type { Clock } from '../core/index';
import { encodeCheckout, type CheckoutFormat } from '../domain/index';
import type { EventSource } from '../sources/index';
import type { OutgoingMessage, Transport } from '../transport/index';

export interface Pacing {
  /** live: an event is sent when the wall clock reaches its (sped-up) time; backfill: at once. */
  mode: 'live' | 'backfill';
  /** Event time passes this many times faster than the wall clock. */
  speedup: number;
  /** A cap in orders per second of wall clock, on top of the pacing. */
  maxRate?: number;
}

export interface ProducerRun {
  readonly sent: number;
  /** Order lines in the orders sent. */
  readonly sentLines: number;
  /** Runs until the source ends or the signal aborts; resolves with the count sent. */
  run(signal: AbortSignal): Promise<number>;
}

export function createProducerRun(options: {
  transport: Transport;
  topic: string;
  source: EventSource;
  pacing: Pacing;
  clock: Clock;
  batchSize?: number;
  /** How each checkout is written (codec.ts); JSON unless told. */
  format?: CheckoutFormat;
  onProgress?: (sent: number) => void;
}): ProducerRun {
  const { transport, topic, source, pacing, clock, batchSize = 1_000, format = 'json', onProgress } = options;
  let sent = 0;
  let sentLines = 0;

  async function run(signal: AbortSignal): Promise<number> {
    const producer = await transport.createProducer();
    let batch: OutgoingMessage[] = [];
    let batchLines = 0;
    let queued = 0;
    // One send in flight: the next batch is generated and encoded while the broker acknowledges
    // this one (acks=all), instead of the generator idling for every round trip. Order is kept.
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const out = batch;
      const lines = batchLines;
      batch = [];
      batchLines = 0;
      await inFlight;
      inFlight = producer.send(topic, out).then(() => {
        sent += out.length;
        sentLines += lines;
        onProgress?.(sent);
      });
      inFlight.catch(() => undefined); // surfaces at the next await, not as an unhandled rejection
    };
    const wall0 = clock.now();
    let time0: number | undefined;
    try {
      for await (const event of source.events()) {
        if (signal.aborted) break;
        time0 ??= event.event_time;
        const dueByTime = pacing.mode === 'live' ? wall0 + (event.event_time - time0) / pacing.speedup : 0;
        const dueByRate = pacing.maxRate ? wall0 + (queued / pacing.maxRate) * 1000 : 0;
        const due = Math.max(dueByTime, dueByRate);
        if (due > clock.now()) {
          await flush();
          while (!signal.aborted && due > clock.now()) await clock.sleep(Math.min(due - clock.now(), 100));
          if (signal.aborted) break;
        }
        batch.push({ key: String(event.order_id), value: encodeCheckout(event, format), timestamp: event.event_time });
        batchLines += event.lines.length;
        queued++;
        if (batch.length >= batchSize) {
          await flush();
          // A synthetic source and the in-process log never wait on I/O: without this turn of
          // the event loop a backfill would starve the consumers, the server, timers and signals.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      await flush();
      await inFlight;
    } finally {
      await inFlight.catch(() => undefined);
      await producer.close();
    }
    return sent;
  }

  return {
    get sent() {
      return sent;
    },
    get sentLines() {
      return sentLines;
    },
    run,
  };
}
