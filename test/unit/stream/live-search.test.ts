import { describe, expect, it } from 'vitest';
import { createTopologyDriver, tumbling } from '../../../src/index';
import { searchProducts, type ProductMatch } from '../../../src/stream/live-search';
import { line, order } from '../../helpers/events';

const p = (productId: number, name: string): ProductMatch => ({ productId, name, departmentId: 4, department: 'produce' });
const catalogue = [p(7, 'Organic Banana Chips'), p(24852, 'Banana'), p(13176, 'Bag of Organic Bananas'), p(3, 'Whole Milk'), p(240, 'Banana Bread')];

describe('product search', () => {
  it('finds by id first, then names starting with the query, then names holding every word', () => {
    expect(searchProducts(catalogue, 'banana').map((m) => m.productId)).toEqual([24852, 240, 13176, 7]);
    expect(searchProducts(catalogue, '24852').map((m) => m.name)).toEqual(['Banana']);
    expect(searchProducts(catalogue, 'ORGANIC  chips').map((m) => m.productId)).toEqual([7]);
  });

  it('an id also matches names holding the number; an empty query or no match finds nothing', () => {
    expect(searchProducts([...catalogue, p(9, 'Vitamin 240 Gummies')], '240').map((m) => m.productId)).toEqual([240, 9]);
    expect(searchProducts(catalogue, '   ')).toEqual([]);
    expect(searchProducts(catalogue, 'kombucha')).toEqual([]);
  });

  it('stops at the limit and lists a product once', () => {
    expect(searchProducts([...catalogue, ...catalogue], 'a', 2)).toHaveLength(2);
    expect(searchProducts([...catalogue, ...catalogue], 'banana')).toHaveLength(4);
  });

  it('the live view searches closed and open windows alike', () => {
    const T0 = Date.UTC(2026, 10, 24, 9);
    const driver = createTopologyDriver({ partitions: 1, start: T0, settings: { window: tumbling(60_000), allowedLatenessMs: 0 } });
    driver.pipe(order(T0, [line(11, { product_name: 'Sparkling Water Grapefruit' })]));
    driver.pipe(order(T0 + 61_000, [line(12, { product_name: 'Sparkling Lemon Water' })]));
    driver.punctuate();
    const view = driver.stage2.view;
    // 11's name starts with the query, 12's holds both words.
    expect(view.findProducts('sparkling water').map((m) => m.productId)).toEqual([11, 12]);
    expect(view.findProducts('12')).toEqual([{ productId: 12, name: 'Sparkling Lemon Water', departmentId: 4, department: 'produce' }]);
    expect(view.productAisle(11)).toBe(24);
    expect(view.productAisle(999)).toBeUndefined();
  });
});
