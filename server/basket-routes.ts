// "Bought together" (#16 item 4): the range's top products with their most frequent partners,
// the most frequent pairs, and one product's partners, from the live view's pair counts.
import type express from 'express';
import { boughtTogetherAnswer, productPartnersAnswer, type LiveView } from '../src/index';
import { BadQuery, intParam, onlyParams, selectionParams } from './params';

export function mountBasketRoutes(app: express.Express, view: LiveView): void {
  app.get('/api/pairs', (req, res) => {
    onlyParams(req, ['range', 'products', 'partners', 'pairs']);
    const { range } = selectionParams(req, view);
    res.json(boughtTogetherAnswer(view.baskets(range), {
      products: intParam(req, 'products', 5, 1, 50), partners: intParam(req, 'partners', 3, 1, 20), pairs: intParam(req, 'pairs', 10, 0, 200),
    }));
  });
  app.get('/api/products/:id/partners', (req, res) => {
    onlyParams(req, ['range', 'k']);
    const raw = req.params.id as string;
    const productId = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(productId) || productId <= 0) {
      throw new BadQuery(`the product id in /api/products/<id>/partners must be a positive whole number, got ${JSON.stringify(raw)}`);
    }
    const { range } = selectionParams(req, view);
    res.json(productPartnersAnswer(view.baskets(range), productId, intParam(req, 'k', 5, 1, 50)));
  });
}
