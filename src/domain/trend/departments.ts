// Telling a department-wide shift from one product's change. When a product surges, its
// department's lines rise too; when a department shifts, all its products move. So:
// - a department is tested without the products whose change is out of line with the rest
//   of the department (they explain a change on their own and alert on their own);
// - a product whose change is in line with its department's shift is explained by it and
//   raises no alert of its own.

export interface Movement {
  /** This window's count and expected count (before any department adjustment). */
  x: number;
  mu: number;
  /** The product's own run (see tracks.ts, runOf): count and expected over the windows its evidence covers. */
  run?: { count: number; expected: number };
}

export interface DepartmentRemainder {
  x: number;
  mu: number;
  /** The products left out make up most of the department: it has nothing left to tell. */
  dominated: boolean;
  /** What the department would have sold without the left-out products' own change. */
  normal: number;
}

/** How far (in standard deviations) a product must be from its department's level to be left out. */
export const OUT_OF_LINE_Z = 3;

/**
 * The department less its out-of-line products. A product is out of line when its count is
 * more than OUT_OF_LINE_Z standard deviations from the level of the rest of its department:
 * its run's count when it has one (a short window holds too few orders to tell), else this
 * window's.
 */
export function departmentRemainder(department: Movement, candidates: readonly Movement[], phi: number): DepartmentRemainder {
  let x = department.x;
  let mu = department.mu;
  for (const p of candidates) {
    const restMu = department.mu - p.mu;
    if (restMu <= 0) continue;
    const level = (department.x - p.x) / restMu;
    const own = p.run && p.run.expected > 0 ? p.run : { count: p.x, expected: p.mu };
    const moved = level * own.expected;
    const z = (own.count - moved) / Math.sqrt(phi * Math.max(moved, 1));
    if (Math.abs(z) <= OUT_OF_LINE_Z) continue;
    x -= p.x;
    mu -= p.mu;
  }
  const left = department.mu - mu;
  return { x: Math.max(0, x), mu: Math.max(0, mu), dominated: left > 0.5 * department.mu, normal: Math.max(0, x + left) };
}

/**
 * A product's onset is explained by its department's shift of `ratio` when its own change
 * is no bigger than the department's by more than minChange, or within chance of it.
 */
export function explainedByDepartment(onset: { polarity: 'up' | 'down'; count: number; expected: number }, ratio: number, phi: number, minChange: number): boolean {
  const own = onset.expected > 0 ? onset.count / onset.expected : Number.POSITIVE_INFINITY;
  const moved = onset.expected * ratio;
  const z = (onset.count - moved) / Math.sqrt(phi * Math.max(moved, 1));
  return onset.polarity === 'up'
    ? own <= ratio * (1 + minChange) || z <= OUT_OF_LINE_Z
    : own >= ratio * (1 - minChange) || z >= -OUT_OF_LINE_Z;
}
