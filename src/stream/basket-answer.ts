// "Bought together" as the API, the dashboard panel and the product page show it: for the
// range's top products (by orders containing them), their most frequent partners with
// support, confidence and lift, and the most frequent pairs overall, with names and with how
// far the counts may be low (the pair summary's error bound; 0 means exact).
import { partnersOf, topPairs, type Partner } from '../domain/index';
import type { BasketRange } from './live-baskets';

export interface NamedPartner extends Partner {
  productName: string;
  partnerName: string;
}

interface Coverage {
  range: string;
  from: number | null;
  to: number | null;
  /** Orders the figures are over (closed windows of the range). */
  orders: number;
  /** Pair counts (and so support, confidence, lift) may be low by up to this many orders. */
  errorBound: number;
  exact: boolean;
}

export interface BoughtTogether extends Coverage {
  products: Array<{ productId: number; name: string; orders: number; partners: NamedPartner[] }>;
  pairs: NamedPartner[];
}

export interface ProductPartners extends Coverage {
  productId: number;
  name: string;
  orders: number;
  partners: NamedPartner[];
}

const coverage = (b: BasketRange): Coverage => ({
  range: b.range, from: b.from, to: b.to, orders: b.orders, errorBound: b.pairs.errorBound, exact: b.pairs.errorBound === 0,
});

const named = (b: BasketRange) => (p: Partner): NamedPartner => ({
  ...p, productName: b.nameOf(p.productId) ?? `#${p.productId}`, partnerName: b.nameOf(p.partnerId) ?? `#${p.partnerId}`,
});

export function boughtTogetherAnswer(b: BasketRange, options: { products?: number; partners?: number; pairs?: number } = {}): BoughtTogether {
  const { products = 5, partners = 3, pairs = 10 } = options;
  return {
    ...coverage(b),
    products: b.topProducts(products).map(({ productId, orders }) => ({
      productId, name: b.nameOf(productId) ?? `#${productId}`, orders, partners: partnersOf(b, productId, partners).map(named(b)),
    })),
    pairs: topPairs(b, pairs).map(named(b)),
  };
}

export const productPartnersAnswer = (b: BasketRange, productId: number, k = 5): ProductPartners => ({
  ...coverage(b), productId, name: b.nameOf(productId) ?? `#${productId}`, orders: b.ordersWith(productId),
  partners: partnersOf(b, productId, k).map(named(b)),
});
