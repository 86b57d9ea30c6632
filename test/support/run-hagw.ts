import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './fixtures';

export interface HagwResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/hagw.mjs) as a separate process, the way a user runs it. */
export const hagw = (
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 240_000,
): Promise<HagwResult> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'bin', 'hagw.mjs'), ...args],
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
