// The trend detector: pure, one call per closed window. Per product (orders containing it)
// and per department (its lines) it compares the window's count with the learned share ×
// the window's orders (baseline.ts), scores the difference with Poisson CUSUMs scaled by a
// learned dispersion (poisson.ts, tracks.ts), and reports onsets, ongoing episodes and
// recoveries. One department-wide shift raises one alert, not one per product (departments.ts).
import { createDispersion, createShareBaseline, type Dispersion } from './baseline';
import { classifyRise, windowRank } from './classify';
import type { WindowCounts } from './counts';
import { departmentRemainder, explainedByDepartment, type Movement } from './departments';
import { changePct, SEVERITY_RANK, severityFor, trendMessage } from './messages';
import { rulesFor, type AlertSettings, type EffectiveRules } from './settings';
import { createTrack, endEpisode, episodeRatio, isHot, stepEpisode, stepQuiet, type Onset, type Track } from './tracks';
import type { TrendDirection, TrendLevel, TrendReading, TrendSignal } from './types';

export interface TrendDetectorOptions {
  settings: AlertSettings;
  topK: number;
  /** Weight of one window's evidence: advance / size for hopping windows (they overlap), else 1. */
  windowWeight?: number;
}

export interface TrendDetector {
  evaluate(window: WindowCounts): TrendSignal[];
  reading(level: TrendLevel, id: number): TrendReading | undefined;
  /** Learned dispersion of product counts and of each department's lines. */
  dispersion(): { products: number; departments: Record<number, number> };
  readonly windows: number;
}

/** The baseline ranking is refreshed every few windows; it moves slowly. */
const RANK_EVERY = 5;
/** Minutes of event time a window covers: the minimum support is per minute. */
const minutes = (w: WindowCounts): number => (w.end - w.start) / 60_000;

interface Pending { track: Track; onset: Onset; x: number; mu: number }

