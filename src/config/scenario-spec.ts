// Scenarios as users write them: "surge:product=39592,factor=3,from=5m,to=15m".
// Times are offsets from the start of the stream, so the same flag works on any day.
import type { Scenario } from '../sources/index';
import { parseDuration } from '../core/index';

export type ScenarioSpec =
  | { kind: 'surge' | 'drop'; productId: number; factor: number; fromMs: number; toMs: number }
  | { kind: 'new-entrant'; productId: number; share: number; fromMs: number; toMs: number }
  | { kind: 'department-shift'; departmentId: number; factor: number; fromMs: number; toMs: number };

const KINDS = ['surge', 'drop', 'new-entrant', 'department-shift'] as const;

export const SCENARIO_SYNTAX = 'KIND:key=value,... with KIND surge|drop|new-entrant|department-shift, e.g. surge:product=44849,factor=3,from=5m,to=15m';

/** Parses one --scenario value; returns a message naming what is wrong instead of throwing. */
export function parseScenario(text: string): ScenarioSpec | string {
  const [kindText, rest = ''] = text.split(':', 2) as [string, string?];
  const kind = KINDS.find((k) => k === kindText);
  if (!kind) return `unknown scenario kind "${kindText}" in "${text}"; expected ${SCENARIO_SYNTAX}`;
  const fields = new Map(rest.split(',').filter(Boolean).map((pair) => pair.split('=', 2) as [string, string]));
  const number = (key: string, fallback?: number): number | string => {
    const raw = fields.get(key);
    if (raw === undefined) return fallback ?? `scenario "${text}" needs ${key}=…`;
    const value = Number(raw);
    return Number.isFinite(value) ? value : `scenario "${text}": ${key} must be a number, got "${raw}"`;
  };
  const time = (key: string, fallback: number): number | string => {
    const raw = fields.get(key);
    if (raw === undefined) return fallback;
    return parseDuration(raw) ?? `scenario "${text}": ${key} must be a duration like 5m, got "${raw}"`;
  };
  const fromMs = time('from', 0);
  const toMs = time('to', 10 * 365 * 86_400_000);
  const factor = number('factor', kind === 'drop' ? 0 : undefined);
  const share = number('share', 0.05);
  const id = number(kind === 'department-shift' ? 'department' : 'product');
  for (const v of [fromMs, toMs, id, kind === 'new-entrant' ? share : factor]) if (typeof v === 'string') return v;
  const [f, t, i] = [fromMs, toMs, id] as number[];
  if (t! <= f!) return `scenario "${text}": to must be after from`;
  if (kind === 'new-entrant') return { kind, productId: i!, share: share as number, fromMs: f!, toMs: t! };
  if (kind === 'department-shift') return { kind, departmentId: i!, factor: factor as number, fromMs: f!, toMs: t! };
  return { kind, productId: i!, factor: factor as number, fromMs: f!, toMs: t! };
}

/** Places a spec on the timeline of a stream that starts at startMs. */
export function resolveScenario(spec: ScenarioSpec, startMs: number): Scenario {
  const from = startMs + spec.fromMs;
  const to = startMs + spec.toMs;
  switch (spec.kind) {
    case 'new-entrant':
      return { kind: spec.kind, productId: spec.productId, share: spec.share, from, to };
    case 'department-shift':
      return { kind: spec.kind, departmentId: spec.departmentId, factor: spec.factor, from, to };
    default:
      return { kind: spec.kind, productId: spec.productId, factor: spec.factor, from, to };
  }
}
