import { noOsv } from './no-osv';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './fake-timers';
import { repoRoot } from './fixtures';
import { startReceiver } from './push-receiver';
import { startStandins } from './standins';

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
    {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HAGW_OSV_URL: noOsv, ...env },
      cwd: repoRoot,
    },
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

/**
 * Waits for `n` renewals of the data directory's sender lease. The sender renews it on the alert
 * tick's period, so n renewals are as many ticks: an event to wait for, not a fixed window.
 */
export const waitForRenewals = async (dir: string, n: number, what: string): Promise<void> => {
  const seen = new Set<number>();
  await waitFor(
    () => (seen.add(statSync(join(dir, 'sender.lease')).mtimeMs), seen.size >= n + 1),
    what,
    30_000,
  );
};

/** What `hagw monitor` needs to run headless against the stand-ins, in a fresh data directory. */
export const monitorWorld = async (prefix: string, extra: Record<string, string> = {}) => {
  const s = await startStandins();
  const rx = await startReceiver();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env: Record<string, string> = {
    HAGW_DATA_DIR: dir,
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    HAGW_VLLM_URL: s.vllmUrl,
    HAGW_NVIDIA_SMI: join(dir, 'no-nvidia-smi'),
    DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}`,
    HAGW_ALERT_TICK_MS: '500',
    ...extra,
  };
  return {
    s,
    rx,
    dir,
    env,
    close: async () => {
      await rx.close();
      await s.close();
    },
  };
};