export function createTrendDetector(options: TrendDetectorOptions): TrendDetector {
  const { settings, topK } = options;
  const weight = options.windowWeight ?? 1;
  const tracks = { product: new Map<number, Track>(), department: new Map<number, Track>() };
  const shares = { product: createShareBaseline(settings), department: createShareBaseline(settings) };
  const productPhi = createDispersion({ rate: 0.03, cap: 25, minResiduals: 20 });
  const departmentPhi = new Map<number, Dispersion>();
  const byDepartment = new Map<number, Set<number>>();
  /** Products with evidence building or an episode open: stepped every window, sold or not. */
  const hot = new Set<number>();
  const rules = new Map<number | null, EffectiveRules>();
  let ranked: number[] = [];
  let rankOf = new Map<number, number>();
  let windows = 0;
  let meanOrders = 0;
  let firstStart: number | undefined;

  const rulesOf = (departmentId: number | null): EffectiveRules => {
    let r = rules.get(departmentId);
    if (!r) rules.set(departmentId, (r = rulesFor(settings, departmentId)));
    return r;
  };
  const phiOf = (id: number): Dispersion => {
    let d = departmentPhi.get(id);
    if (!d) departmentPhi.set(id, (d = createDispersion({ rate: 0.02, cap: 50, initial: 1.5 })));
    return d;
  };
  const trackOf = (level: TrendLevel, id: number, name: string | undefined, departmentId: number | null): Track => {
    let t = tracks[level].get(id);
    if (t) return t;
    tracks[level].set(id, (t = createTrack(level, id, name ?? `${level} ${id}`, departmentId)));
    if (level === 'product' && departmentId !== null) {
      let set = byDepartment.get(departmentId);
      if (!set) byDepartment.set(departmentId, (set = new Set()));
      set.add(id);
    }
    return t;
  };

  /**
   * The baseline's ranking of the products that can matter: those expected to sell at least
   * a quarter of the minimum support in a typical window. Ranking the whole catalogue every
   * window would cost more than the detection itself.
   */
  const rerank = (w: WindowCounts): void => {
    const least = (settings.minSupport * minutes(w)) / 4 / Math.max(meanOrders, 1);
    const list: Array<[number, number]> = [];
    for (const id of shares.product.ids()) {
      const share = shares.product.share(id);
      if (share >= least) list.push([id, share]);
    }
    ranked = list.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
    rankOf = new Map(ranked.map((id, i) => [id, i + 1]));
  };

  const signal = (t: Track, kind: TrendSignal['kind'], w: WindowCounts, x: number, mu: number, evidence: number): TrendSignal => {
    const e = t.episode!;
    const ratio = episodeRatio(e);
    return {
      kind, level: t.level, subjectId: t.id, subjectName: t.name, departmentId: t.departmentId,
      polarity: e.polarity, direction: e.direction, severity: e.severity, windowStart: w.start, at: w.end,
      observed: x, baseline: mu, changePct: changePct(x, mu), ratio, evidence, rank: e.rank, baselineRank: e.baselineRank,
      message: trendMessage({ level: t.level, name: t.name, direction: e.direction, observed: x, baseline: mu, ratio,
        rank: e.rank, baselineRank: e.baselineRank, topK, isNew: e.isNew, recovered: kind === 'recovered' }),
    };
  };

  const open = (p: Pending, w: WindowCounts, direction: TrendDirection, rank: number | null, baselineRank: number | null, isNew: boolean): TrendSignal => {
    const ratio = episodeRatio(p.onset);
    p.track.episode = {
      polarity: p.onset.polarity, direction, severity: severityFor(p.onset.polarity, ratio), since: w.end,
      count: p.onset.count, expected: p.onset.expected, recovery: 0, rank, baselineRank, isNew,
    };
    return signal(p.track, 'onset', w, p.x, p.mu, p.onset.evidence);
  };

  /** Steps one track: a signal for an open episode, or a pending onset. */
  const step = (t: Track, x: number, mu: number, phi: number, mayAlert: boolean, w: WindowCounts, out: TrendSignal[]): Pending | undefined => {
    t.observed = x;
    t.expected = mu;
    const r = rulesOf(t.departmentId);
    if (t.episode) {
      if (stepEpisode(t.episode, x, mu, phi, weight, r)) {
        out.push(signal(t, 'recovered', w, x, mu, 0));
        endEpisode(t);
        return undefined;
      }
      const s = signal(t, 'ongoing', w, x, mu, 0);
      const severity = severityFor(t.episode.polarity, s.ratio);
      // Severity only rises within an episode, so one quiet window does not downgrade an alert.
      if (SEVERITY_RANK[severity] > SEVERITY_RANK[t.episode.severity]) t.episode.severity = s.severity = severity;
      out.push(s);
      return undefined;
    }
    const onset = stepQuiet(t, x, mu, r.minSupport * minutes(w), phi, weight, r, mayAlert);
    if (!mayAlert) endEpisode(t); // warm-up: learn, but let no evidence pile up against a baseline still forming
    return onset ? { track: t, onset, x, mu } : undefined;
  };

  /**
   * What a window teaches the baseline. An open episode (or its department's) holds the share
   * until adaptAfterMs, so a surge is not learned as normal. A suspect window — evidence half
   * way to an alarm — is clipped to two standard deviations of the expectation rather than
   * held, so that a baseline that is wrong still converges instead of defending itself.
   */
  const learning = (t: Track, x: number, mu: number, phi: number, frozen: boolean, warm: boolean, at: number): number => {
    if (!warm || (t.episode && at - t.episode.since >= settings.adaptAfterMs)) return x;
    if (frozen || t.episode) return mu;
    if (!t.suspect) return x;
    const sigma = 2 * Math.sqrt(phi * Math.max(mu, 1));
    return Math.min(Math.max(x, mu - sigma), mu + sigma);
  };

  function evaluate(w: WindowCounts): TrendSignal[] {
    const n = w.orders;
    if (n <= 0) return [];
    windows++;
    firstStart ??= w.start;
    const mayAlert = w.end - firstStart >= settings.warmupMs;
    shares.product.advance(w.end);
    shares.department.advance(w.end);
    if (windows % RANK_EVERY === 1) rerank(w);
    const out: TrendSignal[] = [];
    const phi = productPhi.value;
    const floor = settings.minSupport * minutes(w);

    // Departments with an open episode: their products are expected to move with them.
    const level = new Map<number, number>();
    for (const [id, t] of tracks.department) {
      const mu = shares.department.share(id) * n;
      if (t.episode && mu > 0) level.set(id, Math.min(Math.max((w.departments.get(id)?.lines ?? 0) / mu, 0.05), 20));
    }

    // Products: every one sold now, every hot one, every one big enough to show a drop.
    const visited: Track[] = [];
    const pending: Pending[] = [];
    const candidates = new Map<number, Movement[]>();
    const visit = (id: number): void => {
      const seen = w.products.get(id);
      const t = trackOf('product', id, seen?.name, seen?.departmentId ?? null);
      if (t.visitedAt === windows) return;
      t.visitedAt = windows;
      visited.push(t);
      const x = seen?.orders ?? 0;
      t.base = shares.product.share(id) * n;
      const p = step(t, x, t.base * (level.get(t.departmentId ?? -1) ?? 1), phi, mayAlert, w, out);
      if (p) pending.push(p);
      if (isHot(t)) hot.add(id);
      else hot.delete(id);
      if (t.departmentId !== null && (p || t.episode || t.suspect)) {
        const list = candidates.get(t.departmentId) ?? [];
        list.push({ x, mu: t.base });
        candidates.set(t.departmentId, list);
      }
      if (!t.episode && !p && !t.suspect && t.base >= floor && !level.has(t.departmentId ?? -1)) productPhi.observe(x, t.base);
    };
    for (const id of w.products.keys()) visit(id);
    for (const id of hot) visit(id);
    for (const id of ranked) {
      if (shares.product.share(id) * n < floor) break;
      visit(id);
    }

    // Departments, without the products whose change is their own.
    const departmentIds = new Set([...w.departments.keys(), ...tracks.department.keys()]);
    const pendingDepartments: Pending[] = [];
    for (const id of departmentIds) {
      const seen = w.departments.get(id);
      const t = trackOf('department', id, seen?.name, id);
      t.base = shares.department.share(id) * n;
      const rest = departmentRemainder({ x: seen?.lines ?? 0, mu: t.base }, candidates.get(id) ?? [], phiOf(id).value);
      t.normal = rest.normal;
      if (rest.dominated && !t.episode) continue;
      const p = step(t, rest.x, rest.mu, phiOf(id).value, mayAlert, w, out);
      if (p) pendingDepartments.push(p);
      else if (!t.episode && !t.suspect) phiOf(id).observe(rest.x, rest.mu);
    }

    // A department's onset explains its products' onsets of the same way and size, and its
    // products start over against its new level.
    for (const d of pendingDepartments) {
      out.push(open(d, w, d.onset.polarity === 'up' ? 'surge' : 'drop', null, null, false));
      const ratio = episodeRatio(d.onset);
      const minChange = rulesOf(d.track.id).minChange;
      for (let i = pending.length - 1; i >= 0; i--) {
        const p = pending[i]!;
        if (p.track.departmentId === d.track.id && p.onset.polarity === d.onset.polarity && explainedByDepartment(p.onset, ratio, phi, minChange)) pending.splice(i, 1);
      }
      for (const id of byDepartment.get(d.track.id) ?? []) {
        const t = tracks.product.get(id);
        if (t && !t.episode) endEpisode(t);
      }
    }
    for (const p of pending) {
      const id = p.track.id;
      const baselineRank = rankOf.get(id) ?? null;
      if (p.onset.polarity === 'down') {
        out.push(open(p, w, 'drop', null, baselineRank, false));
        continue;
      }
      const rank = windowRank(w.products, id, p.x);
      const isNew = shares.product.weightedCount(id) - p.onset.count < 1;
      out.push(open(p, w, classifyRise({ rank, baselineRank, isNew, topK, rankJump: settings.rankJump }), rank, baselineRank, isNew));
    }

    // Learn the window.
    productPhi.endWindow();
    for (const d of departmentPhi.values()) d.endWindow();
    shares.product.learnExposure(n * weight);
    shares.department.learnExposure(n * weight);
    for (const t of visited) {
      const frozen = t.departmentId !== null && level.has(t.departmentId);
      shares.product.learn(t.id, weight * learning(t, w.products.get(t.id)?.orders ?? 0, t.base, phi, frozen, mayAlert, w.end));
    }
    for (const id of departmentIds) {
      const t = tracks.department.get(id)!;
      shares.department.learn(id, weight * learning(t, t.normal, t.base, phiOf(id).value, false, mayAlert, w.end));
    }
    meanOrders += (n - meanOrders) / Math.min(windows, 20);
    return out;
  }

  return {
    evaluate,
    get windows() {
      return windows;
    },
    reading(level, id) {
      const t = tracks[level].get(id);
      if (!t) return undefined;
      return { observed: t.observed, baseline: t.expected, ratio: t.expected > 0 ? t.observed / t.expected : 1, trend: t.episode?.polarity ?? 'flat' };
    },
    dispersion: () => ({
      products: productPhi.value,
      departments: Object.fromEntries([...departmentPhi].map(([id, d]) => [id, d.value])),
    }),
  };
}
