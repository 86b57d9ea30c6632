import { runCli } from '../../electron/cli/hagw';
import type { CliIo } from '../../electron/cli/cli-output';
import type { Clock } from '../../electron/core/ports';
import { repoRoot } from './fixtures';
import { noOsv } from './no-osv';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and an explicit environment. */
export const cli = async (
  args: string[],
  env: NodeJS.ProcessEnv,
  deps: { clock?: Clock } = {},
): Promise<CliRun> => {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => (stdout += `${t}\n`),
    err: (t) => (stderr += `${t}\n`),
    isTty: false,
  };
  const code = await runCli(
    args,
    { PATH: process.env.PATH, HOME: process.env.HOME, HAGW_OSV_URL: noOsv, ...env },
    io,
    repoRoot,
    deps,
  );
  return { code, stdout, stderr };
};
