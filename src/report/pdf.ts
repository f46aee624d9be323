// The PDF report: the report page printed by Debian's Chromium through puppeteer-core.
// Fully offline: the chart libraries are inlined from node_modules and every request the
// page makes is refused. puppeteer-core is loaded on first use, so importing the workbench
// does not pay for it.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkbenchError, silentLog, type Log } from '../core/index';
import { renderFooterHtml, renderReportHtml, type ReportTemplates } from './html';
import type { ReportModel } from './model';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
// DESIGN.md's measured set: no first-run, sync, update or background traffic.
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];
/** The UMD builds the page loads, in order: vega-embed needs vega and vega-lite on window. */
const LIBRARIES: Array<[pkg: string, file: string]> = [
  ['vega', 'build/vega.min.js'], ['vega-lite', 'build/vega-lite.min.js'], ['vega-embed', 'build/vega-embed.min.js'],
];

export interface PdfOptions {
  /** The repository root: reports/templates/ and node_modules/ are found from here (default: the working directory). */
  projectRoot?: string;
  chromiumPath?: string;
  log?: Log;
  timeoutMs?: number;
}

export interface PdfResult {
  pdf: Uint8Array;
  /** Marks each chart drew, by element id: a chart with no marks drew no data. */
  charts: Array<{ id: string; marks: number }>;
  /** Requests the page tried to make and was refused (should be none). */
  blockedRequests: string[];
}

export async function loadReportTemplates(projectRoot: string): Promise<ReportTemplates> {
  const dir = join(projectRoot, 'reports', 'templates');
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (error) {
      throw new WorkbenchError('MISSING_INPUT', `report template ${join(dir, name)} cannot be read; run from the repository root or pass projectRoot`, { where: join(dir, name), cause: error });
    }
  };
  const [page, css, boot, footer] = await Promise.all(['report.html', 'report.css', 'report.js', 'footer.html'].map(read));
  return { page: page!, css: css!, boot: boot!, footer: footer! };
}

/**
 * A file inside an installed package, found the way Node looks for packages. The browser
 * builds are not in the packages' "exports", so require.resolve cannot name them.
 */
export function packageFile(projectRoot: string, pkg: string, file: string): string {
  const dirs = createRequire(join(projectRoot, 'package.json')).resolve.paths(pkg) ?? [];
  const dir = dirs.find((d) => existsSync(join(d, pkg, 'package.json')));
  if (!dir) throw new WorkbenchError('MISSING_INPUT', `package ${pkg} is not installed under ${projectRoot}; run npm install`, { where: projectRoot });
  return join(dir, pkg, file);
}

const loadLibraries = (projectRoot: string): Promise<string[]> =>
  Promise.all(LIBRARIES.map(([pkg, file]) => readFile(packageFile(projectRoot, pkg, file), 'utf8')));

/** The page the PDF is printed from; also useful to look at in a browser. */
export async function buildReportPage(model: ReportModel, projectRoot = process.cwd()): Promise<{ html: string; footer: string }> {
  const [templates, libraries] = await Promise.all([loadReportTemplates(projectRoot), loadLibraries(projectRoot)]);
  return { html: renderReportHtml(model, templates, libraries), footer: renderFooterHtml(model, templates) };
}

export async function renderReportPdf(model: ReportModel, options: PdfOptions = {}): Promise<PdfResult> {
  const { projectRoot = process.cwd(), chromiumPath = DEFAULT_CHROMIUM, log = silentLog, timeoutMs = 30_000 } = options;
  const { html, footer } = await buildReportPage(model, projectRoot);
  const { launch } = await import('puppeteer-core');
  const profile = await mkdtemp(join(tmpdir(), 'purchase-trends-chromium-'));
  let browser;
  try {
    browser = await launch({ executablePath: chromiumPath, headless: true, args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`], timeout: timeoutMs });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw new WorkbenchError('MISSING_INPUT', `Chromium at ${chromiumPath} did not start (${(error as Error).message.split('\n')[0]}); install Debian's chromium package (scripts/provision.sh does)`, { where: chromiumPath, cause: error });
  }
  try {
    const page = await browser.newPage();
    const blockedRequests: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:') || url === 'about:blank') void request.continue();
      else {
        blockedRequests.push(url);
        void request.abort();
      }
    });
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForFunction('window.__reportReady === true || window.__reportError !== undefined', { timeout: timeoutMs });
    const chartError = await page.evaluate('window.__reportError') as string | undefined;
    if (chartError) throw new WorkbenchError('BAD_CONFIG', `a report chart failed to draw: ${chartError}`, { where: 'reports/templates/report.js' });
    const charts = await page.evaluate('window.__reportCharts') as PdfResult['charts'];
    const pdf = await page.pdf({
      format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' }, timeout: timeoutMs,
    });
    if (blockedRequests.length > 0) log.warn(`report page tried ${blockedRequests.length} network requests, all refused: ${blockedRequests.slice(0, 3).join(', ')}`);
    return { pdf: new Uint8Array(pdf), charts, blockedRequests };
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}
