// Alert settings as users write them: "--alert-department 4:sensitivity=high,min-support=20"
// and "--alert-min-change 30%". Parsers return a message naming what is wrong instead of throwing.
import { parseSensitivity, type DepartmentOverride } from '../domain/trend/index';
import { parseDuration } from '../core/index';

export const DEPARTMENT_OVERRIDE_SYNTAX =
  '<department id>:key=value,... with keys sensitivity (low|normal|high|<n>), min-support, min-change, cooldown, or the word mute; e.g. 4:sensitivity=high,min-support=20';

/** "30%" or "0.3": a relative change; a message when it is not one. */
export function parseChange(text: string): number | string {
  const percent = text.trim().endsWith('%');
  const n = Number(percent ? text.trim().slice(0, -1) : text);
  const value = percent || n > 1 ? n / 100 : n;
  if (!Number.isFinite(n) || value <= 0 || value >= 1) return `expected a change between 0 and 100%, like 30% or 0.3, got "${text}"`;
  return value;
}

export function parseMinSupport(text: string): number | string {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : `expected a positive number of orders (or lines) per minute, got "${text}"`;
}

export function parseDepartmentOverride(text: string): { departmentId: number; override: DepartmentOverride } | string {
  const [idText = '', rest = ''] = text.split(':', 2);
  const departmentId = Number(idText);
  if (!Number.isInteger(departmentId) || departmentId <= 0) return `expected ${DEPARTMENT_OVERRIDE_SYNTAX}; "${idText}" is not a department id`;
  const override: DepartmentOverride = {};
  for (const part of rest.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part === 'mute') {
      override.muted = true;
      continue;
    }
    const [key, value = ''] = part.split('=', 2) as [string, string?];
    const problem = applyKey(override, key, value);
    if (problem) return `department ${departmentId}: ${problem}`;
  }
  if (Object.keys(override).length === 0) return `department ${departmentId}: nothing to override; expected ${DEPARTMENT_OVERRIDE_SYNTAX}`;
  return { departmentId, override };
}

function applyKey(o: DepartmentOverride, key: string, value: string): string | undefined {
  switch (key) {
    case 'sensitivity': {
      const threshold = parseSensitivity(value);
      if (typeof threshold === 'string') return `sensitivity: ${threshold}`;
      o.threshold = threshold;
      return undefined;
    }
    case 'min-support': {
      const n = parseMinSupport(value);
      if (typeof n === 'string') return `min-support: ${n}`;
      o.minSupport = n;
      return undefined;
    }
    case 'min-change': {
      const n = parseChange(value);
      if (typeof n === 'string') return `min-change: ${n}`;
      o.minChange = n;
      return undefined;
    }
    case 'cooldown': {
      const ms = parseDuration(value);
      if (ms === undefined) return `cooldown: expected a duration like 15m, got "${value}"`;
      o.cooldownMs = ms;
      return undefined;
    }
    default:
      return `unknown key "${key}"; expected sensitivity, min-support, min-change, cooldown or mute`;
  }
}
