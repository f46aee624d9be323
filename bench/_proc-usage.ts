// RSS and CPU time of live processes, read from /proc (Linux): a benchmark's child processes
// and theirs (the stage-1 workers of --workers N).
import { readdir, readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100; // /proc's clock ticks (USER_HZ) on Linux

export interface Usage { rssMb: number; cpuSeconds: number }

/** RSS (MB) and CPU seconds of a live process, from /proc. */
export async function usage(pid: number): Promise<Usage> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  // Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
  return { rssMb: Math.round(rssKb / 1024), cpuSeconds: (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND };
}

/**
 * CPU seconds of this process's main thread alone (its task whose id is the pid), where the
 * stream runs: what a worker thread takes off it shows here and not in process.cpuUsage().
 * Null where /proc is not there.
 */
export async function mainThreadCpuSeconds(): Promise<number | null> {
  const stat = await readFile(`/proc/self/task/${process.pid}/stat`, 'utf8').catch(() => undefined);
  const fields = stat?.split(') ')[1]?.split(' ');
  return fields ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND : null;
}

/** The process and its children (the stage-1 workers), each measured; one gone meanwhile is left out. */
export async function treeUsage(pid: number): Promise<Array<Usage & { pid: number }>> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 4 (ppid) is the 2nd after the command name.
    if (Number(stat.split(') ')[1]?.split(' ')[1]) === pid) children.push(Number(entry));
  }
  const measured = await Promise.all([pid, ...children].map((p) => usage(p).then((u) => ({ ...u, pid: p }), () => undefined)));
  return measured.filter((u): u is Usage & { pid: number } => u !== undefined);
}

export interface UsageTracker {
  /** CPU seconds at the last sample, and the highest RSS sampled so far. */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  stop(): void;
}

/** Samples a process every everyMs until stopped: its CPU time (so a little low) and peak RSS. */
export function trackUsage(pid: number | undefined, everyMs = 250): UsageTracker {
  const sampled = { cpuSeconds: 0, peakRssMb: 0 };
  const timer = setInterval(() => {
    if (pid === undefined) return;
    void usage(pid).then((u) => {
      sampled.cpuSeconds = u.cpuSeconds;
      sampled.peakRssMb = Math.max(sampled.peakRssMb, u.rssMb);
    }, () => undefined);
  }, everyMs);
  return {
    get cpuSeconds() {
      return sampled.cpuSeconds;
    },
    get peakRssMb() {
      return sampled.peakRssMb;
    },
    stop: () => clearInterval(timer),
  };
}
