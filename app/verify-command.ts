// The verify command: reconciles a data folder (local or HDFS) the way dbt tests check a model.
// Exit codes: 0 the aggregates equal raw exactly, 1 a mismatch (each one named) or a read failure.
import {
  openStore, systemClock, type Config, describeError, type Log, expectedWindowFile, verifyStore, type Mismatch, type VerifyReport,
} from '../src/index';

/** Mismatches printed in full; the rest are counted. */
const SHOWN = 20;

const describeMismatch = (m: Mismatch, windowMs: number): string =>
  `${m.dataset} window ${new Date(m.window).toISOString()}${m.key ? ` ${m.key}` : ''} ${m.measure}: expected ${m.expected} from raw, found ${m.found}` +
  ` (${m.files.length > 0 ? `in ${m.files.join(', ')}` : `no file holds this window; expected ${expectedWindowFile(m, windowMs)}`})`;

export function describeVerifyReport(report: VerifyReport): string[] {
  const lines = [
    `raw: ${report.raw.orders} orders, ${report.raw.lines} lines in ${report.raw.files} files; aggregates: ${report.aggregatedFiles} files, ${report.windows} windows of ${report.windowMs / 1000}s`,
  ];
  if (report.skipped.length > 0 && report.aggregatedFiles > 0) lines.push(`not compared: ${report.skipped.join(', ')} (no file at all: written before this release kept it)`);
  if (report.covered.length > 0) {
    lines.push(`${report.covered.length} files are covered by another file of their folder (left by a write that failed, or a compaction cut short), e.g. ${report.covered[0]}: ` +
      'this product reads around them, but a tool reading every file of a folder counts their rows twice. `purchase-trends compact` deletes them in closed hours');
  }
  if (report.raw.duplicateOrders > 0) lines.push(`raw holds ${report.raw.duplicateOrders} orders more than once (the same event_id at different topic offsets)`);
  lines.push(...report.mismatches.slice(0, SHOWN).map((m) => describeMismatch(m, report.windowMs)));
  if (report.mismatches.length > SHOWN) lines.push(`… and ${report.mismatches.length - SHOWN} more mismatches`);
  return lines;
}

export const verified = (report: VerifyReport): boolean => report.mismatches.length === 0 && report.raw.duplicateOrders === 0;

export async function runVerifyCommand(config: Config, log: Log): Promise<number> {
  try {
    const store = await openStore(config, { log, clock: systemClock });
    log.info(`verify: ${store.kind} store ${store.location}`);
    const report = await verifyStore(store, config.stream.window.sizeMs);
    const lines = describeVerifyReport(report);
    if (verified(report)) {
      lines.forEach((line) => log.info(line));
      log.info('verify: OK — by_hour, by_department, by_department_hour and by_product equal raw exactly, window by window');
      return 0;
    }
    lines.forEach((line, i) => (i === 0 ? log.info(line) : log.error(line)));
    log.error(`verify: FAILED — ${report.mismatches.length} mismatches${report.raw.duplicateOrders ? `, ${report.raw.duplicateOrders} duplicated orders` : ''}`);
    return 1;
  } catch (error) {
    log.error(`verify: ${describeError(error)}`);
    return 1;
  }
}
