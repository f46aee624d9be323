// Plausible product names for the synthetic catalogue: what the aisle sells, with a variety of
// its department, often a made-up brand and sometimes a pack size ("Organic Baby Spinach",
// "Maple Ridge Sea Salt Kettle Chips", "Cedar Mill Ground Coffee, 12 oz"). Unique within a
// catalogue; no ids, and nothing copied from Instacart's product file.
import { AISLE_NOUNS, BRAND_FIRST, BRAND_SECOND, DEPARTMENT_SIZES, DEPARTMENT_VARIETIES } from './catalogue-words';
import type { Random } from './rng';

const titleCase = (text: string): string => text.replace(/\b\w/g, (c) => c.toUpperCase());
const ATTEMPTS = 12;

export function createProductNamer(random: Random): (aisle: { id: number; name: string; departmentId: number }) => string {
  const used = new Set<string>();
  const brand = (): string => `${random.pick(BRAND_FIRST)} ${random.pick(BRAND_SECOND)}`;
  const compose = (aisle: { id: number; name: string; departmentId: number }, full: boolean): string => {
    const noun = random.pick(AISLE_NOUNS[aisle.id] ?? [titleCase(aisle.name)]);
    const drawn = random.pick(DEPARTMENT_VARIETIES[aisle.departmentId] ?? ['Classic']);
    // "Vanilla Vanilla Yogurt" reads badly: a variety the noun already says is left out.
    const variety = noun.toLowerCase().includes(drawn.toLowerCase()) ? '' : `${drawn} `;
    const size = random.pick(DEPARTMENT_SIZES[aisle.departmentId] ?? ['1 ct']);
    const u = full ? 1 : random.next();
    if (u < 0.3) return `${variety}${noun}`;
    if (u < 0.65) return `${brand()} ${variety}${noun}`;
    if (u < 0.85) return `${brand()} ${noun}, ${size}`;
    if (u < 0.95) return `${variety}${noun}, ${size}`;
    return `${brand()} ${variety}${noun}, ${size}`;
  };
  return (aisle) => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const name = compose(aisle, attempt >= ATTEMPTS / 2);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    // A crowded aisle: count packs up until the name is free.
    const base = compose(aisle, true);
    let name = base;
    for (let pack = 2; used.has(name); pack++) name = `${base} (${pack} pack)`;
    used.add(name);
    return name;
  };
}
