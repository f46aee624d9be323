// Number and time formatting shared by the dashboard and the embeddable views (browser script).
'use strict';
window.fmt = (() => {
  const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const money2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const compactMoney = (n) => {
    const abs = Math.abs(n);
    if (abs >= 1e6) return `$${(n / 1e6).toFixed(abs >= 1e7 ? 1 : 2)}M`;
    if (abs >= 1e4) return `$${(n / 1e3).toFixed(1)}k`;
    return money2.format(n);
  };
  const age = (ms) => {
    if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    // "21m 07s": a KPI card at 1400 px has room for ~9 characters ("21 min 12 s" was cut).
    if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
    return `${(ms / 3_600_000).toFixed(1)} h`;
  };
  const clock = (t) => new Date(t).toLocaleTimeString('en-GB', { hour12: false });
  /** "Mon 30 Nov, 14:00": a moment a day or more back. */
  const stamp = (t) => new Date(t).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false });
  const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return { int: (n) => int.format(n), money: (n) => money2.format(n), compactMoney, age, clock, stamp, escape };
})();
