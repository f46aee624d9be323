// Short numbers for chart labels; one place, so every chart writes money the same way.

export function shortMoney(dollars: number): string {
  const abs = Math.abs(dollars);
  if (abs >= 1e6) return `$${(dollars / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `$${(dollars / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return `$${dollars.toFixed(abs >= 100 ? 0 : 2)}`;
}

export const percent = (fraction: number, digits = 1): string => `${(fraction * 100).toFixed(digits)}%`;

/** "▲ 23%", "▼ 8%", "● new", "→ −2%" (flat), "· too little data" (below the detector's floor). */
export function trendText(trend: string, changePct: number | null): string {
  if (trend === 'new') return '● new';
  if (trend === 'too-little-data') return '· too little data';
  if (trend === 'none' || changePct === null) return '';
  const size = Math.abs(changePct) >= 999 ? '999+' : Math.abs(changePct).toFixed(0);
  if (trend === 'up') return `▲ ${size}%`;
  if (trend === 'down') return `▼ ${size}%`;
  return `→ ${changePct < 0 ? '−' : '+'}${size}%`;
}

/** "↑2", "↓3", "=" or "" when there is no earlier rank. */
export function rankChangeText(rankChange: number | null): string {
  if (rankChange === null) return '';
  if (rankChange > 0) return `↑${rankChange}`;
  if (rankChange < 0) return `↓${-rankChange}`;
  return '=';
}

type Delta = { abs: number; pct: number | null };

const signOf = (v: number): string => (v < 0 ? '−' : '+');
/** "+9.8%", or "new" when the earlier figure was 0. */
const deltaPctText = (pct: number | null): string => (pct === null ? 'new' : `${signOf(pct)}${Math.abs(pct).toFixed(1)}%`);

/** A tooltip's "vs comparison period": exact money and the change, or a dash without a comparison. */
export function deltaTooltip(delta: Delta | undefined): string {
  return delta ? `${signOf(delta.abs)}$${Math.abs(delta.abs).toFixed(2)} (${deltaPctText(delta.pct)})` : '–';
}

/** "Δ +$1.2k (+9.8%)" against a comparison period; "Δ +$40 (new)" when the earlier figure was 0. */
export function deltaText(delta: Delta | undefined): string {
  return delta ? `Δ ${signOf(delta.abs)}${shortMoney(Math.abs(delta.abs))} (${deltaPctText(delta.pct)})` : '';
}
