// The trend detector: pure, one call per closed slice of event time (any length; stage 2
// feeds 15 s slices, see stream/alert-slices.ts). Per product (orders containing it) and per
// department (its lines) it compares the slice's count with the learned share × the slice's
// orders (baseline.ts), scores the difference with a bank of Poisson CUSUMs that starts at
// the configured minimum change (poisson.ts, tracks.ts), and reports onsets, ongoing
// episodes and their end. One department-wide shift raises one alert, not one per product
// (departments.ts).
import { createDispersion, createShareBaseline, type Dispersion } from './baseline';
import { createLevelMoves } from './level-moves';
import { classifyRise, windowRank } from './classify';
import type { WindowCounts } from './counts';
import { departmentRemainder, explainedByDepartment, type Movement } from './departments';
import { SEVERITY_RANK, severityFor } from './messages';
import { ratioBanks } from './poisson';
import { rulesFor, type AlertSettings, type EffectiveRules } from './settings';
import {
  catchUp, createTrack, endEpisode, episodeRatio, isHot, learnedCount, openEpisode, runOf, stepEpisode, stepQuiet, type Banks, type Onset, type Track,
} from './tracks';
import { episodeSignal, rankByShare, readingOf } from './signals';
import type { TrendDirection, TrendLevel, TrendReading, TrendSignal } from './types';

export interface TrendDetectorOptions {
  settings: AlertSettings;
  topK: number;
  /** Weight of one window's evidence: advance / size for hopping windows (they overlap), else 1. */
  windowWeight?: number;
  /** The ratios tested for a minimum change (default ratioBanks); the benchmark compares others. */
  banks?: (minChange: number) => Banks;
}

export interface TrendDetector {
  evaluate(window: WindowCounts): TrendSignal[];
  reading(level: TrendLevel, id: number): TrendReading | undefined;
  /** Learned dispersion of product counts and of each department's lines. */
  dispersion(): { products: number; departments: Record<number, number> };
  /** Subjects with a track: every product and department seen so far. */
  tracked(): { products: number; departments: number };
  readonly windows: number;
}

