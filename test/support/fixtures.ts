import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

const marker = '#---- verbatim payload below ----\n';

/** A fixture's payload: everything after the marker line (headers name the source). */
export const fixturePayload = (relPath: string): string => {
  const text = readFileSync(join(fixturesDir, relPath), 'utf8');
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : text;
};

export const jsonFixture = <T = unknown>(relPath: string): T =>
  JSON.parse(fixturePayload(relPath)) as T;

export const fixtureNames = (dir: string): string[] => readdirSync(join(fixturesDir, dir)).sort();
