// Event-time windows are pure functions of a timestamp, aligned to the epoch.
// Tumbling: advance = size. Hopping: advance < size, so one time falls in size/advance windows.

export interface WindowSpec {
  sizeMs: number;
  advanceMs: number;
}

export interface TimeWindow {
  start: number;
  end: number;
}

export const tumbling = (sizeMs: number): WindowSpec => ({ sizeMs, advanceMs: sizeMs });
export const hopping = (sizeMs: number, advanceMs: number): WindowSpec => ({ sizeMs, advanceMs });

export function checkWindowSpec(spec: WindowSpec): string | undefined {
  if (!(Number.isInteger(spec.sizeMs) && spec.sizeMs > 0)) return `window size must be a positive whole number of ms, got ${spec.sizeMs}`;
  if (!(Number.isInteger(spec.advanceMs) && spec.advanceMs > 0)) return `window advance must be a positive whole number of ms, got ${spec.advanceMs}`;
  if (spec.advanceMs > spec.sizeMs) return `window advance (${spec.advanceMs} ms) must not exceed its size (${spec.sizeMs} ms)`;
  if (spec.sizeMs % spec.advanceMs !== 0) return `window size (${spec.sizeMs} ms) must be a multiple of its advance (${spec.advanceMs} ms)`;
  return undefined;
}

/** Floor of t to a multiple of step, correct for negative times too. */
export const alignDown = (t: number, step: number): number => t - (((t % step) + step) % step);

/** Start times of every window containing t, oldest first. The end is exclusive. */
export function windowStartsFor(t: number, spec: WindowSpec): number[] {
  const last = alignDown(t, spec.advanceMs);
  const starts: number[] = [];
  for (let start = last - spec.sizeMs + spec.advanceMs; start <= last; start += spec.advanceMs) {
    if (t >= start && t < start + spec.sizeMs) starts.push(start);
  }
  return starts;
}

export const windowsFor = (t: number, spec: WindowSpec): TimeWindow[] =>
  windowStartsFor(t, spec).map((start) => ({ start, end: start + spec.sizeMs }));

/** The end of the newest window containing t: once the watermark passes it, t is late everywhere. */
export const lastWindowEnd = (t: number, spec: WindowSpec): number => alignDown(t, spec.advanceMs) + spec.sizeMs;
