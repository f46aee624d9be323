// Every notebook, executed headless on Jupyter with the tslab kernel registered into a temporary
// prefix (scripts/notebooks.sh execute), fails the test on any cell error or stderr output and
// shows its text. Each notebook's own result is checked too; notebook 04's plotly.js output
// is drawn in Chromium, offline. Executed notebooks are kept in test/output/notebooks/.
import { execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launch } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, createFsStore, createHistoryWriter, formatCount } from '../../../src/index';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '../../../src/report/pdf';
import { rowsFromClosedWindows } from '../../../src/report/rows';
import { VEGA_LITE_MIME } from '../../../src/report/notebook';
import { queryParquet } from '../../helpers/duckdb';
import { writeSmallFiles } from '../../helpers/history-fixture';
import { closedHistory, HISTORY_START, HOUR } from '../../helpers/report-history';
import { tempDir } from '../../helpers/tmp';

const run = promisify(execFile);
const NOTEBOOKS = join(process.cwd(), 'notebooks');
const OUT = join(process.cwd(), 'test', 'output', 'notebooks');
const NAMES = readdirSync(NOTEBOOKS).filter((n) => n.endsWith('.ipynb')).sort();

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string; traceback?: string[] }
interface Cell { cell_type: string; source: string | string[]; outputs?: Output[] }

const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join('') : v ?? '');
// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

let prefix = '';
let chromiumProfile = '';
// Notebook 04 reads DATA_DIR: a history of two hours (24 five-minute windows) ending 2026-11-24 08:00 UTC.
let historyDir = '';
let historyOrders = 0;
// Notebooks 05 and 06 read DATA_DIR's raw order lines too: the history fixture, with DuckDB's own figures of it.
let rawHistoryDir = '';
let rawHistory: { orders: number; lines: number; aisles: number; departments: number; top: string } | undefined;
beforeAll(async () => {
  prefix = await tempDir('jupyter');
  chromiumProfile = await tempDir('plotly-chromium');
  historyDir = await tempDir('notebook-history');
  const closed = closedHistory({ hours: 2, ordersPerSecond: 0.3 });
  const writer = createHistoryWriter(createFsStore({ root: historyDir }));
  for (const c of closed) await writer.writeWindow(c);
  historyOrders = buildReportModel(rowsFromClosedWindows(closed), { from: HISTORY_START, to: HISTORY_START + 2 * HOUR, generatedAt: 0 }).summary.orders;
  rawHistoryDir = await tempDir('notebook-raw-history');
  await writeSmallFiles(createFsStore({ root: rawHistoryDir }), { orders: 240 });
  const raw = `read_parquet('${join(rawHistoryDir, 'purchase-analytics', 'raw', '**', '*.parquet')}')`;
  [rawHistory] = await queryParquet(`SELECT count(DISTINCT event_id)::INT AS orders, count(*)::INT AS lines, count(DISTINCT aisle_id)::INT AS aisles,
    count(DISTINCT department)::INT AS departments, arg_max(department, revenue) AS top FROM (SELECT *, sum(line_revenue) OVER (PARTITION BY department) AS revenue FROM ${raw})`);
});

/** Environment a notebook runs with, besides the test's own. */
const notebookEnv = (name: string): Record<string, string> =>
  (name.startsWith('04-') ? { DATA_DIR: historyDir } : /^0[56]-/.test(name) ? { DATA_DIR: rawHistoryDir } : {});

