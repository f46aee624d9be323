// Scenarios injected into the synthetic stream, with the ground truth a detector is scored on.

export type Scenario =
  | { kind: 'surge'; productId: number; factor: number; from: number; to: number }
  | { kind: 'drop'; productId: number; factor: number; from: number; to: number }
  | { kind: 'new-entrant'; productId: number; share: number; from: number; to: number }
  | { kind: 'department-shift'; departmentId: number; factor: number; from: number; to: number }
  /** A product's rate moves linearly from ×1 at `from` to ×factor at `from + rampMs`, then stays there until `to`. */
  | { kind: 'ramp'; productId: number; factor: number; rampMs: number; from: number; to: number };

/** The factor of a ramp at time t (1 before it starts). */
export const rampFactor = (s: { factor: number; rampMs: number; from: number }, t: number): number =>
  1 + (s.factor - 1) * Math.min(1, Math.max(0, t - s.from) / s.rampMs);

export interface ScenarioLabel {
  id: string;
  scenario: Scenario;
  /** What a detector should report: a rise or a fall. */
  direction: 'up' | 'down';
  /** 'product' or 'department', with the id a detector should name. */
  subject: { level: 'product' | 'department'; id: number };
}

export function labelScenario(scenario: Scenario, index: number): ScenarioLabel {
  const id = `${scenario.kind}-${index + 1}`;
  switch (scenario.kind) {
    case 'surge':
      return { id, scenario, direction: 'up', subject: { level: 'product', id: scenario.productId } };
    case 'drop':
      return { id, scenario, direction: 'down', subject: { level: 'product', id: scenario.productId } };
    case 'new-entrant':
      return { id, scenario, direction: 'up', subject: { level: 'product', id: scenario.productId } };
    case 'department-shift':
      return {
        id, scenario, direction: scenario.factor >= 1 ? 'up' : 'down',
        subject: { level: 'department', id: scenario.departmentId },
      };
    case 'ramp':
      return { id, scenario, direction: scenario.factor >= 1 ? 'up' : 'down', subject: { level: 'product', id: scenario.productId } };
  }
}

const active = (s: Scenario, t: number): boolean => t >= s.from && t < s.to;

/** Scenarios in force at time t, as lookups the generator uses per order. */
export interface ActiveScenarios {
  products: Array<{ productId: number; factor: number }>;
  departments: Map<number, number>;
  /** New entrants in force, and those still waiting to enter (which must not sell yet). */
  entrants: Array<{ productId: number; share: number }>;
  hidden: Set<number>;
}

export function scenariosAt(scenarios: readonly Scenario[], t: number): ActiveScenarios {
  const products: ActiveScenarios['products'] = [];
  const departments = new Map<number, number>();
  const entrants: ActiveScenarios['entrants'] = [];
  const hidden = new Set<number>();
  for (const s of scenarios) {
    if (s.kind === 'new-entrant') {
      if (active(s, t)) entrants.push({ productId: s.productId, share: s.share });
      else if (t < s.from) hidden.add(s.productId);
    } else if (active(s, t)) {
      if (s.kind === 'department-shift') departments.set(s.departmentId, s.factor);
      else if (s.kind === 'ramp') products.push({ productId: s.productId, factor: rampFactor(s, t) });
      else products.push({ productId: s.productId, factor: s.factor });
    }
  }
  return { products, departments, entrants, hidden };
}
