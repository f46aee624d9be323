// The catalogue: departments and aisles by Instacart's ids and names, and products.
// Replay loads the real products from products.csv; otherwise a synthetic catalogue of
// about 50k products is generated from a seed.
import { AISLES, DEPARTMENT_PRODUCTS, DEPARTMENTS } from './catalogue-data';
import { createProductNamer } from './product-names';
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

/**
 * A synthetic catalogue on Instacart's real departments and aisles. Departments get products
 * in proportion to Instacart's own counts (personal care has many, produce few; how much each
 * sells is the popularity ranking's business, see sources/popularity.ts). Names come from the aisle's vocabulary
 * (product-names.ts), with no ids in them.
 */
export function createSyntheticCatalogue(options: { productCount?: number; seed?: number } = {}): Catalogue {
  const { productCount = INSTACART_PRODUCT_COUNT, seed = 42 } = options;
  const random = createRandom(seed ^ 0x5eed);
  const nameProduct = createProductNamer(createRandom(seed ^ 0x4a3e));
  const aisles = instacartAisles();
  const aislesOf = (departmentId: number): number => aisles.filter((a) => a.departmentId === departmentId).length;
  const aisleWeights = aisles.map((a) => ((DEPARTMENT_PRODUCTS[a.departmentId] ?? 100) / aislesOf(a.departmentId)) * (0.5 + random.next()));
  const sampleAisle = createWeightedSampler(aisleWeights);
  const products: Product[] = [];
  for (let id = 1; id <= productCount; id++) {
    const aisle = aisles[sampleAisle(random.next())] as Aisle;
    products.push({ id, name: nameProduct(aisle), aisleId: aisle.id, departmentId: aisle.departmentId });
  }
  return createCatalogue({ departments: instacartDepartments(), aisles, products });
}