async function execute(name: string, dir = NOTEBOOKS, out = OUT, env: Record<string, string> = {}): Promise<Cell[]> {
  try {
    await run('bash', ['scripts/notebooks.sh', 'execute', out, join(dir, name)], {
      env: { ...process.env, PURCHASE_TRENDS_JUPYTER_PREFIX: prefix, TZ: 'UTC', ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 600_000,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`scripts/notebooks.sh execute ${name} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
  return (JSON.parse(await readFile(join(out, name), 'utf8')) as { cells: Cell[] }).cells;
}

/** Every cell error and every line a cell wrote to stderr, with the cell's first line. */
function problems(cells: Cell[]): string[] {
  const found: string[] = [];
  cells.forEach((cell, i) => {
    if (cell.cell_type !== 'code') return;
    const head = text(cell.source).split('\n').find((l) => l.trim() && !l.startsWith('//')) ?? '';
    for (const o of cell.outputs ?? []) {
      if (o.output_type === 'error') found.push(`cell ${i} (${head}): ${o.ename}: ${o.evalue}\n${plain((o.traceback ?? []).join('\n'))}`);
      if (o.output_type === 'stream' && o.name === 'stderr') found.push(`cell ${i} (${head}) wrote to stderr:\n${plain(text(o.text))}`);
    }
  });
  return found;
}

const outputs = (cells: Cell[]): Output[] => cells.flatMap((c) => c.outputs ?? []);
const stdout = (cells: Cell[]): string => outputs(cells).filter((o) => o.name === 'stdout').map((o) => text(o.text)).join('');
const vegaLite = (cells: Cell[]) => outputs(cells).map((o) => o.data?.[VEGA_LITE_MIME] as { data?: { values?: unknown[] }; layer?: Array<{ data?: { values?: unknown[] } }> } | undefined).filter((s) => s !== undefined);
const rows = (spec: NonNullable<ReturnType<typeof vegaLite>[number]>): number =>
  (spec.data?.values?.length ?? 0) + (spec.layer ?? []).reduce((n, l) => n + (l.data?.values?.length ?? 0), 0);

const CHECKS: Record<string, (cells: Cell[]) => Promise<void> | void> = {
  '01-explore-catalogue.ipynb': (cells) => {
    expect(stdout(cells)).toContain('21 departments, 134 aisles');
    expect(stdout(cells)).toContain('5661 order lines in 568 orders (fixture.json says 5661 lines in 568 orders)');
    const charts = vegaLite(cells);
    expect(charts).toHaveLength(2);
    expect(rows(charts[0]!)).toBeGreaterThan(10);
    expect(rows(charts[1]!)).toBeGreaterThan(5);
  },
  '02-live-pipeline.ipynb': (cells) => {
    const charts = vegaLite(cells);
    expect(charts).toHaveLength(4);
    for (const chart of charts) expect(rows(chart)).toBeGreaterThan(0);
    const written = /(\d+) windows written/.exec(stdout(cells));
    expect(Number(written?.[1])).toBeGreaterThan(3);
    expect(stdout(cells)).toMatch(/aggregated\/by_product: \d+ files/);
  },
  '03-surge-detection.ipynb': (cells) => {
    expect(stdout(cells)).toMatch(/flagged \d+ min of event time after the surge began/);
    const [chart] = vegaLite(cells);
    const series = (chart?.layer ?? []).flatMap((l) => (l.data?.values ?? []) as Array<{ series?: string }>).map((v) => v.series);
    expect(series.filter((s) => s === 'actual').length).toBeGreaterThan(60);
    expect(series.filter((s) => s === 'baseline').length).toBeGreaterThan(30);
  },
  '04-history-report.ipynb': async (cells) => {
    // DATA_DIR's own history, over the reports' default period: the newest 24 h of event time in it.
    expect(stdout(cells)).toContain(`${historyDir} (DATA_DIR): 24 windows, ${formatCount(historyOrders)} orders, ` +
      '2026-11-23 08:00 UTC – 2026-11-24 08:00 UTC (the newest 24 h of event time in the store)');
    expect(stdout(cells)).not.toContain('demo history');
    expect(stdout(cells)).toMatch(/purchase-trends-20261123T0800Z-20261124T0800Z\.xlsx/);
    const html = outputs(cells).map((o) => text(o.data?.['text/html'] as string | string[] | undefined)).find((h) => h.includes('Plotly.newPlot'));
    expect(html, 'a text/html output with the plotly.js chart').toBeDefined();
    // Drawn by Chromium with every request refused: the chart must need nothing from outside.
    const browser = await launch({ executablePath: DEFAULT_CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, `--user-data-dir=${chromiumProfile}`] });
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      await page.setRequestInterception(true);
      page.on('request', (r) => (r.url().startsWith('data:') || r.url() === 'about:blank' ? void r.continue() : (refused.push(r.url()), void r.abort())));
      await page.setContent(`<!doctype html><html><body>${html}</body></html>`, { waitUntil: 'load', timeout: 60_000 });
      await page.waitForSelector('.main-svg', { timeout: 30_000 });
      const bars = await page.$$eval('.trace.bars .point', (points) => points.length);
      expect(bars).toBe(24);
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  },
  '05-sql-history.ipynb': (cells) => {
    const { orders, lines, departments, top } = rawHistory!;
    expect(stdout(cells)).toContain(`querying ${rawHistoryDir} (DATA_DIR)`);
    expect(stdout(cells)).toContain(`raw: ${orders} orders, ${lines} lines; by_hour: ${orders} orders; by_department: ${lines} lines; by_product: ${lines} lines`);
    expect(stdout(cells)).toContain(`top department: ${top} (`);
    expect(stdout(cells)).toContain('alerts view: 4 columns, 0 groups');
    expect(stdout(cells)).toMatch(/DROP VIEW raw → refused a DROP statement: only a single read-only SELECT/);
    const [chart] = vegaLite(cells);
    expect(rows(chart!)).toBe(departments);
  },
  '06-danfojs.ipynb': (cells) => {
    const { lines, aisles, departments } = rawHistory!;
    expect(stdout(cells)).toContain(`${rawHistoryDir} (DATA_DIR): ${lines} order lines × 10 columns`);
    expect(stdout(cells)).toContain(`${aisles} aisles sold something; 134 in the catalogue`);
    expect(stdout(cells)).toMatch(new RegExp(`${departments} departments; largest difference from DuckDB: danfojs \\$0\\.00\\d\\d, arquero \\$0\\.00\\d\\d`));
    expect(stdout(cells)).toMatch(/groupby over \d+ lines: danfojs [\d.]+ ms, arquero [\d.]+ ms/);
    const html = outputs(cells).map((o) => text(o.data?.['text/html'] as string | string[] | undefined)).filter((h) => h.startsWith('<table>'));
    expect(html.length).toBeGreaterThanOrEqual(4);
    expect(html.some((h) => h.includes('<td>median</td>') && h.includes('line_revenue'))).toBe(true);
    const [chart] = vegaLite(cells);
    expect(rows(chart!)).toBe(Math.min(15, aisles));
  },
};

describe('notebooks run headless on the tslab kernel', () => {
  it('covers every notebook', () => {
    expect(NAMES).toEqual(Object.keys(CHECKS));
  });

  it('reports a broken cell with its error text: type errors and exceptions both arrive on stderr', async () => {
    const dir = await tempDir('broken-notebook');
    const notebook = async (name: string, source: string): Promise<string[]> => {
      await writeFile(join(dir, name), JSON.stringify({
        nbformat: 4, nbformat_minor: 4, metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
        cells: [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source }],
      }));
      return problems(await execute(name, dir, dir));
    };
    expect((await notebook('type-error.ipynb', "const answer: number = 'forty-two';")).join('\n'))
      .toMatch(/^cell 0 \(const answer: number = 'forty-two';\) wrote to stderr:\n1:7 - Type 'string' is not assignable to type 'number'/);
    expect((await notebook('exception.ipynb', "throw new Error('the shelf is empty');")).join('\n'))
      .toMatch(/^cell 0 \(throw new Error\('the shelf is empty'\);\) wrote to stderr:\n[\s\S]*Error: the shelf is empty/);
  }, 120_000);

  for (const name of NAMES) {
    it(`${name} runs without a cell error`, async () => {
      const cells = await execute(name, NOTEBOOKS, OUT, notebookEnv(name));
      const found = problems(cells);
      if (found.length > 0) throw new Error(`${name}: ${found.length} cell problem(s):\n\n${found.join('\n\n')}`);
      await CHECKS[name]?.(cells);
    }, 600_000);
  }

  it('04-history-report.ipynb writes and reads a demo history when DATA_DIR holds none', async () => {
    const empty = await tempDir('notebook-no-history');
    const cells = await execute('04-history-report.ipynb', NOTEBOOKS, await tempDir('notebook-04-demo'), { DATA_DIR: empty });
    expect(problems(cells)).toEqual([]);
    expect(stdout(cells)).toContain(`no history under ${empty}: wrote a demo history of 18 windows to `);
    expect(stdout(cells)).toMatch(/\(demo\): 18 windows, [\d,]+ orders, 2026-11-23 07:30 UTC – 2026-11-24 07:30 UTC/);
  }, 600_000);
});

describe('npm run notebooks', () => {
  it('starts JupyterLab quietly: the address on stdout and nothing else, the rest in its log', async () => {
    const log = join(await tempDir('jupyterlab-log'), 'jupyterlab.log');
    const lab = spawn('bash', ['scripts/notebooks.sh', 'lab', '--no-browser', '--port', '0'], {
      env: { ...process.env, PURCHASE_TRENDS_JUPYTER_PREFIX: prefix, PURCHASE_TRENDS_JUPYTERLAB_LOG: log }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    lab.stdout.on('data', (d) => (out += d));
    lab.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => lab.on('exit', (code) => resolve(code)));
    try {
      // The first run installs JupyterLab from PyPI, which takes minutes; later runs start in seconds.
      await expect.poll(() => out.includes('\n') || lab.exitCode !== null, { timeout: 540_000, interval: 250 }).toBe(true);
      const url = out.trim();
      expect(out.split('\n').filter(Boolean), `stdout: ${out}\nstderr: ${err}`).toEqual([url]);
      expect(url).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/lab\/tree\/notebooks\?token=\w+$/);
      expect(err.split('\n').filter((l) => l && !l.startsWith('notebooks: installing JupyterLab'))).toEqual([]);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('JupyterLab');
      const logged = await readFile(log, 'utf8');
      expect(logged).toContain('ServerApp');
      expect(logged).not.toContain('Fail to get yarn configuration');
      expect(logged).not.toContain('Dynamic require');
    } finally {
      lab.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 600_000);
});
