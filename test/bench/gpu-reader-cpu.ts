// CPU per minute of reading the GPU three ways, against the same nvidia-smi stand-in at the same
// interval, in one run: one long-lived nvidia-smi -lms stream (ours), systeminformation.graphics()
// every tick (lspci, then nvidia-smi, on each call: pciutils is installed, so it takes the path
// it takes on a real workstation), and `nvidia-smi --query-gpu` spawned every tick (most exporters
// and status bars). Each variant's nvidia-smi runs are counted by the stand-in's launcher.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/fixtures';

const run = promisify(execFile);
const intervalMs = 1000;
const bin = join(repoRoot, 'test', 'standins', 'bin');
export const gpuModes = ['stream', 'si', 'spawn'] as const;
type Mode = (typeof gpuModes)[number];

export const benchGpuReaderCpu = async (o: { seconds: number; reps: number }) => {
  const logDir = mkdtempSync(join(tmpdir(), 'hagw-bench-gpu-'));
  const subject = async (mode: Mode, rep: number) => {
    const runLog = join(logDir, `${mode}-${rep}.log`);
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      NVSMI_STANDIN_BUNDLE: '1',
      NVSMI_STANDIN_RUN_LOG: runLog,
      NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test', 'standins', 'scenarios', 'healthy-load.json'),
    };
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'test', 'bench', 'gpu-cpu-child.ts'),
        mode,
        String(o.seconds),
        String(intervalMs),
        join(bin, 'nvidia-smi'),
      ],
      { env, timeout: (o.seconds + 60) * 1000 },
    );
    const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      readings: number;
      cpuMs: number;
    };
    const runs = existsSync(runLog)
      ? readFileSync(runLog, 'utf8').split('\n').filter(Boolean).length
      : 0;
    return {
      readings: r.readings,
      cpuMsPerMinute: (r.cpuMs / o.seconds) * 60,
      nvidiaSmiRuns: runs,
    };
  };
  const results: Record<Mode, Awaited<ReturnType<typeof subject>>[]> = {
    stream: [],
    si: [],
    spawn: [],
  };
  // Interleaved, so a noisy minute on the shared machine hits every variant alike.
  for (let rep = 0; rep < o.reps; rep++)
    for (const mode of gpuModes) results[mode].push(await subject(mode, rep));
  return { seconds: o.seconds, intervalMs, ...results };
};
