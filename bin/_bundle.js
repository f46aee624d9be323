// Runs a TypeScript entry point as one JavaScript module that esbuild bundles on demand into
// dist/, instead of through tsx's loader. The loader runs its hooks in a thread of its own (a
// second V8 isolate, for the life of the process) and keeps a source map of every module: about
// 30 MB of RSS in every process (`purchase-trends run`, each stage-1 worker). The bundle is
// rebuilt when one of the files it was built from changed (its inputs and their times are kept
// next to it), so a change still runs without a build step; building takes ~0.1-0.3 s.
// The bundle lives in dist/, one folder below the project root like app/ and server/, so the
// paths those modules resolve from import.meta.url hold in it too.
// PURCHASE_TRENDS_TSX=1 runs through tsx instead (stack traces then name the .ts files).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = new URL('../dist/', import.meta.url);

/** The bundle's inputs with their modification times, as recorded when it was built. */
const manifestOf = (name) => new URL(`${name}.inputs.json`, DIST);

function upToDate(name) {
  try {
    statSync(new URL(`${name}.mjs`, DIST));
    const inputs = JSON.parse(readFileSync(manifestOf(name), 'utf8'));
    return Object.entries(inputs).every(([path, mtimeMs]) => statSync(new URL(path, pathToFileURL(ROOT))).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

async function bundle(entry, name) {
  const { build, stop } = await import('esbuild');
  mkdirSync(DIST, { recursive: true });
  // Built under a name of its own, then renamed: processes starting together do not see a half-written file.
  const partial = `.${name}.${process.pid}`;
  const started = Date.now();
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, new URL('../', import.meta.url)))],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    outfile: fileURLToPath(new URL(`${name}.mjs`, DIST)), write: false, metafile: true, logLevel: 'error', absWorkingDir: ROOT,
  }).finally(() => stop()); // esbuild's service process would otherwise live as long as this one
  // Written here, not by esbuild, so that a folder it may not write to fails with its errno (EACCES, EROFS…).
  writeFileSync(new URL(`${partial}.mjs`, DIST), result.outputFiles[0].contents);
  // A file saved while the build read it may be in the bundle as it was before: recorded as changed (-1), it is built again next time.
  const mtimeOf = (path) => statSync(new URL(path, pathToFileURL(ROOT))).mtimeMs;
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((path) => [path, mtimeOf(path) >= started - 1_000 ? -1 : mtimeOf(path)]));
  writeFileSync(new URL(`${partial}.inputs.json`, DIST), JSON.stringify(inputs));
  renameSync(new URL(`${partial}.mjs`, DIST), new URL(`${name}.mjs`, DIST));
  renameSync(new URL(`${partial}.inputs.json`, DIST), manifestOf(name));
}

/** Builds dist/<name>.mjs from `entry` unless it is up to date (the Dockerfile does, before the image drops root). */
export async function prepare(entry, name) {
  if (!upToDate(name)) await bundle(entry, name);
}

async function throughTsx(entry) {
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`../${entry}`, import.meta.url).href);
}

/** Imports `entry` (a .ts file, relative to the project root) as the bundle dist/<name>.mjs. */
export async function importBundled(entry, name) {
  if (process.env.PURCHASE_TRENDS_TSX === '1') return throughTsx(entry);
  try {
    await prepare(entry, name);
  } catch (error) {
    // A folder it may not write to (an image run as another user), a full disk: run as before.
    if (!['EACCES', 'EPERM', 'EROFS', 'ENOSPC'].includes(error?.code)) throw error;
    process.stderr.write(`could not write the bundle ${fileURLToPath(new URL(`${name}.mjs`, DIST))} (${error.code}); running the sources through tsx\n`);
    return throughTsx(entry);
  }
  return import(new URL(`${name}.mjs`, DIST).href);
}
