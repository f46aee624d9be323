// Query parameters, checked strictly: a wrong or unknown one is a 400 that names it, says
// what it got and what it takes.
import type { Request } from 'express';
import { COMPARE_CHOICES, DASHBOARD_RANGES, type CompareWith, type DashboardRange, type DashboardSelection, type LiveView } from '../src/index';

export class BadQuery extends Error {}

const show = (raw: unknown): string => JSON.stringify(raw);

/** Rejects parameters the endpoint does not take (a typo would otherwise be silently ignored). */
export function onlyParams(req: Request, allowed: readonly string[]): void {
  for (const name of Object.keys(req.query)) {
    if (!allowed.includes(name)) {
      throw new BadQuery(allowed.length === 0
        ? `${req.path} takes no query parameters, got "${name}"`
        : `unknown query parameter "${name}" for ${req.path}; it takes ${allowed.join(', ')}`);
    }
  }
}

function single(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new BadQuery(`query parameter "${name}" must be given once, as text, got ${show(raw)}`);
  return raw;
}

export function intParam(req: Request, name: string, fallback: number, min: number, max: number): number {
  const raw = single(req, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new BadQuery(`query parameter "${name}" must be a whole number from ${min} to ${max}, got ${show(raw)}`);
  }
  return n;
}

export function choiceParam<T extends string>(req: Request, name: string, choices: readonly T[], fallback: T): T {
  const raw = single(req, name);
  if (raw === undefined) return fallback;
  const choice = choices.find((c) => c === raw);
  if (!choice) throw new BadQuery(`query parameter "${name}" must be one of ${choices.join(', ')}, got ${show(raw)}`);
  return choice;
}

/** range (5m|15m|1h|24h|all, default 5m) and department (all, an id, or a known name). */
export function selectionParams(req: Request, view: LiveView): DashboardSelection {
  const range = choiceParam<DashboardRange>(req, 'range', DASHBOARD_RANGES, '5m');
  const raw = single(req, 'department');
  if (raw === undefined || raw === 'all' || raw === '') return { range, departmentId: null };
  const id = Number(raw);
  if (Number.isInteger(id) && id > 0 && id <= 1_000_000) return { range, departmentId: id };
  const known = view.knownDepartments();
  const byName = known.find((d) => d.department.toLowerCase() === raw.toLowerCase());
  if (byName) return { range, departmentId: byName.departmentId };
  throw new BadQuery(`query parameter "department" must be "all", a department id or a known department name, got ${show(raw)}` +
    (known.length > 0 ? ` (known: ${known.map((d) => `${d.departmentId} ${d.department}`).join(', ')})` : ' (no departments seen yet)'));
}

/**
 * width: a number of pixels or "container"; height: pixels; title: "none" to leave it out;
 * data: "none" for empty datasets (a page that fills them from the event stream).
 */
export function chartOptionParams(req: Request): { width?: number | 'container'; height?: number; title?: null; withData?: boolean } {
  const width = single(req, 'width');
  const options: { width?: number | 'container'; height?: number; title?: null; withData?: boolean } = {};
  if (choiceParam(req, 'data', ['inline', 'none'] as const, 'inline') === 'none') options.withData = false;
  if (width !== undefined) options.width = width === 'container' ? 'container' : intParam(req, 'width', 0, 50, 4000);
  if (req.query.height !== undefined) options.height = intParam(req, 'height', 0, 30, 4000);
  if (choiceParam(req, 'title', ['show', 'none'] as const, 'show') === 'none') options.title = null;
  return options;
}

/** compare: none (default), day or week: the same period the previous day or week. */
export const compareParam = (req: Request): CompareWith => choiceParam<CompareWith>(req, 'compare', COMPARE_CHOICES, 'none');
