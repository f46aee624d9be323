// The compact command (the hook of run/stream, --compact-every, is runtime/compaction-hook.ts): merges each
// closed hour partition's small files (see src/store/compaction.ts). Exit codes: 0 done, 1 a
// partition or the store failed. Ctrl-C stops after the partition being merged; nothing is left half done.
import {
  openStore, systemClock, type Clock, type Config, describeError, type Log, compactClosedHours, type PartitionCompaction, type Store,
} from '../src/index';

export function summarize(results: readonly PartitionCompaction[]): string {
  const merged = results.flatMap((r) => r.merged);
  const inputs = merged.reduce((n, m) => n + m.inputs.length, 0);
  const removed = results.reduce((n, r) => n + r.removed.length, 0);
  const touched = results.filter((r) => r.merged.length > 0).length;
  return `${touched} hour partitions compacted: ${inputs} files merged into ${merged.length}` +
    `, ${merged.reduce((n, m) => n + m.rows, 0)} rows kept; ${removed} leftover files removed`;
}

export async function runCompactCommand(config: Config, log: Log, clock: Clock = systemClock): Promise<number> {
  let store: Store;
  try {
    store = await openStore(config, { log, clock });
  } catch (error) {
    log.error(describeError(error));
    return 1;
  }
  let stop = false;
  const onSignal = (): void => {
    log.info('stopping after the partition being merged (press Ctrl-C again to exit at once)');
    stop = true;
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const closedBefore = clock.now() - config.compaction.graceMs;
  try {
    log.info(`compact: ${store.kind} store ${store.location}, hours that ended before ${new Date(closedBefore).toISOString()}`);
    const results = await compactClosedHours({ store, closedBefore, targetBytes: config.compaction.targetBytes, log, stopRequested: () => stop });
    const failed = results.filter((r) => r.error);
    log.info(`compact ${stop ? 'stopped' : 'done'}: ${summarize(results)}${failed.length ? `; ${failed.length} partitions failed` : ''}`);
    return failed.length > 0 ? 1 : 0;
  } catch (error) {
    log.error(describeError(error));
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
