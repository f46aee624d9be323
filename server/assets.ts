// The page's files: its own HTML, CSS and JS from server/public, and Vega's browser builds
// from node_modules, so the dashboard needs no CDN and works offline.
import express from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// From the project root: the same in server/ and in the bundle the CLI runs (dist/, bin/_bundle.js).
export const PUBLIC_DIR = fileURLToPath(new URL('../server/public', import.meta.url));

/** Each package's entry point sits in its build folder, next to the minified browser bundle. */
const VENDOR: Record<string, string> = {
  'vega.min.js': join(dirname(require.resolve('vega')), 'vega.min.js'),
  'vega-lite.min.js': join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js'),
  'vega-embed.min.js': join(dirname(require.resolve('vega-embed')), 'vega-embed.min.js'),
};

export function mountAssets(app: express.Express): void {
  app.get('/vendor/:file', (req, res) => {
    const path = VENDOR[req.params.file];
    if (!path) {
      res.status(404).json({ error: `no such asset: /vendor/${req.params.file}; there are ${Object.keys(VENDOR).join(', ')}` });
      return;
    }
    res.sendFile(path, { maxAge: '1h' });
  });
  app.use('/assets', express.static(PUBLIC_DIR, { index: false, maxAge: 0 }));
  app.get('/', (_req, res) => res.sendFile(join(PUBLIC_DIR, 'index.html')));
}
