// The catalogue: departments and aisles by Instacart's ids and names, and products.
// Replay loads the real products from products.csv; otherwise a synthetic catalogue of
// about 50k products is generated from a seed.
import { AISLES, DEPARTMENTS, DEPARTMENT_WEIGHT } from './catalogue-data';
import { createRandom, createWeightedSampler } from './rng';

export interface Department { id: number; name: string }
export interface Aisle { id: number; name: string; departmentId: number }
export interface Product { id: number; name: string; aisleId: number; departmentId: number }

export interface Catalogue {
  departments: readonly Department[];
  aisles: readonly Aisle[];
  products: readonly Product[];
  department(id: number): Department | undefined;
  aisle(id: number): Aisle | undefined;
  product(id: number): Product | undefined;
}

export const INSTACART_PRODUCT_COUNT = 49_688;

export const instacartDepartments = (): Department[] => DEPARTMENTS.map(([id, name]) => ({ id, name }));
export const instacartAisles = (): Aisle[] => AISLES.map(([id, name, departmentId]) => ({ id, name, departmentId }));

export function createCatalogue(parts: { departments: Department[]; aisles: Aisle[]; products: Product[] }): Catalogue {
  const byId = <T extends { id: number }>(items: T[]): Map<number, T> => new Map(items.map((item) => [item.id, item]));
  const departments = byId(parts.departments);
  const aisles = byId(parts.aisles);
  const products = byId(parts.products);
  return {
    departments: parts.departments,
    aisles: parts.aisles,
    products: parts.products,
    department: (id) => departments.get(id),
    aisle: (id) => aisles.get(id),
    product: (id) => products.get(id),
  };
}

const QUALIFIERS = [
  'Organic', 'Classic', 'Original', 'Family Size', 'Low Fat', 'Gluten Free', 'Natural', 'Whole',
  'Fresh', 'Sparkling', 'Honey', 'Vanilla', 'Unsweetened', 'Extra', 'Mini', 'Select', 'Premium', 'Lite',
];

const titleCase = (text: string): string => text.replace(/\b\w/g, (c) => c.toUpperCase());

/**
 * A synthetic catalogue on Instacart's real departments and aisles. Aisles get products in
 * proportion to their department's share of Instacart's order lines, so popular departments
 * have more products, as in the real data.
 */
export function createSyntheticCatalogue(options: { productCount?: number; seed?: number } = {}): Catalogue {
  const { productCount = INSTACART_PRODUCT_COUNT, seed = 42 } = options;
  const random = createRandom(seed ^ 0x5eed);
  const aisles = instacartAisles();
  const aisleWeights = aisles.map((a) => (DEPARTMENT_WEIGHT[a.departmentId] ?? 0.1) * (0.5 + random.next()));
  const sampleAisle = createWeightedSampler(aisleWeights);
  const products: Product[] = [];
  for (let id = 1; id <= productCount; id++) {
    const aisle = aisles[sampleAisle(random.next())] as Aisle;
    const name = `${random.pick(QUALIFIERS)} ${titleCase(aisle.name)} ${String(id).padStart(5, '0')}`;
    products.push({ id, name, aisleId: aisle.id, departmentId: aisle.departmentId });
  }
  return createCatalogue({ departments: instacartDepartments(), aisles, products });
}
