// A report narrowed to one aisle or one product (besides the department filter). The
// aggregated rows hold each product per window with its aisle, but no orders per aisle and no
// hours of day per product: under these filters an order counts once for each of the scope's
// products it holds (its lines), and the report has no hours of day. The model says so.
import { instacartAisles, instacartDepartments } from '../domain/index';
import type { DepartmentWindowRow, ProductWindowRow } from './rows';

export interface ScopeFilters {
  /** An Instacart aisle id. */
  aisle?: number | null;
  /** A product id. */
  product?: number | null;
}

export interface ReportScope {
  /** name null: no aisle has this id. */
  aisle: { id: number; name: string | null; departmentId: number | null } | null;
  /** name null: the rows hold no sale of this product. */
  product: { id: number; name: string | null; departmentId: number | null; aisleId: number | null } | null;
}

const AISLES = new Map(instacartAisles().map((a) => [a.id, a]));
const DEPARTMENTS = new Map(instacartDepartments().map((d) => [d.id, d.name]));

export function resolveScope(products: readonly ProductWindowRow[], filters: ScopeFilters): ReportScope {
  const aisle = filters.aisle === null || filters.aisle === undefined ? null : AISLES.get(filters.aisle);
  const id = filters.product ?? null;
  const sold = id === null ? undefined : products.find((p) => p.productId === id);
  return {
    aisle: filters.aisle === null || filters.aisle === undefined ? null : { id: filters.aisle, name: aisle?.name ?? null, departmentId: aisle?.departmentId ?? null },
    product: id === null ? null : { id, name: sold?.productName ?? null, departmentId: sold?.departmentId ?? null, aisleId: sold?.aisleId ?? null },
  };
}

export const isNarrowed = (scope: ReportScope): boolean => scope.aisle !== null || scope.product !== null;

export const inScope = (scope: ReportScope) => (p: ProductWindowRow): boolean =>
  (scope.aisle === null || p.aisleId === scope.aisle.id) && (scope.product === null || p.productId === scope.product.id);

/** Product rows as department rows: orders are the products' orders, each line once. */
export const departmentRowsOfProducts = (products: readonly ProductWindowRow[]): DepartmentWindowRow[] =>
  products.map((p) => ({
    windowStart: p.windowStart, windowEnd: p.windowEnd, departmentId: p.departmentId, department: p.department,
    orders: p.orders, lines: p.orders, quantity: p.quantity, revenue: p.revenue,
  }));

const aisleText = (a: { id: number; name: string | null }): string => `aisle ${a.id}${a.name ? ` (${a.name})` : ''}`;

/** What the report says of its scope, or null when it is not narrowed. */
export function scopeNote(scope: ReportScope): string | null {
  if (!isNarrowed(scope)) return null;
  const what = scope.product ? `product ${scope.product.id} ${scope.product.name ?? ''}`.trim() : aisleText(scope.aisle!);
  return `${what} only: an order counts once for each of its products in this scope (orders are order lines here), and there are no hours of day (the history keeps them per department, not per product)`;
}

/**
 * Why the aisle or product filter cannot be answered, in words, and which filter, or null. department: the
 * report's department filter, when set.
 */
export function scopeProblem(scope: ReportScope, department: { id: number | null; name: string } | null): { filter: 'aisle' | 'product'; message: string } | null {
  const message = problemText(scope, department);
  return message === null ? null : { filter: message.startsWith('product') ? 'product' : 'aisle', message };
}

function problemText(scope: ReportScope, department: { id: number | null; name: string } | null): string | null {
  const { aisle, product } = scope;
  if (aisle && aisle.name === null) {
    return `aisle ${aisle.id} is not an aisle: Instacart's aisles are numbered 1 to ${Math.max(...AISLES.keys())} (e.g. 24 fresh fruits, 83 fresh vegetables); GET /api/aisles?department=<id> lists a department's`;
  }
  if (aisle && department?.id != null && aisle.departmentId !== department.id) {
    return `${aisleText(aisle)} is in department ${aisle.departmentId} (${DEPARTMENTS.get(aisle.departmentId!) ?? '?'}), not in ${department.name}`;
  }
  if (product && product.name === null) {
    return `product ${product.id} sold nothing in the period, or is not a product id; the dashboard's product search or purchase-trends query finds ids`;
  }
  if (product && aisle && product.aisleId !== null && product.aisleId !== aisle.id) {
    return `product ${product.id} (${product.name}) is in aisle ${product.aisleId}, not in ${aisleText(aisle)}`;
  }
  if (product && department?.id != null && product.departmentId !== department.id) {
    return `product ${product.id} (${product.name}) is in department ${product.departmentId} (${DEPARTMENTS.get(product.departmentId!) ?? '?'}), not in ${department.name}`;
  }
  return null;
}
