// Which progress reports a stage-1 worker owes stage 2 for the partitions it owns but has
// nothing new from: stage 2 holds every window until each partition of the source topic has
// reported, so a quiet partition must still say where it stands. It is idle only when it is
// caught up to its log end (checked against the broker, not guessed) and has been silent for
// the idle timeout; a partition that merely has not been read yet is never idle.
import type { Clock } from '../core/index';
import type { PartitionStanding } from '../transport/index';

export interface ProgressReport {
  partition: number;
  /** Next offset to read: the report's empty range starts there. */
  nextOffset: number;
  idle: boolean;
}

export interface ProgressReporterOptions {
  idleTimeoutMs: number;
  clock: Clock;
  /** Log ends and commits of the source topic, fresh from the transport. */
  standings(): Promise<PartitionStanding[]>;
  /** A report with nothing new is repeated this often, so that a restarted stage 2 hears it soon. */
  repeatMs?: number;
}

export interface ProgressReporter {
  assigned(partitions: readonly number[]): void;
  released(partitions: readonly number[]): void;
  /** Records of a partition were read: it is busy now. */
  sawRecords(partition: number): void;
  /** Reports owed for owned partitions not in `reporting`, given where each one's reading stands. */
  due(reporting: ReadonlySet<number>, position: (partition: number) => number | undefined): Promise<ProgressReport[]>;
}

export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const { idleTimeoutMs, clock } = options;
  const repeatMs = options.repeatMs ?? 2_000;
  /** Owned partition → wall time of its newest record (or of its assignment). */
  const lastRecord = new Map<number, number>();
  const lastReport = new Map<number, { wall: number; idle: boolean; nextOffset: number }>();

  return {
    assigned(partitions) {
      for (const p of partitions) if (!lastRecord.has(p)) lastRecord.set(p, clock.now());
    },
    released(partitions) {
      for (const p of partitions) {
        lastRecord.delete(p);
        lastReport.delete(p);
      }
    },
    sawRecords(partition) {
      lastRecord.set(partition, clock.now());
    },
    async due(reporting, position) {
      const now = clock.now();
      const quiet = [...lastRecord].filter(([p]) => !reporting.has(p)).map(([p, wall]) => ({ p, silent: now - wall >= idleTimeoutMs }));
      if (quiet.length === 0) return [];
      const standings = quiet.some((q) => q.silent) ? new Map((await options.standings()).map((s) => [s.partition, s])) : new Map<number, PartitionStanding>();
      const reports: ProgressReport[] = [];
      for (const { p, silent } of quiet) {
        const standing = standings.get(p);
        const nextOffset = position(p) ?? standing?.committed ?? standing?.start ?? 0;
        const idle = silent && standing !== undefined && nextOffset >= standing.end;
        const last = lastReport.get(p);
        if (last && last.idle === idle && last.nextOffset === nextOffset && now - last.wall < repeatMs) continue;
        lastReport.set(p, { wall: now, idle, nextOffset });
        reports.push({ partition: p, nextOffset, idle });
      }
      return reports;
    },
  };
}
