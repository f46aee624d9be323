// The aftermath of a labelled change: in this store customers reorder what they bought, so
// the products a department-wide shift put into baskets (or took out), and a product that
// surged or dropped itself, stay changed for hours after the scenario ends (a frozen
// department ×2 for 30 min leaves its small products at ×1.5–2 of their earlier share two
// hours later). An alert on such a product after the scenario is not foreseen by its label,
// but it is right when the product really sells differently: it counts as the aftermath
// (neither a hit nor a false alarm) only when the product's measured share around the alert
// differs from its share before the scenario by at least the minimum change, the alert's way.
import type { Alert, ScenarioLabel } from '../src/index';
import type { ShareMeter } from './_trends-shares';

const MINUTE = 60_000;
/** How long after a scenario ends its products' changes are looked at as its aftermath. */
export const AFTERMATH_MS = 180 * MINUTE;
/** The share before the scenario: over this long before it starts. */
const BEFORE_MS = 30 * MINUTE;
/** The share around the alert: this long either side of its start (never before the scenario ends). */
const AROUND_MS = 15 * MINUTE;
/** Orders the product must sell around a rise for the measure to count. */
const MIN_COUNT = 5;

export interface AftermathOptions {
  shares: ShareMeter;
  productDepartment: (id: number) => number | undefined;
  minChange: number;
}

/**
 * The measured ratio (share around the alert over share before the scenario) when a product
 * alert is the real aftermath of a scenario that ended before it, else null.
 */
export function aftermathOf(a: Alert, polarity: 'up' | 'down', labels: readonly ScenarioLabel[], o: AftermathOptions): { label: ScenarioLabel; ratio: number } | null {
  if (a.level !== 'product') return null;
  for (const label of labels) {
    const s = label.scenario;
    const subject = label.subject.level === 'product' ? label.subject.id === a.subjectId : label.subject.id === o.productDepartment(a.subjectId);
    if (!subject || label.direction !== polarity || a.startedAt < s.to || a.startedAt > s.to + AFTERMATH_MS) continue;
    const before = o.shares.share(a.subjectId, s.from - BEFORE_MS, s.from);
    const around = o.shares.share(a.subjectId, Math.max(s.to, a.startedAt - AROUND_MS), a.startedAt + AROUND_MS);
    if (!before || !around) continue;
    const ratio = before.share > 0 ? around.share / before.share : Number.POSITIVE_INFINITY;
    const real = polarity === 'up' ? ratio >= 1 + o.minChange && around.count >= MIN_COUNT : ratio <= 1 - o.minChange;
    if (real) return { label, ratio };
  }
  return null;
}