/** The baseline ranking is refreshed every few windows; it moves slowly. */
const RANK_EVERY = 5;
/** A product first sold this recently is new. */
const NEW_FOR_MS = 60 * 60_000;
/** Minutes of event time a window covers: the floor is per minute. */
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
  const rules = new Map<number | null, EffectiveRules & { banks: Banks }>();
  let ranked: number[] = [];
  let rankOf = new Map<number, number>();
  let windows = 0;
  let meanOrders = 0;
  /** Orders and minutes of every window so far: what a lazily stepped track missed (tracks.ts, catchUp). */
  let totalOrders = 0;
  let totalMinutes = 0;
  let firstStart: number | undefined;

  const rulesOf = (departmentId: number | null): EffectiveRules & { banks: Banks } => {
    let r = rules.get(departmentId);
    if (!r) {
      const effective = rulesFor(settings, departmentId);
      rules.set(departmentId, (r = { ...effective, banks: (options.banks ?? ratioBanks)(effective.minChange) }));
    }
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
    tracks[level].set(id, (t = createTrack(level, id, name ?? `${level} ${id}`, departmentId, rulesOf(departmentId).banks)));
    if (level === 'product' && departmentId !== null) {
      let set = byDepartment.get(departmentId);
      if (!set) byDepartment.set(departmentId, (set = new Set()));
      set.add(id);
    }
    return t;
  };

  /**
   * The baseline's ranking of the products that can matter: those expected to sell at least
   * a quarter of the floor in a typical window. Ranking the whole catalogue every window
   * would cost more than the detection itself.
   */
  const rerank = (w: WindowCounts): void => {
    ranked = rankByShare(shares.product.ids(), (id) => shares.product.share(id), (settings.minSupport * minutes(w)) / 4 / Math.max(meanOrders, 1));
    rankOf = new Map(ranked.map((id, i) => [id, i + 1]));
  };

  const signal = (t: Track, kind: TrendSignal['kind'], w: WindowCounts, evidence: number): TrendSignal =>
    episodeSignal(t, kind, w, evidence, { topK, minChange: rulesOf(t.departmentId).minChange });

  const open = (p: Pending, w: WindowCounts, direction: TrendDirection, rank: number | null, baselineRank: number | null, isNew: boolean): TrendSignal => {
    const ratio = episodeRatio(p.onset);
    const { level, id } = p.track;
    p.track.episode = openEpisode(p.onset, {
      direction, severity: severityFor(p.onset.polarity, ratio), since: w.end, preShare: shares[level].share(id), rank, baselineRank, isNew,
    }, p.mu, minutes(w));
    return signal(p.track, 'onset', w, p.onset.evidence);
  };

  const levels = createLevelMoves(shares, byDepartment);

  /**
   * Steps one track: a signal for an open episode, or a pending onset. mu is at the
   * pre-change share during an episode; moved is its department's level, which moves the
   * floor as it moves the expectation, so a small product is not judged by a floor that
   * stood still while its department doubled.
   */
  const step = (t: Track, x: number, mu: number, phi: number, mayAlert: boolean, w: WindowCounts, out: TrendSignal[], moved = 1): Pending | undefined => {
    const r = rulesOf(t.departmentId);
    const floorMu = r.minSupport * minutes(w) * moved;
    t.observed = x;
    t.expected = mu;
    t.minutes = minutes(w);
    const e = t.episode;
    if (e) {
      // A rise is measured against at least the floor, from its onset to its end.
      const muEpisode = e.polarity === 'up' ? Math.max(mu, floorMu) : mu;
      if (stepEpisode(e, x, muEpisode, minutes(w), w.end, phi, weight, r, r.banks)) {
        out.push(signal(t, 'recovered', w, 0));
        levels.restore(t);
        endEpisode(t);
        return undefined;
      }
      if (e.adaptedAt === null && w.end - e.since >= settings.adaptAfterMs) levels.adapt(t, w.end);
      const s = signal(t, 'ongoing', w, 0);
      const severity = severityFor(e.polarity, s.ratio);
      // Severity only rises within an episode, so one quiet window does not downgrade an alert.
      if (SEVERITY_RANK[severity] > SEVERITY_RANK[e.severity]) e.severity = s.severity = severity;
      out.push(s);
      return undefined;
    }
    const onset = stepQuiet(t, x, mu, floorMu, phi, weight, r, r.banks, w.start, minutes(w), mayAlert);
    if (!mayAlert) endEpisode(t); // warm-up: learn, but let no evidence pile up against a baseline still forming
    return onset ? { track: t, onset, x, mu: onset.polarity === 'up' ? Math.max(mu, floorMu) : mu } : undefined;
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

    // Departments with an open episode not yet a new level: their products are expected to move with them.
    const level = new Map<number, number>();
    for (const [id, t] of tracks.department) {
      const mu = (t.episode?.preShare ?? 0) * n;
      if (t.episode && t.episode.adaptedAt === null && mu > 0) level.set(id, Math.min(Math.max((w.departments.get(id)?.lines ?? 0) / mu, 0.05), 20));
    }

    // Products: every one sold now, every hot one, every one big enough to show a drop.
    const visited: Track[] = [];
    const pending: Pending[] = [];
    const candidates = new Map<number, Movement[]>();
    /** Per department, the largest excess and shortfall of one product in this window. */
    const largest = new Map<number, { up: number; down: number }>();
    const visit = (id: number): void => {
      const seen = w.products.get(id);
      const t = trackOf('product', id, seen?.name, seen?.departmentId ?? null);
      if (t.visitedAt === windows) return;
      t.visitedAt = windows;
      visited.push(t);
      const x = seen?.orders ?? 0;
      if (x > 0) t.firstSeen ??= w.start;
      const share = shares.product.share(id);
      if (!t.episode && totalMinutes > t.steppedMinutes) {
        const r = rulesOf(t.departmentId);
        catchUp(t, Math.max(share * (totalOrders - t.steppedOrders), r.minSupport * (totalMinutes - t.steppedMinutes)), phi, weight, r.banks);
      }
      t.steppedOrders = totalOrders + n;
      t.steppedMinutes = totalMinutes + minutes(w);
      t.base = share * n;
      const moved = level.get(t.departmentId ?? -1) ?? 1;
      const p = step(t, x, (t.episode ? t.episode.preShare * n : t.base) * moved, phi, mayAlert, w, out, moved);
      if (p) pending.push(p);
      if (isHot(t)) hot.add(id);
      else hot.delete(id);
      if (t.departmentId !== null) {
        const l = largest.get(t.departmentId) ?? { up: 0, down: 0 };
        l.up = Math.max(l.up, x - t.base);
        l.down = Math.max(l.down, t.base - x);
        largest.set(t.departmentId, l);
      }
      if (t.departmentId !== null && (p || t.episode || t.holdSince !== null)) {
        const list = candidates.get(t.departmentId) ?? [];
        list.push({ x, mu: t.base, run: p ? { count: p.onset.count, expected: p.onset.expected } : runOf(t) });
        candidates.set(t.departmentId, list);
      }
      // Held windows count too: leaving out the windows that look unusual would bias the dispersion low.
      if (!t.episode && !p && t.base >= floor && moved === 1) productPhi.observe(x, t.base);
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
      const mu = t.episode ? t.episode.preShare * n : t.base;
      const rest = departmentRemainder({ x: seen?.lines ?? 0, mu }, candidates.get(id) ?? [], phiOf(id).value);
      t.normal = rest.normal;
      if (rest.dominated && !t.episode) continue;
      const p = step(t, rest.x, rest.mu, phiOf(id).value, mayAlert, w, out);
      // One product that makes most of the department's change this window is its own news:
      // the department waits until that product is judged on its own (and left out of it).
      const one = largest.get(id);
      const own = p && one ? (p.onset.polarity === 'up' ? one.up : one.down) : 0;
      if (p && own < 0.5 * Math.abs(rest.x - rest.mu)) pendingDepartments.push(p);
      else if (!p && !t.episode) phiOf(id).observe(rest.x, rest.mu);
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
      // New: first sold lately, by a detector that had been watching for a while before.
      const isNew = p.track.firstSeen !== null && p.track.firstSeen - firstStart! >= settings.warmupMs / 2 && w.end - p.track.firstSeen <= NEW_FOR_MS;
      out.push(open(p, w, classifyRise({ rank, baselineRank, isNew, topK, rankJump: settings.rankJump }), rank, baselineRank, isNew));
    }

    // Learn the window: what is held back (evidence building, an episode not yet a new level,
    // a department moving) is learned as expected, so it cannot become the baseline.
    productPhi.endWindow();
    for (const d of departmentPhi.values()) d.endWindow();
    shares.product.learnExposure(n * weight);
    shares.department.learnExposure(n * weight);
    for (const t of visited) {
      const frozen = t.departmentId !== null && level.has(t.departmentId);
      shares.product.learn(t.id, weight * learnedCount(t, w.products.get(t.id)?.orders ?? 0, frozen, mayAlert, w.end, settings.halfLifeMs));
    }
    for (const id of departmentIds) {
      const t = tracks.department.get(id)!;
      shares.department.learn(id, weight * learnedCount(t, t.normal, false, mayAlert, w.end, settings.halfLifeMs));
    }
    meanOrders += (n - meanOrders) / Math.min(windows, 20);
    totalOrders += n;
    totalMinutes += minutes(w);
    return out;
  }

  return {
    evaluate,
    get windows() {
      return windows;
    },
    reading(level, id) {
      const t = tracks[level].get(id);
      return t && readingOf(t, rulesOf(t.departmentId).minSupport);
    },
    tracked: () => ({ products: tracks.product.size, departments: tracks.department.size }),
    dispersion: () => ({
      products: productPhi.value,
      departments: Object.fromEntries([...departmentPhi].map(([id, d]) => [id, d.value])),
    }),
  };
}
