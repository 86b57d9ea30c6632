import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A recorded fixture's payload, without its provenance header. */
export const fixturePayload = (dir: string, file: string): string => {
  const text = readFileSync(join(dir, file), 'utf8');
  const marker = '#---- verbatim payload below ----\n';
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : text;
};
