import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './fixtures';

export interface UiProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `hagw ui --port 0` as a user would and waits for the URL it prints. */
export const startUi = (env: NodeJS.ProcessEnv): Promise<UiProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'hagw.mjs'), 'ui', '--port', '0'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`hagw ui printed no URL: ${out} ${err}`)),
      15_000,
    );
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Dashboard: (\S+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        child,
        stop: () =>
          new Promise<void>((r) => {
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`hagw ui exited with ${String(code)}: ${err}`)));
  });
