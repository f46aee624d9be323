// Measures the synthetic store's shape against Instacart's published figures (the most common
// product, bananas, in ~15% of orders; ~59% of lines reordered; median basket ~8 lines): the
// share of baskets holding each of the top products, reorders, basket sizes and the tail.
//   npx tsx scripts/measure-synthetic.ts [orders = 100000] [seed = 42]
import { DEPARTMENT_WEIGHT, createSyntheticSource } from '../src/index';

const orders = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 42);
const source = createSyntheticSource({ seed, startTime: Date.UTC(2026, 0, 5), ordersPerSecond: 50, maxOrders: orders, seasonality: false });
const baskets = new Map<number, number>();
const sizes: number[] = [];
const departments = new Map<number, number>();
let lines = 0;
let reordered = 0;
for (const event of source.generate()) {
  sizes.push(event.lines.length);
  for (const line of event.lines) {
    baskets.set(line.product_id, (baskets.get(line.product_id) ?? 0) + 1);
    lines++;
    departments.set(line.department_id, (departments.get(line.department_id) ?? 0) + 1);
    if (line.reordered) reordered++;
  }
}
const ranked = [...baskets].sort((a, b) => b[1] - a[1]);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
sizes.sort((a, b) => a - b);
let half = 0;
for (let sum = 0; sum < lines / 2; half++) sum += (ranked[half] as [number, number])[1];
const topPercent = ranked.slice(0, Math.round(source.catalogue.products.length / 100)).reduce((n, [, c]) => n + c, 0);
console.log(`${orders} orders, ${lines} lines (seed ${seed})`);
console.log('top 10 products, share of baskets:');
ranked.slice(0, 10).forEach(([id, n], i) => console.log(`  ${i + 1}. ${source.catalogue.product(id)?.name} (${id}): ${pct(n / orders)}`));
console.log(`reordered lines ${pct(reordered / lines)}; basket median ${sizes[Math.floor(sizes.length / 2)]}, mean ${(lines / orders).toFixed(1)}`);
console.log(`products sold ${ranked.length} of ${source.catalogue.products.length}; the top 1% of products make ${pct(topPercent / lines)} of lines; half the lines come from the top ${half} products`);
const weightTotal = Object.values(DEPARTMENT_WEIGHT).reduce((a, b) => a + b, 0);
console.log(`department share of lines (Instacart's in brackets): ${[...departments].sort((a, b) => b[1] - a[1])
  .map(([d, n]) => `${source.catalogue.department(d)?.name} ${pct(n / lines)} (${pct((DEPARTMENT_WEIGHT[d] ?? 0) / weightTotal)})`).join(', ')}`);
