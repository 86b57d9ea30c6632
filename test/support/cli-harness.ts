import { runCli } from '../../electron/cli/hagw';
import type { CliIo } from '../../electron/cli/cli-output';
import { repoRoot } from './fixtures';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and an explicit environment. */
export const cli = async (args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> => {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => (stdout += `${t}\n`),
    err: (t) => (stderr += `${t}\n`),
    isTty: false,
  };
  const code = await runCli(
    args,
    { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    io,
    repoRoot,
  );
  return { code, stdout, stderr };
};
