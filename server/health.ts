// Health of what the dashboard depends on: the transport (Kafka or the in-process log) and
// the store (HDFS or a local folder). Each is probed on a timer; /healthz and the pushed
// dashboard carry the result, so the page can say "Kafka unreachable at 127.0.0.1:9092".
import { describeError, type Store, type Transport } from '../src/index';

export interface HealthCheck {
  name: string;
  /** What it is, in the user's words: "Kafka", "HDFS". */
  label: string;
  address: string;
  probe(): Promise<unknown>;
}

export interface CheckState {
  name: string;
  label: string;
  address: string;
  /** null until the first probe answers. */
  ok: boolean | null;
  message: string;
  checkedAt: number | null;
  /** Since when it has been in this state. */
  since: number;
}

export interface Health {
  status: 'ok' | 'degraded' | 'starting';
  checks: CheckState[];
}

export interface HealthMonitor {
  current(): Health;
  onChange(listener: () => void): () => void;
  /** Probes everything now; resolves when every probe has answered or timed out. */
  checkNow(): Promise<Health>;
  stop(): void;
}

const LABELS: Record<string, string> = { kafka: 'Kafka', memory: 'in-process log', webhdfs: 'HDFS', fs: 'local store' };

/** The checks of a running pipeline: the transport always, the store when this process has one. */
export function pipelineHealthChecks(parts: { transport: Transport; store?: Store }, topic: string): HealthCheck[] {
  const checks: HealthCheck[] = [{
    name: 'transport', label: LABELS[parts.transport.kind] ?? parts.transport.kind, address: parts.transport.address,
    probe: () => parts.transport.partitionCount(topic),
  }];
  const { store } = parts;
  if (store) checks.push({ name: 'store', label: LABELS[store.kind] ?? store.kind, address: store.location, probe: () => store.exists('purchase-analytics') });
  return checks;
}

export function createHealthMonitor(options: { checks: HealthCheck[]; intervalMs?: number; timeoutMs?: number; now?: () => number }): HealthMonitor {
  const { checks, intervalMs = 2_000, timeoutMs = 3_000, now = Date.now } = options;
  const listeners = new Set<() => void>();
  const states = new Map<string, CheckState>(checks.map((c) => [c.name, {
    name: c.name, label: c.label, address: c.address, ok: null, message: `checking ${c.label} at ${c.address}`, checkedAt: null, since: now(),
  }]));

  const probeOne = async (check: HealthCheck): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    let ok: boolean;
    let message: string;
    try {
      await Promise.race([check.probe(), timeout]);
      ok = true;
      message = `${check.label} at ${check.address}`;
    } catch (error) {
      ok = false;
      message = `${check.label} unreachable at ${check.address}: ${describeError(error)}`;
    } finally {
      clearTimeout(timer);
    }
    const before = states.get(check.name) as CheckState;
    const changed = before.ok !== ok || before.message !== message;
    states.set(check.name, { ...before, ok, message, checkedAt: now(), since: before.ok === ok ? before.since : now() });
    if (changed) listeners.forEach((l) => l());
  };

  const current = (): Health => {
    const list = [...states.values()];
    const status = list.some((s) => s.ok === false) ? 'degraded' : list.some((s) => s.ok === null) ? 'starting' : 'ok';
    return { status, checks: list };
  };
  const checkNow = async (): Promise<Health> => {
    await Promise.all(checks.map(probeOne));
    return current();
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void checkNow().finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  void checkNow();

  return {
    current,
    checkNow,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => clearInterval(timer),
  };
}

/** For an app with nothing to probe (tests of views alone). */
export const staticHealth = (checks: CheckState[] = []): HealthMonitor => ({
  current: () => ({ status: checks.some((c) => c.ok === false) ? 'degraded' : 'ok', checks }),
  checkNow: async () => ({ status: checks.some((c) => c.ok === false) ? 'degraded' : 'ok', checks }),
  onChange: () => () => undefined,
  stop: () => undefined,
});
