// The real catalogue from departments.csv, aisles.csv and products.csv, plus a per-product
// table (names, unit price) so the replay builds order lines without lookups or price maths.
import {
  createCatalogue, type Aisle, type Catalogue, type Department, type Product, AISLES, unitPrice,
} from '../../domain/index';
import type { RejectRow } from './bad-rows';
import { decodeRecord, forEachRecord, skipHeader, splitCsvRecord } from './csv';
import {
  AISLE_COLUMNS, DEPARTMENT_COLUMNS, parseAisleRow, parseDepartmentRow, parseProductRow, PRODUCT_COLUMNS, type RowResult,
} from './rows';

/** What an order line needs of its product, flat: one object to load per line. */
export interface ProductEntry {
  readonly id: number;
  readonly name: string;
  readonly aisleId: number;
  readonly aisle: string;
  readonly departmentId: number;
  readonly department: string;
  readonly unitPrice: number;
}

export interface InstacartCatalogue {
  readonly catalogue: Catalogue;
  /** The product's entry, or undefined when products.csv does not have it. */
  entry(productId: number): ProductEntry | undefined;
}

export interface CatalogueFiles {
  departments: Uint8Array;
  aisles: Uint8Array;
  products: Uint8Array;
}

/** Calls onRow with each good row of a file; bad rows go to reject. */
function readRows<T>(
  bytes: Uint8Array, file: string, columns: readonly string[], parse: (fields: string[]) => RowResult<T>,
  reject: RejectRow, onRow: (row: T, where: string) => void,
): void {
  forEachRecord(bytes, skipHeader(file, columns, (b, start, end, line) => {
    const raw = decodeRecord(b, start, end);
    const split = splitCsvRecord(raw);
    const parsed = split.ok ? parse(split.fields) : split;
    if (parsed.ok) onRow(parsed.row, `${file}:${line}`);
    else reject(`${file}:${line}`, parsed.reason, raw);
  }));
}

const KNOWN_AISLE_DEPARTMENT = new Map(AISLES.map(([id, , departmentId]) => [id, departmentId]));

export function readInstacartCatalogue(files: CatalogueFiles, reject: RejectRow): InstacartCatalogue {
  const departments = new Map<number, Department>();
  readRows(files.departments, 'departments.csv', DEPARTMENT_COLUMNS, parseDepartmentRow, reject, (row, where) => {
    if (departments.has(row.department_id)) return reject(where, `department_id ${row.department_id} appears twice`, undefined, 'repeated catalogue id');
    departments.set(row.department_id, { id: row.department_id, name: row.department });
  });
  const aisleNames = new Map<number, string>();
  readRows(files.aisles, 'aisles.csv', AISLE_COLUMNS, parseAisleRow, reject, (row, where) => {
    if (aisleNames.has(row.aisle_id)) return reject(where, `aisle_id ${row.aisle_id} appears twice`, undefined, 'repeated catalogue id');
    aisleNames.set(row.aisle_id, row.aisle);
  });

  const products: Product[] = [];
  const entries: (ProductEntry | undefined)[] = [];
  const aisleDepartment = new Map<number, number>();
  readRows(files.products, 'products.csv', PRODUCT_COLUMNS, parseProductRow, reject, (row, where) => {
    const aisle = aisleNames.get(row.aisle_id);
    const department = departments.get(row.department_id);
    if (entries[row.product_id]) return reject(where, `product_id ${row.product_id} appears twice`, undefined, 'repeated catalogue id');
    if (aisle === undefined) return reject(where, `aisle_id ${row.aisle_id} is not in aisles.csv`, undefined, 'unknown aisle or department');
    if (department === undefined) return reject(where, `department_id ${row.department_id} is not in departments.csv`, undefined, 'unknown aisle or department');
    const product: Product = { id: row.product_id, name: row.product_name, aisleId: row.aisle_id, departmentId: row.department_id };
    products.push(product);
    if (!aisleDepartment.has(row.aisle_id)) aisleDepartment.set(row.aisle_id, row.department_id);
    entries[row.product_id] = {
      id: product.id, name: product.name, aisleId: product.aisleId, aisle, departmentId: product.departmentId,
      department: department.name, unitPrice: unitPrice(product.id, product.aisleId, product.departmentId),
    };
  });

  // aisles.csv has no department: take it from the aisle's products, else from Instacart's known map.
  const aisles: Aisle[] = [...aisleNames].map(([id, name]) => ({
    id, name, departmentId: aisleDepartment.get(id) ?? KNOWN_AISLE_DEPARTMENT.get(id) ?? 0,
  }));
  return {
    catalogue: createCatalogue({ departments: [...departments.values()], aisles, products }),
    entry: (productId) => entries[productId],
  };
}
