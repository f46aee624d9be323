// Instacart has no prices. This model gives every product a stable unit price seeded by
// its id and aisle, so revenue is reproducible across runs, replays and machines.
import { unitFrom } from './rng';

/** Typical unit price of a department, in dollars. */
const DEPARTMENT_BASE: Readonly<Record<number, number>> = {
  1: 5.5, 2: 6, 3: 4.5, 4: 2.4, 5: 14, 6: 4.5, 7: 4.2, 8: 9, 9: 3.2, 10: 5, 11: 8.5,
  12: 9.5, 13: 4.8, 14: 4.9, 15: 2.6, 16: 3.9, 17: 7.5, 18: 8, 19: 3.8, 20: 6.5, 21: 5,
};

/** Unit price in dollars, rounded to cents, never below 0.49. */
export function unitPrice(productId: number, aisleId: number, departmentId: number): number {
  const base = DEPARTMENT_BASE[departmentId] ?? 5;
  const aisleFactor = 0.7 + 0.6 * unitFrom(aisleId, 0xa15e);
  // Log-normal spread around the aisle's level, from two stable uniforms (Box–Muller).
  const u1 = Math.max(unitFrom(productId, aisleId, 1), 1e-9);
  const u2 = unitFrom(productId, aisleId, 2);
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  const price = base * aisleFactor * Math.exp(0.35 * z);
  return Math.max(0.49, Math.round(price * 100) / 100);
}
