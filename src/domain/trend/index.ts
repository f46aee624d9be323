// The door of domain/trend/: the trend detector: baselines, CUSUMs, alert lifecycle and wording (pure).
// Other folders import from here; files of this folder import each other directly.
export { productArrow, TREND_FLAT_PCT, TREND_RULE_TEXT } from './arrows';
export type { HalfFigures, ProductTrend } from './arrows';
export { countsFromWindow, createWindowCounter, emptyCounts } from './counts';
export type { DepartmentCount, ProductCount, WindowCounts } from './counts';
export { createTrendDetector } from './detector';
export type { TrendDetector, TrendDetectorOptions } from './detector';
export { durationText, SEVERITY_RANK } from './messages';
export { ratioBanks, ratioSet } from './poisson';
export { DEFAULT_ALERT_SETTINGS, parseSensitivity, rulesFor } from './settings';
export type { AlertSettings, DepartmentOverride } from './settings';
export type { TrendDirection, TrendReading, TrendSeverity, TrendSignal } from './types';
