// Builds the configured adapters. The only place that knows every implementation.
import { type Clock, WorkbenchError, type Log } from '../core/index';
import { type Config, resolveScenario } from '../config/index';
import type { TimeSpec } from '../report/index';
import { createInstacartSource } from '../sources/instacart/index';
import { createSyntheticSource, type EventSource, type RejectedRecord, backfillPeriod } from '../sources/index';
import { openStoreOf, type Store } from '../store/index';
import { createMemoryTransport, createKafkaTransport, createPlatformaticTransport, type Transport } from '../transport/index';

export interface AdapterDeps {
  log: Log;
  clock: Clock;
}

export async function openTransport(config: Config, deps: AdapterDeps): Promise<Transport> {
  switch (config.transport.kind) {
    case 'memory':
      return createMemoryTransport({
        onSkipped: (s) => deps.log.warn(`${s.topic}[${s.partition}]: records ${s.from}..${s.to - 1} were deleted by the in-process log's retention before group "${s.groupId}" read them; it goes on from ${s.to}`),
      });
    case 'kafka': {
      const { brokers, client, compression } = config.transport;
      return (client === 'platformatic' ? createPlatformaticTransport : createKafkaTransport)({ brokers, compression, log: deps.log });
    }
  }
}

export const openStore = (config: Config, deps: AdapterDeps): Promise<Store> => openStoreOf(config.store, deps);

/** The configured source; live synthetic streams start now, backfills and replays end now (unless told otherwise). */
export function openSource(config: Config, deps: AdapterDeps & { onRejected?: (r: RejectedRecord) => void }): EventSource {
  const { source } = config;
  const now = deps.clock.now();
  if (source.mode === 'instacart') {
    const at = (spec: TimeSpec): number => (spec.kind === 'at' ? spec.ms : now);
    return createInstacartSource({
      dataPath: source.dataPath as string,
      anchor: source.start ? { startMs: at(source.start) } : { endMs: source.end ? at(source.end) : now },
      timeZone: source.timeZone,
      evalSet: source.evalSet,
      limitOrders: source.maxOrders,
      badRecords: config.badRecords,
      onRejected: deps.onRejected,
    });
  }
  // --rate is the mean over a week (demandFactor averages 1), live or backfilled: at night the
  // stream runs well below it and at the Sunday-morning peak ~2.7 times above it. A backfill
  // covers maxOrders / rate seconds up to now, at the rate that fills them with its orders.
  const { startTime, ordersPerSecond } = source.backfill && source.maxOrders
    ? backfillPeriod(now, source.maxOrders, source.rate / source.speedup, source.seasonality)
    : { startTime: now, ordersPerSecond: source.rate / source.speedup };
  return createSyntheticSource({
    seed: source.seed,
    startTime,
    ordersPerSecond,
    maxOrders: source.maxOrders,
    seasonality: source.seasonality,
    scenarios: source.scenarios.map((spec) => resolveScenario(spec, startTime)),
  });
}
