// Reads Prometheus text with an independent parser (parse-prometheus-text-format, a port of the
// Prometheus Python client's), so a test checks what a Prometheus server would read. That parser
// folds the series of a labelled histogram into one and drops their labels, so labelled
// histograms are read by histogramOf below, which a test checks against the parser on an
// unlabelled histogram.
import parsePrometheusTextFormat, { type PrometheusFamily, type PrometheusSample } from 'parse-prometheus-text-format';

export type Families = Map<string, PrometheusFamily>;

export function parseMetrics(text: string): Families {
  return new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
}

/** The sample of a family whose labels include these; throws naming what is missing. */
export function sample(families: Families, name: string, labels: Record<string, string> = {}): PrometheusSample {
  const family = families.get(name);
  if (!family) throw new Error(`no metric ${name}; have ${[...families.keys()].join(', ')}`);
  const found = family.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!found) throw new Error(`${name} has no sample with ${JSON.stringify(labels)}: ${JSON.stringify(family.metrics.map((m) => m.labels))}`);
  return found;
}

export const valueOf = (families: Families, name: string, labels?: Record<string, string>): number => Number(sample(families, name, labels).value);

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** One histogram series of the text, as the parser shapes it (values as text), by its labels besides le. */
export function histogramOf(text: string, name: string, labels: Record<string, string> = {}): { buckets: Record<string, string>; count: string; sum: string } {
  const out = { buckets: {} as Record<string, string>, count: '', sum: '' };
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m || !m[1]!.startsWith(name)) continue;
    const own = Object.fromEntries([...(m[2] ?? '').matchAll(LABEL)].map((l) => [l[1]!, l[2]!]));
    if (!Object.entries(labels).every(([k, v]) => own[k] === v)) continue;
    if (m[1] === `${name}_bucket`) out.buckets[own.le!] = m[3]!;
    else if (m[1] === `${name}_count`) out.count = m[3]!;
    else if (m[1] === `${name}_sum`) out.sum = m[3]!;
  }
  if (out.count === '') throw new Error(`no histogram ${name} with ${JSON.stringify(labels)}`);
  return out;
}
