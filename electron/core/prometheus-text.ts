import type { MetricSample } from '../shared/litellm';

type MetricType = NonNullable<MetricSample['type']>;
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

const unescape = (v: string): string =>
  v.replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));

const parseLabels = (text: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1]!] = unescape(m[2]!);
  return out;
};

const parseValue = (v: string): number => {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v);
};

/**
 * The Prometheus text exposition format into samples. Metric names may contain ':' (vLLM's
 * "vllm:num_requests_waiting"); histogram/summary series keep their _bucket/_sum/_count names
 * and inherit the family's TYPE. Lines it cannot read are skipped, never fatal.
 */
export const parsePrometheusText = (text: string): MetricSample[] => {
  const familyType = new Map<string, MetricType>();
  const out: MetricSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (m && types.has(m[2]!)) familyType.set(m[1]!, m[2] as MetricType);
      continue;
    }
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    if (!m) continue;
    const name = m[1]!;
    const value = parseValue(m[4]!);
    if (Number.isNaN(value) && m[4] !== 'NaN') continue;
    const family = name.replace(/_(bucket|sum|count|total|created)$/, '');
    const type = familyType.get(name) ?? familyType.get(family);
    out.push({ name, ...(type ? { type } : {}), labels: m[3] ? parseLabels(m[3]) : {}, value });
  }
  return out;
};

/** The sum of a family's samples, or null when the family has none: unknown is not zero. */
export const sumMetricOrNull = (
  samples: readonly MetricSample[],
  name: string,
  where: Record<string, string> = {},
): number | null =>
  samples.some((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    ? sumMetric(samples, name, where)
    : null;

export const sumMetric = (
  samples: readonly MetricSample[],
  name: string,
  where: Record<string, string> = {},
): number =>
  samples
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);
