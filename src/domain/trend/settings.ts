// Settings of the trend detector and its alerts, in one strict shape, with per-department
// overrides. Users write them as flags (config/settings-table.ts); tests and notebooks pass them.

/** Evidence (in log-likelihood units, see poisson.ts) an alert needs, by sensitivity name. */
export const SENSITIVITY_THRESHOLDS = { low: 24, normal: 20, high: 16 } as const;
export type SensitivityName = keyof typeof SENSITIVITY_THRESHOLDS;

/** What a department may override: its own products and the department itself. */
export interface DepartmentOverride {
  threshold?: number;
  minSupport?: number;
  minChange?: number;
  cooldownMs?: number;
  /** No alerts for this department or its products (it is still learned). */
  muted?: boolean;
}

export interface AlertSettings {
  /** The trend detector (`--alerts on`). */
  enabled: boolean;
  /** Without the detector, the stop-gap rule of the live view (`--alerts simple`); off by default. */
  simpleRule?: boolean;
  /** CUSUM decision threshold: higher means fewer, later alerts. */
  threshold: number;
  /**
   * The detectable floor, in orders (products) or lines (departments) per minute: a subject
   * expected to sell less is "too little data to judge": it is not tested for a drop, and a
   * rise is measured against the floor, not against its own tiny rate.
   */
  minSupport: number;
  /** Smallest relative change worth an alert: 0.3 = up by 30% or down by 30%. */
  minChange: number;
  /** After an alert resolves, the same subject and direction re-opens it instead of raising a new one. */
  cooldownMs: number;
  /** Event time the detector learns before it may alert. */
  warmupMs: number;
  /** Half-life of the learned shares (the baseline), in event time. */
  halfLifeMs: number;
  /**
   * A change that lasts this long is a new level: the baseline learns it, so that later
   * changes are measured against it, while the alert stays open ("now ×3 for 2 h") until the
   * subject is back near its level before the change.
   */
  adaptAfterMs: number;
  /** Length of the sub-windows the detector is fed, so a change is judged every slice, wherever it starts in a window. */
  sliceMs: number;
  /** Places a top-K product must climb over its baseline rank to be reported as a rank mover. */
  rankJump: number;
  /** Overrides by department id. */
  departments: Record<number, DepartmentOverride>;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  enabled: true,
  threshold: SENSITIVITY_THRESHOLDS.normal,
  minSupport: 1,
  minChange: 0.3,
  cooldownMs: 15 * 60_000,
  warmupMs: 30 * 60_000,
  halfLifeMs: 60 * 60_000,
  adaptAfterMs: 2 * 3_600_000,
  sliceMs: 15_000,
  rankJump: 3,
  departments: {},
};

export interface EffectiveRules {
  threshold: number;
  minSupport: number;
  minChange: number;
  cooldownMs: number;
  muted: boolean;
}

/** The rules for a subject of a department (null: no department known), overrides applied. */
export function rulesFor(settings: AlertSettings, departmentId: number | null): EffectiveRules {
  const o = departmentId === null ? undefined : settings.departments[departmentId];
  return {
    threshold: o?.threshold ?? settings.threshold,
    minSupport: o?.minSupport ?? settings.minSupport,
    minChange: o?.minChange ?? settings.minChange,
    cooldownMs: o?.cooldownMs ?? settings.cooldownMs,
    muted: o?.muted ?? false,
  };
}

/** "low" | "normal" | "high" or a number: the threshold, or a message naming what is wrong. */
export function parseSensitivity(text: string): number | string {
  if (text in SENSITIVITY_THRESHOLDS) return SENSITIVITY_THRESHOLDS[text as SensitivityName];
  const n = Number(text);
  if (Number.isFinite(n) && n > 0) return n;
  return `expected low, normal, high or a positive number (the evidence threshold, normal = ${SENSITIVITY_THRESHOLDS.normal}), got "${text}"`;
}
