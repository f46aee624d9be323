// The shape of src/, checked on the source text: one door per folder, no reach into the
// composition root, no cycle between folders, and a pure core.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const PURE = ['src/domain', 'src/domain/trend', 'src/stream'];

interface Import { from: string; spec: string; target: string | null; typeOnly: boolean }

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []);
}

function resolveSpec(from: string, spec: string): string | null {
  const base = normalize(join(dirname(from), spec));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    const path = join(ROOT, candidate);
    if (existsSync(path) && statSync(path).isFile()) return candidate;
  }
  return null;
}

/** The static imports of a file; an import is type-only when every name it brings is a type. */
export function importsOf(file: string, text: string): Import[] {
  return [...text.matchAll(/^(?:import|export)(\s+type)?\s*(\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+)?\s*(?:from\s*)?'([^']+)'/gm)].map((m) => {
    const names = m[2]?.startsWith('{') ? m[2].slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean) : [];
    const typeOnly = Boolean(m[1]) || (names.length > 0 && names.every((n) => n.startsWith('type ')));
    const spec = m[3]!;
    return { from: file, spec, target: spec.startsWith('.') ? resolveSpec(file, spec) : null, typeOnly };
  });
}

const files = sourceFiles('src');
const folders = [...new Set(files.map(dirname))].filter((d) => d !== 'src');
const imports = files.flatMap((f) => importsOf(f, readFileSync(join(ROOT, f), 'utf8')));
const crossing = imports.filter((i) => i.target && dirname(i.target) !== dirname(i.from) && i.from !== 'src/index.ts');

/** Folder → folders it imports values from (type-only imports vanish at run time). */
function valueGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const i of crossing.filter((c) => !c.typeOnly)) {
    const edges = graph.get(dirname(i.from)) ?? new Set<string>();
    edges.add(dirname(i.target!));
    graph.set(dirname(i.from), edges);
  }
  return graph;
}

function cycleIn(graph: Map<string, Set<string>>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (path.includes(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the shape of src/', () => {
  it('gives every folder a door, index.ts', () => {
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((d) => !existsSync(join(ROOT, d, 'index.ts')))).toEqual([]);
  });

  it('lets a file reach another folder only through that folder\'s door', () => {
    const deep = crossing.filter((i) => !i.target!.endsWith('/index.ts')).map((i) => `${i.from} imports ${i.spec}`);
    expect(deep).toEqual([]);
  });

  it('never imports the composition root (app/) or the server from src/', () => {
    const outward = imports.filter((i) => i.spec.startsWith('.') && (i.target === null || !i.target.startsWith('src/')));
    expect(outward.map((i) => `${i.from} imports ${i.spec}`)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(cycleIn(valueGraph())).toBeUndefined();
  });

  it('keeps the core pure: no node: module in the domain or the stream', () => {
    const impure = imports.filter((i) => PURE.includes(dirname(i.from)) && i.spec.startsWith('node:'));
    expect(impure.map((i) => `${i.from} imports ${i.spec}`)).toEqual([]);
  });

  it('keeps src/ loadable by the notebooks\' kernel: no import.meta, and every file a module', () => {
    // tslab compiles to CommonJS: import.meta makes Node load the output as ESM ("exports is not
    // defined"), and a file without import or export is a script it never emits as a module.
    const files = sourceFiles('src').map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
    expect(files.filter((f) => /\bimport\.meta\b/.test(f.text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))).map((f) => f.file)).toEqual([]);
    expect(files.filter((f) => !/^(?:import|export)\b/m.test(f.text)).map((f) => f.file)).toEqual([]);
  });

  it('builds the public API from the doors alone', () => {
    const fromIndex = imports.filter((i) => i.from === 'src/index.ts');
    expect(fromIndex.length).toBeGreaterThan(10);
    expect(fromIndex.filter((i) => !i.target?.endsWith('/index.ts')).map((i) => i.spec)).toEqual([]);
  });

  it('finds a cycle and a deep import when there is one (the checks can fail)', () => {
    expect(cycleIn(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]))).toEqual(['a', 'b', 'c', 'a']);
    const [deep] = importsOf('src/stream/x.ts', "import { lineRevenue } from '../domain/event';\n");
    expect(deep).toMatchObject({ target: 'src/domain/event.ts', typeOnly: false });
    expect(relative('src', deep!.target!)).toBe('domain/event.ts');
  });
});
