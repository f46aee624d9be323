// How report numbers read in text: dollars with cents, counts with separators, signed
// percentages, and times in UTC (the history is partitioned in UTC, so reports say UTC).

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatMoney = (value: number): string => money.format(value);
export const formatCount = (value: number): string => count.format(value);

/** A fraction as a percentage: 0.123 → "12.3%". */
export const formatShare = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** A change in percent, signed: 12.3 → "+12.3%", null → "n/a". */
export const formatChange = (pct: number | null): string =>
  pct === null ? 'n/a' : `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct).toFixed(1)}%`;

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-24 06:05 UTC" */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "09:00" */
export const formatHour = (hourOfDay: number): string => `${pad(hourOfDay)}:00`;

/** A compact UTC stamp for file names: 20261124T0605Z (seconds added when given). */
export function fileStamp(epochMs: number, withSeconds = false): string {
  const d = new Date(epochMs);
  const seconds = withSeconds ? pad(d.getUTCSeconds()) : '';
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${seconds}Z`;
}

/** The alert log's value columns, in the PDF and the XLSX, say their unit: counts a minute, never money. */
export const ALERT_EXPECTED_HEADER = 'Expected (orders or lines/min)';
export const ALERT_OBSERVED_HEADER = 'Observed (orders or lines/min)';
