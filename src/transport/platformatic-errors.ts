// Broker error names inside @platformatic/kafka errors, which nest causes and retries' failures.

/** Every message in an error and its causes, for matching broker error names. */
export function describeDeep(error: unknown, depth = 0): string {
  if (!error || typeof error !== 'object' || depth > 6) return String(error ?? '');
  const e = error as { message?: string; apiId?: string; cause?: unknown; errors?: unknown[] };
  return [e.apiId ?? '', e.message ?? '', describeDeep(e.cause, depth + 1), ...(e.errors ?? []).map((x) => describeDeep(x, depth + 1))].join(' ');
}
