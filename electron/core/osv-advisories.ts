// OSV records reduced to what an operator acts on: the id and its aliases, one line of summary,
// a severity, and the first release that fixes it after the version running. Pure.
import type { Advisory, AdvisorySeverity, OsvVuln } from '../shared/advisories';
import type { AdvisoryPackage } from './advisory-package';
import { cvss3BaseScore } from './cvss3';

const qualitative = (s: unknown): AdvisorySeverity | null => {
  const t = typeof s === 'string' ? s.toLowerCase() : '';
  if (t === 'critical' || t === 'high' || t === 'low') return t;
  if (t === 'moderate' || t === 'medium') return 'moderate';
  return null;
};

const fromScore = (score: number): AdvisorySeverity =>
  score >= 9
    ? 'critical'
    : score >= 7
      ? 'high'
      : score >= 4
        ? 'moderate'
        : score > 0
          ? 'low'
          : 'unknown';

/**
 * The record's own word (GitHub's database_specific.severity, an ecosystem's), else its CVSS v3
 * vector scored, else unknown.
 */
export const advisorySeverity = (v: OsvVuln): AdvisorySeverity => {
  const own =
    qualitative(v.database_specific?.severity) ??
    v.affected?.map((a) => qualitative(a.ecosystem_specific?.severity)).find((s) => s !== null);
  if (own) return own;
  for (const s of v.severity ?? []) {
    const score = s.type.startsWith('CVSS_V3') ? cvss3BaseScore(s.score) : null;
    if (score !== null) return fromScore(score);
  }
  return 'unknown';
};

/** Dotted release numbers compared part by part ("1.84.0" > "1.83.14"); text parts compare as text. */
export const compareVersions = (a: string, b: string): number => {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const d = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
};

const samePackage = (p: AdvisoryPackage, name: string | undefined): boolean =>
  // PyPI treats -, _ and . alike and ignores case (PEP 503).
  (name ?? '').toLowerCase().replace(/[-_.]+/g, '-') ===
  p.name.toLowerCase().replace(/[-_.]+/g, '-');

/** The lowest `fixed` event above the running version in this package's version ranges. */
export const firstFixed = (v: OsvVuln, p: AdvisoryPackage): string | null => {
  const fixes = (v.affected ?? [])
    .filter((a) => samePackage(p, a.package?.name))
    .flatMap((a) => a.ranges ?? [])
    .filter((r) => r.type === 'ECOSYSTEM' || r.type === 'SEMVER')
    .flatMap((r) => r.events.map((e) => e.fixed).filter((f): f is string => typeof f === 'string'))
    .map((f) => f.replace(/^v/, ''))
    .filter((f) => compareVersions(f, p.version) > 0)
    .sort(compareVersions);
  return fixes[0] ?? null;
};

const oneLine = (text: string): string => {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return clean.length > 160 ? `${clean.slice(0, 157)}...` : clean;
};

export const toAdvisory = (v: OsvVuln, p: AdvisoryPackage): Advisory => ({
  id: v.id,
  aliases: (v.aliases ?? []).slice(0, 5),
  summary: oneLine(v.summary ?? v.details?.split('\n')[0] ?? ''),
  severity: advisorySeverity(v),
  fixed: firstFixed(v, p),
});

const rank: Record<AdvisorySeverity, number> = {
  critical: 0,
  high: 1,
  moderate: 2,
  low: 3,
  unknown: 4,
};

/** Most severe first; the same id once. */
export const summarizeAdvisories = (vulns: readonly OsvVuln[], p: AdvisoryPackage): Advisory[] =>
  [...new Map(vulns.map((v) => [v.id, toAdvisory(v, p)])).values()].sort(
    (a, b) => rank[a.severity] - rank[b.severity] || a.id.localeCompare(b.id),
  );
