// Showing the workbench's charts in Jupyter (tslab), so notebooks draw what the dashboard
// and reports draw without copying code: Vega-Lite specs as Vega-Lite MIME output, which
// JupyterLab renders itself, and plotly.js figures as HTML that carries the plotly bundle
// inline, so it renders offline with nothing to fetch.
import { readFile } from 'node:fs/promises';
import { packageFile } from './pdf';

/** What tslab's display object offers (tslab.display); structural, so src/ does not import tslab. */
export interface NotebookDisplay {
  raw(contentType: string, data: never): unknown;
  html(html: string): void;
  markdown(markdown: string): void;
}

/**
 * JupyterLab typesets text between two $ as LaTeX, so "$5 … $7" turns into maths; neither \$
 * nor &#36; stops it (it typesets the rendered page). MathJax skips elements of these classes.
 */
export const markdownWithoutMaths = (markdown: string): string =>
  `<div class="tex2jax_ignore mathjax_ignore">\n\n${markdown}\n\n</div>`;

/** Markdown with money in it, shown as text. */
export function showMarkdown(display: Pick<NotebookDisplay, 'markdown'>, markdown: string): void {
  display.markdown(markdownWithoutMaths(markdown));
}

// JupyterLab 4's built-in renderer is Vega-Lite 5. The specs use nothing v6 added, so they
// are labelled v5 for it rather than making it warn about a newer spec.
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';
const V5_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export function vegaLiteForJupyter(spec: object): Record<string, unknown> {
  return { ...(spec as Record<string, unknown>), $schema: V5_SCHEMA };
}

export function showVegaLite(display: NotebookDisplay, spec: object): void {
  display.raw(VEGA_LITE_MIME, vegaLiteForJupyter(spec) as never);
}

export interface PlotlyFigure {
  data: object[];
  layout?: object;
}

/** plotly.js-dist-min's browser bundle (4.8 MB), read from node_modules. */
export const readPlotlyBundle = (projectRoot = process.cwd()): Promise<string> =>
  readFile(packageFile(projectRoot, 'plotly.js-dist-min', 'plotly.min.js'), 'utf8');

let nextPlot = 0;

/** HTML that draws a figure: the bundle once per page (it sets window.Plotly), then the plot. */
export function plotlyHtml(figure: PlotlyFigure, bundle: string, id = `purchase-trends-plot-${++nextPlot}`): string {
  const json = (v: unknown): string => JSON.stringify(v).replace(/<\/(script)/gi, '<\\/$1');
  const code = bundle.replace(/<\/(script)/gi, '<\\/$1');
  return [
    `<div id="${id}" style="width:100%;max-width:900px;height:420px"></div>`,
    `<script>if (!window.Plotly) {\n${code}\n}</script>`,
    `<script>window.Plotly.newPlot(${json(id)}, ${json(figure.data)}, ${json(figure.layout ?? {})}, {displaylogo: false, responsive: true});</script>`,
  ].join('\n');
}

export function showPlotly(display: NotebookDisplay, figure: PlotlyFigure, bundle: string): void {
  display.html(plotlyHtml(figure, bundle));
}
