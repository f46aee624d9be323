// GET /metrics: the Prometheus text format (src/runtime/metrics.ts lists what it holds). Behind
// the access token like every route when one is set: give Prometheus the token as a bearer
// credential (authorization: {credentials: <token>} in the scrape config).
import type { Express } from 'express';
import type { PipelineMetrics } from '../src/index';
import { onlyParams } from './params';

export function mountMetricsRoute(app: Express, metrics: Pick<PipelineMetrics, 'render'> | undefined): void {
  if (!metrics) return;
  app.get('/metrics', async (req, res) => {
    onlyParams(req, []);
    const { contentType, text } = await metrics.render();
    res.type(contentType).send(text);
  });
}
