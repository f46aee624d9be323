// CPU profiles for benchmarks: record this process through the inspector, or read a
// .cpuprofile another process wrote (node --cpu-prof), and say where the time went — by area of
// the code and by function, in self time.
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time per area of the code, as a share of the samples. */
  areas: Array<{ area: string; ms: number; share: number }>;
  /** The functions with the most self time. */
  top: Array<{ fn: string; area: string; ms: number; share: number }>;
}

const AREAS: Array<[RegExp, string]> = [
  [/node_modules\/kafkajs\//, 'kafkajs (protocol, decode, fetch)'],
  [/node_modules\/@platformatic\//, '@platformatic/kafka (protocol, decode, fetch)'],
  [/node_modules\/hyparquet-writer\/|node_modules\/hyparquet\//, 'Parquet encode (hyparquet-writer)'],
  [/node_modules\/tsx\//, 'tsx loader'],
  [/node_modules\//, 'other npm packages'],
  [/\/src\/domain\/codec/, 'src/domain codec (JSON decode)'],
  [/\/src\/domain\//, 'src/domain (aggregates, distinct, prices)'],
  [/\/src\/stream\//, 'src/stream (stage 1 / stage 2)'],
  [/\/src\/store\//, 'src/store (raw tables, files)'],
  [/\/src\/pipeline\//, 'src/pipeline (workers)'],
  [/\/src\/sources\//, 'src/sources (generator)'],
  [/\/src\//, 'src (other)'],
  [/^node:|^internal\//, 'Node.js internals (zlib, streams, net, fs)'],
];

function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle (waiting for I/O)';
  if (functionName === '(program)') return 'V8 / native (program)';
  if (url === '') return functionName === 'JSON.parse' || functionName === 'parse' ? 'JSON.parse (native)' : 'native builtins';
  return AREAS.find(([pattern]) => pattern.test(url))?.[1] ?? 'other';
}

export function summarizeProfile(profile: CpuProfile, topN = 15): ProfileSummary {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const samples = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || 1;
  const msPerSample = totalMs / samples;
  const areas = new Map<string, number>();
  const fns = new Map<string, { area: string; hits: number }>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const area = areaOf(node);
    areas.set(area, (areas.get(area) ?? 0) + hits);
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/[^/]+|src|bench)\//, '$1/').replace(/^file:\/\//, '');
    const key = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    const entry = fns.get(key) ?? { area, hits: 0 };
    entry.hits += hits;
    fns.set(key, entry);
  }
  const share = (hits: number) => Math.round((1000 * hits) / samples) / 10;
  return {
    totalMs: Math.round(totalMs),
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, hits]) => ({ area, ms: Math.round(hits * msPerSample), share: share(hits) })),
    top: [...fns].sort((a, b) => b[1].hits - a[1].hits).slice(0, topN)
      .map(([fn, e]) => ({ fn, area: e.area, ms: Math.round(e.hits * msPerSample), share: share(e.hits) })),
  };
}

/** Profiles this process while `work` runs. */
export async function profileWhile<T>(work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    const result = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

export const formatSummary = (label: string, s: ProfileSummary): string[] => [
  `${label}: ${s.totalMs} ms profiled; self time by area:`,
  ...s.areas.slice(0, 12).map((a) => `  ${String(a.share).padStart(5)}%  ${a.area}`),
  `${label}: top functions by self time:`,
  ...s.top.map((f) => `  ${String(f.share).padStart(5)}%  ${f.fn}  [${f.area}]`),
];
