import { firstLine } from '../../core/gateway-error';
import type { ProcessRunner } from '../../core/ports';
import type { GpuFact } from '../../core/setup-plan';

/** One short query for the cards and their VRAM: `hagw setup` needs no live stream. */
export const queryGpuInventory = async (
  runner: ProcessRunner,
  nvidiaSmi: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ gpus: GpuFact[] | null; error: string | null }> => {
  const r = await runner.run(
    nvidiaSmi,
    ['--query-gpu=index,name,memory.total', '--format=csv,noheader,nounits'],
    { timeoutMs: 15_000, env },
  );
  if (r.timedOut)
    return { gpus: null, error: `${nvidiaSmi} did not answer within 15 s (a wedged driver?)` };
  if (r.code === 127) return { gpus: null, error: `${nvidiaSmi} not found` };
  if (r.code !== 0)
    return {
      gpus: null,
      error: firstLine(r.stdout || r.stderr) || `${nvidiaSmi} exited with ${String(r.code)}`,
    };
  const gpus = r.stdout
    .split('\n')
    .map((l) => l.split(',').map((c) => c.trim()))
    .filter((c) => c.length === 3 && /^\d+$/.test(c[0] ?? '') && /^\d+$/.test(c[2] ?? ''))
    .map((c) => ({ index: Number(c[0]), name: c[1] ?? '', memoryTotalMiB: Number(c[2]) }));
  return gpus.length > 0
    ? { gpus, error: null }
    : { gpus: null, error: 'nvidia-smi listed no GPU' };
};
