// A window past the detail tier keeps only its sums for the rest of the retention
// (live-closed.ts): 1,440 windows a day at one a minute. As Maps of objects (each department
// with a Map of its hours of day) a window's sums took ~7.7 KB at 500 orders/s, ~11 MB a day;
// here its departments and hours are numbers in one Float64Array and the department names an
// array of shared strings, and the maps the readers take are built when they are read.
import type { RetainedWindow } from './live-retained';
import type { DepartmentSums, HourSums } from './live-sums';

/** Numbers of a department: id, orders, lines, quantity, revenue, where its hours start, how many. */
const DEPARTMENT_WIDTH = 7;
/** Numbers of an hour of day: hour, orders, lines, revenue. */
const HOUR_WIDTH = 4;

/** A read-only map of a few entries (departments, hours of day) whose values are built from packed numbers when read. */
class PackedMap<V> implements ReadonlyMap<number, V> {
  constructor(private readonly ids: readonly number[], private readonly valueAt: (i: number) => V) {}

  get size(): number {
    return this.ids.length;
  }

  get(key: number): V | undefined {
    const i = this.ids.indexOf(key);
    return i < 0 ? undefined : this.valueAt(i);
  }

  has(key: number): boolean {
    return this.ids.includes(key);
  }

  forEach(fn: (value: V, key: number, map: ReadonlyMap<number, V>) => void): void {
    this.ids.forEach((id, i) => fn(this.valueAt(i), id, this));
  }

  /** A Map of every entry, for the iterators. */
  private built(): Map<number, V> {
    return new Map(this.ids.map((id, i) => [id, this.valueAt(i)]));
  }

  entries(): ReturnType<ReadonlyMap<number, V>['entries']> {
    return this.built().entries();
  }

  keys(): ReturnType<ReadonlyMap<number, V>['keys']> {
    return this.built().keys();
  }

  values(): ReturnType<ReadonlyMap<number, V>['values']> {
    return this.built().values();
  }

  [Symbol.iterator](): ReturnType<ReadonlyMap<number, V>[typeof Symbol.iterator]> {
    return this.entries();
  }
}

const hourAt = (data: Float64Array, at: number): HourSums => ({ orders: data[at + 1]!, lines: data[at + 2]!, revenue: data[at + 3]! });

/** The window's totals, departments and hours, packed; without products or pairs (the caller has dropped them). */
export function packSums(w: RetainedWindow): RetainedWindow {
  const departments = [...w.departments];
  const hours = [...w.hours];
  const departmentHours = departments.reduce((n, [, d]) => n + d.hours.size, 0);
  const hoursFrom = departments.length * DEPARTMENT_WIDTH;
  const windowHoursFrom = hoursFrom + departmentHours * HOUR_WIDTH;
  const data = new Float64Array(windowHoursFrom + hours.length * HOUR_WIDTH);
  const names: string[] = [];
  let next = hoursFrom;
  departments.forEach(([id, d], i) => {
    names.push(d.name);
    data.set([id, d.orders, d.lines, d.quantity, d.revenue, next, d.hours.size], i * DEPARTMENT_WIDTH);
    for (const [hour, h] of d.hours) {
      data.set([hour, h.orders, h.lines, h.revenue], next);
      next += HOUR_WIDTH;
    }
  });
  hours.forEach(([hour, h], i) => data.set([hour, h.orders, h.lines, h.revenue], windowHoursFrom + i * HOUR_WIDTH));
  const hoursOf = (at: number, count: number): Map<number, HourSums> =>
    new Map(Array.from({ length: count }, (_, k) => [data[at + k * HOUR_WIDTH]!, hourAt(data, at + k * HOUR_WIDTH)]));
  const department = (i: number): DepartmentSums => {
    const at = i * DEPARTMENT_WIDTH;
    return { name: names[i]!, orders: data[at + 1]!, lines: data[at + 2]!, quantity: data[at + 3]!, revenue: data[at + 4]!, hours: hoursOf(data[at + 5]!, data[at + 6]!) };
  };
  const { start, end, orders, lines, quantity, revenue, products } = w;
  return {
    start, end, orders, lines, quantity, revenue, products,
    departments: new PackedMap(departments.map(([id]) => id), department),
    hours: new PackedMap(hours.map(([hour]) => hour), (i) => hourAt(data, windowHoursFrom + i * HOUR_WIDTH)),
  };
}
