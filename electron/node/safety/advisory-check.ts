import { join } from 'node:path';
import { type AdvisoryPackage, advisoryTarget } from '../../core/advisory-package';
import { summarizeAdvisories } from '../../core/osv-advisories';
import type { CurrentImage } from '../../core/image-pins';
import { AdvisoryCache, type ServiceAdvisories } from '../../shared/advisories';
import { writeFileAtomic } from '../storage/atomic-file';
import { withFileMutex } from '../storage/file-mutex';
import { queryOsv } from './osv-client';
import { readStateFile, type Warn } from '../storage/state-file';

export interface AdvisoryCheckDeps {
  dataDir: string;
  osvUrl: string;
  now: () => Date;
  warn: Warn;
  timeoutMs?: number;
  /** false: answer from advisories.json alone, sending nothing (the hourly doctor of a face). */
  ask?: boolean;
}

const keyOf = (p: AdvisoryPackage) => `${p.ecosystem}:${p.name}@${p.version}`;

/**
 * Every pinned image against OSV. A service whose package OSV answered for is `checked`; one OSV
 * could not answer for is `unknown` with the date of the last answer (advisories.json), never
 * "no advisories"; an image with no known package or no release tag is `not-checked`, named.
 */
export const checkAdvisories = async (
  images: readonly Pick<CurrentImage, 'service' | 'reference' | 'source'>[],
  d: AdvisoryCheckDeps,
): Promise<ServiceAdvisories[]> => {
  const file = join(d.dataDir, 'advisories.json');
  const cache = (await readStateFile(file, AdvisoryCache, 'advisory cache', d)) ?? {
    version: 1 as const,
    packages: {},
  };
  const fresh: AdvisoryCache['packages'] = {};
  const targets = images.map((img) => advisoryTarget(img.service, img.source ?? img.reference));
  // Every package at once, each once (vllm and vllm-coder share an image): a slow OSV costs one
  // timeout, not one per service.
  const answers = new Map<string, Promise<string | null>>();
  for (const t of targets) {
    if ('notChecked' in t || answers.has(keyOf(t.package))) continue;
    const p = t.package;
    if (d.ask === false) {
      answers.set(
        keyOf(p),
        Promise.resolve(
          cache.packages[keyOf(p)]
            ? null
            : 'not asked yet (the daily check asks OSV an hour after the app starts; hagw doctor asks now)',
        ),
      );
      continue;
    }
    answers.set(
      keyOf(p),
      queryOsv(d.osvUrl, p, d.timeoutMs).then(
        (vulns) => {
          fresh[keyOf(p)] = {
            checkedAt: d.now().toISOString(),
            advisories: summarizeAdvisories(vulns, p),
          };
          return null;
        },
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      ),
    );
  }
  const failures = new Map<string, string | null>();
  for (const [k, a] of answers) failures.set(k, await a);
  const out = targets.map((t): ServiceAdvisories => {
    if ('notChecked' in t)
      return {
        service: t.service,
        image: t.image,
        package: null,
        status: 'not-checked',
        advisories: [],
        checkedAt: null,
        reason: t.notChecked,
      };
    const key = keyOf(t.package);
    const why = failures.get(key) ?? null;
    const known = fresh[key] ?? cache.packages[key];
    return {
      service: t.service,
      image: t.image,
      package: t.package,
      status: why === null && known ? 'checked' : 'unknown',
      advisories: known?.advisories ?? [],
      checkedAt: known?.checkedAt ?? null,
      reason: why,
    };
  });
  if (Object.keys(fresh).length > 0)
    await withFileMutex(`${file}.lock`, () =>
      writeFileAtomic(
        file,
        `${JSON.stringify({ version: 1, packages: { ...cache.packages, ...fresh } }, null, 2)}\n`,
        0o600,
      ),
    );
  return out;
};
