#!/usr/bin/env node
// Starts tslab's Jupyter kernel for the notebooks, the way the project's code needs it.
// tslab has no configuration, so four of its choices are adjusted here, before it loads:
//  - Its working directory is the repository root. tslab compiles with rootDir = the working
//    directory, so with Jupyter's default (the notebook's folder) every import of src/ fails
//    with "not under rootDir". Notebooks therefore import './src/index' and read files by
//    paths relative to the repository root.
//  - Only the cells are type-checked; the project's modules are only compiled. tslab's
//    TypeScript is 5.0, the project's is 7 (tsconfig.json, checked by npm test): the old
//    compiler misreads code the new one accepts (types found only through package "exports",
//    narrowing in closures) and would refuse to run cells over it.
//  - strict is on, as in tsconfig.json, so cells are checked the way src/ is.
//  - Node's types come from tslab's own @types/node, written for its TypeScript 5.0; the
//    project's @types/node needs a newer compiler.
// Usage (what the kernel spec runs): node scripts/tslab-kernel.cjs kernel --config-path <file>
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.chdir(root);

// tslab's TypeScript exports read-only getters, so its module is swapped for a copy with two
// functions replaced; tslab requires it after this and gets the copy.
const tsPath = require.resolve('@tslab/typescript-for-tslab', { paths: [path.join(root, 'node_modules', 'tslab')] });
const ts = require(tsPath);
const patched = {};
for (const key of Object.keys(ts)) {
  if (key !== 'createWatchCompilerHost' && key !== 'getPreEmitDiagnosticsOfFiles') Object.defineProperty(patched, key, { enumerable: true, get: () => ts[key] });
}
const ownTypes = path.join(path.dirname(require.resolve('tslab/package.json', { paths: [root] })), 'node_modules', '@types');
const typeRoots = fs.existsSync(path.join(ownTypes, 'node')) ? { typeRoots: [ownTypes] } : {};
patched.createWatchCompilerHost = function createWatchCompilerHost(files, options, ...rest) {
  return ts.createWatchCompilerHost(files, { ...options, strict: true, ...typeRoots }, ...rest);
};
// A headless run (notebooks.sh execute) does not watch src/ for changes: an edit landing
// mid-run makes tslab 1.0.22 fail the running cell ("Unexpected pending rebuildTimer").
if (process.env.PURCHASE_TRENDS_NOTEBOOK_STATIC === '1') ts.sys.watchFile = () => ({ close() {} });
// tslab passes the cell first, then every module it imports.
patched.getPreEmitDiagnosticsOfFiles = function getPreEmitDiagnosticsOfFiles(program, files) {
  return ts.getPreEmitDiagnosticsOfFiles(program, files.slice(0, 1));
};
require.cache[tsPath].exports = patched;

require(require.resolve('tslab/dist/main.js', { paths: [root] })).main();
