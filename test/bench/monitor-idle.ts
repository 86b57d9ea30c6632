// `hagw monitor` at rest: CPU % of one core and peak RSS over BENCH_MONITOR_SECONDS (300) against
// the stand-ins (LiteLLM with a few keys, vLLM, nvidia-smi streaming a healthy card every 2 s),
// next to a baseline measured at the same time: a bare node process with one idle timer. Goal:
// under 0.5 % of a core and 120 MB. The nvidia-smi stand-in's own CPU is reported apart: it is a
// stand-in's cost, not the monitor's.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli-harness';
import { repoRoot } from '../support/fixtures';
import { startStandins } from '../support/standins';

const seconds = Number(process.env.BENCH_MONITOR_SECONDS ?? 300);
const hz = 100;

const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(f[11]) + Number(f[12])) * 1000) / hz;
};
const peakRssMiB = (pid: number): number =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const descendants = (pid: number): number[] => {
  const kids = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [...kids, ...kids.flatMap(descendants)];
};
const sum = (pids: number[]) =>
  pids.reduce((a, p) => {
    try {
      return a + cpuMs(p);
    } catch {
      return a;
    }
  }, 0);

export const benchMonitorIdle = async () => {
  const s = await startStandins();
  const envFor = (dir: string): Record<string, string> => ({
    HAGW_DATA_DIR: dir,
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    HAGW_VLLM_URL: s.vllmUrl,
    HAGW_NVIDIA_SMI: join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi'),
    NVSMI_STANDIN_BUNDLE: '1',
    NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test', 'standins', 'scenarios', 'healthy-load.json'),
    DOCKER_HOST: process.env.DOCKER_HOST ?? `unix://${join(dir, 'no-docker.sock')}`,
    ...(process.env.HAGW_COMPOSE_FILE ? { HAGW_COMPOSE_FILE: process.env.HAGW_COMPOSE_FILE } : {}),
    ...(process.env.HAGW_COMPOSE_PROJECT
      ? { HAGW_COMPOSE_PROJECT: process.env.HAGW_COMPOSE_PROJECT }
      : {}),
  });
  const plainEnv = envFor(mkdtempSync(join(tmpdir(), 'hagw-bench-monitor-')));
  const unitEnv = envFor(mkdtempSync(join(tmpdir(), 'hagw-bench-monitor-unit-')));
  for (const app of ['discord-bot', 'obsidian', 'ide'])
    await cli(['keys', 'create', app, '--budget', '5'], plainEnv);
  const base = { PATH: process.env.PATH, HOME: process.env.HOME };
  const startOne = async (env: Record<string, string>, nodeFlags: string[] = []) => {
    const child = spawn(
      process.execPath,
      [...nodeFlags, join(repoRoot, 'bin', 'hagw.mjs'), 'monitor'],
      {
        env: { ...base, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (/watching/.test(err)) {
          clearInterval(t);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(t);
          reject(new Error(err));
        }
      }, 100);
    });
    return child;
  };
  // As it runs bare, and as the systemd unit runs it (the node flags of its ExecStart).
  const unitFlags = (
    /^ExecStart=\/usr\/bin\/env node (.*?) \$\{HAGW_CHECKOUT\}/m.exec(
      readFileSync(join(repoRoot, 'resources', 'systemd', 'hagw-monitor.service'), 'utf8'),
    )?.[1] ?? ''
  )
    .split(' ')
    .filter(Boolean);
  const monitor = await startOne(plainEnv);
  const unit = await startOne(unitEnv, unitFlags);
  const baseline = spawn(process.execPath, ['-e', 'setInterval(() => {}, 15000)'], {
    stdio: 'ignore',
  });
  // Start-up (module loading, the first doctor and certificate runs) is not the idle cost.
  await new Promise((r) => setTimeout(r, 15_000));
  const mPid = monitor.pid ?? 0;
  const uPid = unit.pid ?? 0;
  const bPid = baseline.pid ?? 0;
  const t0 = Date.now();
  const m0 = cpuMs(mPid);
  const u0 = cpuMs(uPid);
  const b0 = cpuMs(bPid);
  const c0 = sum(descendants(mPid));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wall = Date.now() - t0;
  const m1 = cpuMs(mPid);
  const u1 = cpuMs(uPid);
  const b1 = cpuMs(bPid);
  const c1 = sum(descendants(mPid));
  const result = {
    seconds,
    monitor: { cpuPercent: ((m1 - m0) / wall) * 100, peakRssMiB: peakRssMiB(mPid) },
    asUnit: {
      nodeFlags: unitFlags.join(' '),
      cpuPercent: ((u1 - u0) / wall) * 100,
      peakRssMiB: peakRssMiB(uPid),
    },
    baseline: { cpuPercent: ((b1 - b0) / wall) * 100, peakRssMiB: peakRssMiB(bPid) },
    nvidiaSmiStandin: { cpuPercent: ((c1 - c0) / wall) * 100 },
    stopMs: 0,
  };
  const stopped = Date.now();
  await new Promise<void>((r) => {
    monitor.once('exit', () => r());
    monitor.kill('SIGTERM');
  });
  result.stopMs = Date.now() - stopped;
  await new Promise<void>((r) => {
    unit.once('exit', () => r());
    unit.kill('SIGTERM');
  });
  baseline.kill();
  await s.close();
  return result;
};

if (process.argv[1]?.endsWith('monitor-idle.ts')) {
  console.log(JSON.stringify(await benchMonitorIdle(), null, 2));
  // The stand-ins' keep-alive sockets would hold the process open.
  process.exit(0);
}
