// How long a command takes from exec to exit, against bare node in the same run: `hagw --version`
// (nothing but the argument parser should load) and `hagw status --json` against the running
// integration stack (Docker, LiteLLM's health: what a `watch hagw status` loop pays each time).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/fixtures';

const wallMs = (args: string[]): Promise<number> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { env: process.env }, (err) => {
      // status exits 1 when the stack is partial: still a finished command.
      if (err && typeof err.code !== 'number') reject(new Error(err.message));
      else resolve(performance.now() - t0);
    });
  });

const times = async (args: string[], reps: number): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) out.push(await wallMs(args));
  return out;
};

export const benchCliStart = async (reps: number) => {
  const bin = join(repoRoot, 'bin', 'hagw.mjs');
  // One warm-up each: the first run pays the disk cache.
  await wallMs(['-e', '0']);
  await wallMs([bin, '--version']);
  return {
    bareNode: await times(['-e', '0'], reps),
    version: await times([bin, '--version'], reps),
    status: await times([bin, 'status', '--json'], reps),
  };
};
