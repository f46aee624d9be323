// When a running command stops, and how long stopping may take. A stop is asked for by the
// first SIGINT/SIGTERM, by --duration, by a fatal error of any part, or by the source ending.
// From that moment a deadline runs: if the flush has not finished by then, the process exits 1
// naming the step it was stuck in. A second signal exits at once. Nothing here waits for work.
import type { Log } from '../src/index';

export type StopReason = 'SIGINT' | 'SIGTERM' | 'duration' | 'failure' | 'source ended';

export interface StopControl {
  /** Resolves with the first reason to stop. */
  readonly requested: Promise<StopReason>;
  readonly reason: StopReason | undefined;
  /** The first fatal error, if any. */
  readonly error: unknown;
  request(reason: StopReason): void;
  /** A part failed: keep the first error and stop. */
  fail(error: unknown): void;
  /** Names what is under way, for the message when the deadline passes. */
  step(text: string): void;
  /** Removes the signal handlers and timers. */
  dispose(): void;
}

export interface StopControlOptions {
  log: Log;
  durationMs?: number;
  stopTimeoutMs: number;
  /** Ends the process (default process.exit). */
  exit?: (code: number) => void;
  /** Where signals come from (default process). */
  signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

export function createStopControl(options: StopControlOptions): StopControl {
  const { log, stopTimeoutMs, exit = (code) => process.exit(code), signals = process } = options;
  let reason: StopReason | undefined;
  let error: unknown;
  let current = 'starting';
  let resolve: (reason: StopReason) => void = () => undefined;
  const requested = new Promise<StopReason>((r) => (resolve = r));
  const timers: NodeJS.Timeout[] = [];
  const seconds = stopTimeoutMs / 1000;

  const request = (why: StopReason): void => {
    if (reason) return;
    reason = why;
    timers.push(setTimeout(() => {
      log.error(`stopping (${why}) did not finish within ${seconds} s; it was still ${current}. Exiting without a complete flush`);
      exit(1);
    }, stopTimeoutMs));
    resolve(why);
  };
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    if (reason === 'SIGINT' || reason === 'SIGTERM') {
      log.warn(`second ${signal}: exiting at once, without finishing the flush`);
      exit(SIGNAL_EXIT[signal]);
      return;
    }
    log.info(`${signal} received: flushing and stopping (at most ${seconds} s; send it again to exit at once)`);
    // A signal during a stop already under way is still a user asking to stop.
    if (reason) reason = signal;
    else request(signal);
  };
  const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') };
  signals.on('SIGINT', handlers.SIGINT);
  signals.on('SIGTERM', handlers.SIGTERM);
  if (options.durationMs) timers.push(setTimeout(() => request('duration'), options.durationMs));

  return {
    requested,
    get reason() {
      return reason;
    },
    get error() {
      return error;
    },
    request,
    fail(failure) {
      error ??= failure;
      request('failure');
    },
    step(text) {
      current = text;
    },
    dispose() {
      timers.forEach(clearTimeout);
      signals.off('SIGINT', handlers.SIGINT);
      signals.off('SIGTERM', handlers.SIGTERM);
    },
  };
}
