// `hagw monitor` at rest: CPU % of one core and peak RSS over `seconds` (300) against the
// stand-ins (LiteLLM with a few keys, vLLM, nvidia-smi streaming a healthy card every 2 s), next
// to, measured at the same time: the same monitor with its GPU stream replaced by
// systeminformation.graphics() polling (si-poller.mjs), and a bare node process with one idle
// timer. The period is cut into `windows` equal windows, one figure each (the repetitions).
// Goal: under 0.5 % of a core and 120 MB. The nvidia-smi stand-in's own CPU is reported apart.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli-harness';
import { repoRoot } from '../support/fixtures';
import { startStandins } from '../support/standins';
import { descendants } from './bench-cleanup';

const hz = 100;

const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(f[11]) + Number(f[12])) * 1000) / hz;
};
/** Its own CPU plus that of its reaped children (graphics() runs lspci and nvidia-smi each call). */
const cpuMsWithReaped = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ([11, 12, 13, 14].reduce((a, i) => a + Number(f[i]), 0) * 1000) / hz;
};
const peakRssMiB = (pid: number): number =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sum = (pids: number[]) =>
  pids.reduce((a, p) => {
    try {
      return a + cpuMs(p);
    } catch {
      return a;
    }
  }, 0);

export const benchMonitorIdle = async (seconds = 300, windows = 3, warmupMs = 15_000) => {
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
  const siEnv = {
    ...envFor(mkdtempSync(join(tmpdir(), 'hagw-bench-monitor-si-'))),
    HAGW_NVIDIA_SMI: join(tmpdir(), 'no-such-nvidia-smi'),
    // graphics() finds nvidia-smi on PATH: the same stand-in, the same card.
    PATH: `${join(repoRoot, 'test', 'standins', 'bin')}:${process.env.PATH ?? ''}`,
  };
  for (const app of ['discord-bot', 'obsidian', 'ide'])
    await cli(['keys', 'create', app, '--budget', '5'], plainEnv);
  const base = { PATH: process.env.PATH, HOME: process.env.HOME };
  const startOne = async (env: Record<string, string>, nodeFlags: string[] = []) => {
    const child = spawn(
      process.execPath,
      [...nodeFlags, join(repoRoot, 'bin', 'hagw.mjs'), 'monitor'],
      {
        env: { ...base, ...env, PATH: env.PATH ?? base.PATH },
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
  const siPolling = await startOne(siEnv, [
    '--import',
    join(repoRoot, 'test', 'bench', 'si-poller.mjs'),
  ]);
  const baseline = spawn(process.execPath, ['-e', 'setInterval(() => {}, 15000)'], {
    stdio: 'ignore',
  });
  // Start-up (module loading, the first doctor and certificate runs) is not the idle cost.
  await new Promise((r) => setTimeout(r, warmupMs));
  const pids = {
    monitor: monitor.pid ?? 0,
    unit: unit.pid ?? 0,
    si: siPolling.pid ?? 0,
    baseline: baseline.pid ?? 0,
  };
  const percents = {
    monitor: [],
    unit: [],
    si: [],
    baseline: [],
    nvidiaSmi: [],
    siWithReaped: [],
  } as Record<keyof typeof pids | 'nvidiaSmi' | 'siWithReaped', number[]>;
  for (let w = 0; w < windows; w++) {
    const t0 = Date.now();
    const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuMs(p)]));
    const c0 = sum(descendants(pids.monitor));
    const r0 = cpuMsWithReaped(pids.si) + sum(descendants(pids.si));
    await new Promise((r) => setTimeout(r, (seconds * 1000) / windows));
    const wall = Date.now() - t0;
    for (const [k, p] of Object.entries(pids) as [keyof typeof pids, number][])
      percents[k].push(((cpuMs(p) - (before[k] ?? 0)) / wall) * 100);
    percents.nvidiaSmi.push(((sum(descendants(pids.monitor)) - c0) / wall) * 100);
    percents.siWithReaped.push(
      ((cpuMsWithReaped(pids.si) + sum(descendants(pids.si)) - r0) / wall) * 100,
    );
  }
  const result = {
    seconds,
    windows,
    monitor: { cpuPercent: percents.monitor, peakRssMiB: peakRssMiB(pids.monitor) },
    asUnit: {
      nodeFlags: unitFlags.join(' '),
      cpuPercent: percents.unit,
      peakRssMiB: peakRssMiB(pids.unit),
    },
    siPolling: {
      cpuPercent: percents.si,
      withChildrenPercent: percents.siWithReaped,
      peakRssMiB: peakRssMiB(pids.si),
    },
    baseline: { cpuPercent: percents.baseline, peakRssMiB: peakRssMiB(pids.baseline) },
    nvidiaSmiStandin: { cpuPercent: percents.nvidiaSmi },
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
  siPolling.kill('SIGTERM');
  baseline.kill();
  await s.close();
  return result;
};

if (process.argv[1]?.endsWith('monitor-idle.ts')) {
  console.log(JSON.stringify(await benchMonitorIdle(), null, 2));
  // The stand-ins' keep-alive sockets would hold the process open.
  process.exit(0);
}
