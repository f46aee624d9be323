// bin/_bundle.js: the CLI runs as a bundle that esbuild builds into dist/ when one of its sources
// changed, so an edit runs without a build step and an unchanged tree is not rebuilt.
import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
// A bundle of its own, from sources of its own under test/output, next to the CLI's in dist/.
const NAME = `test-bundle-${process.pid}`;
const SOURCES = join(ROOT, 'test/output', NAME);
const ENTRY = `test/output/${NAME}/entry.ts`;
const BUNDLE = join(ROOT, 'dist', `${NAME}.mjs`);

afterAll(async () => {
  await rm(SOURCES, { recursive: true, force: true });
  await rm(BUNDLE, { force: true });
  await rm(join(ROOT, 'dist', `${NAME}.inputs.json`), { force: true });
});

// A module URL is imported once per process: each load below asks for a copy of its own.
async function load(): Promise<{ answer: number; bundledAt: number }> {
  const { importBundled } = await import('../../../bin/_bundle.js');
  await importBundled(ENTRY, NAME);
  const { mtimeMs } = await stat(BUNDLE);
  const text = await readFile(BUNDLE, 'utf8');
  return { answer: Number(/answer = (\d+)/.exec(text)?.[1]), bundledAt: mtimeMs };
}

describe('the CLI bundle', () => {
  it('is built on first use, reused while its sources are unchanged, and rebuilt when one changes', async () => {
    await mkdir(SOURCES, { recursive: true });
    await writeFile(join(SOURCES, 'entry.ts'), "import { answer } from './part';\nexport const doubled: number = answer * 2;\n");
    await writeFile(join(SOURCES, 'part.ts'), 'export const answer: number = 21;\n');
    // Files saved during a build (or within a second of its start) count as changed; these were saved a minute ago.
    const earlier = new Date(Date.now() - 60_000);
    for (const file of ['entry.ts', 'part.ts']) await utimes(join(SOURCES, file), earlier, earlier);
    const first = await load();
    expect(first.answer).toBe(21);
    const again = await load();
    expect(again.bundledAt).toBe(first.bundledAt);
    // An imported file, not the entry, changes: its new time is enough.
    await writeFile(join(SOURCES, 'part.ts'), 'export const answer: number = 42;\n');
    const later = new Date(Date.now() + 5_000);
    await utimes(join(SOURCES, 'part.ts'), later, later);
    const changed = await load();
    expect(changed.answer).toBe(42);
    expect(changed.bundledAt).toBeGreaterThan(first.bundledAt);
    // part.ts's time is after that build started: recorded as changed, so the next start builds again.
    const manifest = JSON.parse(await readFile(join(ROOT, 'dist', `${NAME}.inputs.json`), 'utf8')) as Record<string, number>;
    expect(manifest[`test/output/${NAME}/part.ts`]).toBe(-1);
    expect(manifest[ENTRY]).toBeGreaterThan(0);
  });
});
