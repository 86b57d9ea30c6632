import { rename } from 'node:fs/promises';
import type { z } from 'zod';
import { GatewayError } from '../../core/gateway-error';
import { readFileIfExists } from './atomic-file';

/** Where a one-line warning goes (the CLI's stderr, the app's log). */
export type Warn = (line: string) => void;

export const stderrWarn: Warn = (line) => process.stderr.write(`${line}\n`);

/**
 * A JSON state file read against its schema. Missing: null. Not JSON, or JSON of the wrong
 * shape: moved aside to `<file>.bad-<time>` (never overwritten, never silently reset) with one
 * warning line naming both files, then null, so the caller starts from empty while the user's
 * data is still on disk.
 */
export const readStateFile = async <T>(
  path: string,
  schema: z.ZodType<T>,
  what: string,
  o: { warn: Warn; now: () => Date },
): Promise<T | null> => {
  let text: string | null;
  try {
    text = await readFileIfExists(path);
  } catch (e) {
    // A bare EISDIR or EACCES names no file: say which one, and what to do with it.
    const code = (e as NodeJS.ErrnoException).code;
    throw new GatewayError(
      'STATE_UNREADABLE',
      code === 'EISDIR'
        ? `${path} is a folder, not a ${what}; move it aside (it is left as it is) and run again.`
        : `${path} (the ${what}) cannot be read (${code ?? 'error'}); check its owner and mode (0600, yours).`,
    );
  }
  if (text === null) return null;
  let why: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    why = `${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'wrong shape'}`;
  } catch {
    why = 'not JSON';
  }
  const aside = `${path}.bad-${o.now().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, aside);
  o.warn(`hagw: ${path} is not a valid ${what} (${why}); moved it to ${aside} and started afresh.`);
  return null;
};
