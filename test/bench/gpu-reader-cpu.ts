// CPU per minute: one long-lived nvidia-smi -lms stream versus systeminformation.graphics() every
// interval (it spawns nvidia-smi, and lspci/dmidecode where present, on each call), against the
// same nvidia-smi stand-in, in one run.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/fixtures';

const run = promisify(execFile);
const seconds = Number(process.env.BENCH_GPU_SECONDS ?? 30);
const intervalMs = 1000;
const bin = join(repoRoot, 'test', 'standins', 'bin');

export const benchGpuReaderCpu = async () => {
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    NVSMI_STANDIN_BUNDLE: '1',
    NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test', 'standins', 'scenarios', 'healthy-load.json'),
  };
  const subject = async (mode: 'stream' | 'si') => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'test', 'bench', 'gpu-cpu-child.ts'),
        mode,
        String(seconds),
        String(intervalMs),
        join(bin, 'nvidia-smi'),
      ],
      { env, timeout: (seconds + 60) * 1000 },
    );
    const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      readings: number;
      cpuMs: number;
    };
    return { ...r, cpuMsPerMinute: (r.cpuMs / seconds) * 60 };
  };
  // A baseline process that only starts and stops (tsx start-up), subtracted from both.
  const idle = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "const f=require('fs').readFileSync('/proc/self/stat','utf8').split(') ')[1].split(' ');console.log([11,12,13,14].reduce((a,i)=>a+Number(f[i]),0)*10)",
    ],
    { env },
  );
  const startupMs = Number(idle.stdout.trim());
  const stream = await subject('stream');
  const si = await subject('si');
  return { seconds, intervalMs, startupMs, stream, systeminformation: si };
};
