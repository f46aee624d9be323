import * as vega from 'vega';
import * as vl from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../../src/index';
import { reportCharts } from '../../../src/report/charts';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';

async function svgOf(spec: unknown): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec as vl.TopLevelSpec).spec), { renderer: 'none' });
  return view.toSVG();
}
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);

describe('report charts of an empty period', () => {
  it('say "no data" and never "NaN"', async () => {
    const model = buildReportModel({ products: [], departments: [], hours: [] }, { from: HISTORY_START, to: HISTORY_START + 24 * HOUR, generatedAt: 0 });
    for (const [id, spec] of Object.entries(reportCharts(model))) {
      const svg = await svgOf(spec);
      expect(svg, id).not.toContain('NaN');
      expect(texts(svg), id).toContain('no data');
    }
  });

  it('draw the data when there is some, with no "no data" and no NaN', async () => {
    const closed = closedHistory({ hours: 1, ordersPerSecond: 0.3 });
    const model = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + HOUR, generatedAt: 0 });
    for (const [id, spec] of Object.entries(reportCharts(model))) {
      const svg = await svgOf(spec);
      expect(svg, id).not.toContain('NaN');
      expect(texts(svg), id).not.toContain('no data');
      expect(texts(svg).length, id).toBeGreaterThan(5);
    }
  });
});
