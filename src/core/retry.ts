// One retry loop for every adapter. It reads only the error's retriable flag.
import type { Clock } from './clock';

export interface RetryOptions {
  retries?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  clock: Clock;
  /** Told about each failed attempt that will be retried. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const isRetriable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;

export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { retries = 5, initialDelayMs = 200, maxDelayMs = 5_000, clock, onRetry } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetriable(error) || attempt > retries) throw error;
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
      onRetry?.(error, attempt, delay);
      await clock.sleep(delay);
    }
  }
}
