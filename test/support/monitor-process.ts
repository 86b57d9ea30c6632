import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures';

export interface MonitorProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The pids of this process's children now (the nvidia-smi stream). */
  children: () => number[];
  /** SIGTERM, then the exit code and how long the exit took. */
  stop: () => Promise<{ code: number | null; ms: number }>;
}

const childrenOf = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
        const stat = readFileSync(join('/proc', d, 'stat'), 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

/** `hagw monitor` as its own process, from the TypeScript source (no build needed). */
export const startMonitor = (args: string[], env: NodeJS.ProcessEnv): MonitorProcess => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'electron', 'cli', 'main.ts'), 'monitor', ...args],
    { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, cwd: repoRoot },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    children: () => (child.pid ? childrenOf(child.pid) : []),
    stop: async () => {
      const t0 = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      return { code, ms: Date.now() - t0 };
    },
  };
};

export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
