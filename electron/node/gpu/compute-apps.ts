import { readFile } from 'node:fs/promises';
import { type ComputeApp, parseComputeApps } from '../../core/auto-free';
import type { ProcessRunner } from '../../core/ports';

/** The processes using the card now, from one short nvidia-smi run; [] when it cannot say. */
export const queryComputeApps = async (
  runner: ProcessRunner,
  nvidiaSmi: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ComputeApp[]> => {
  const r = await runner.run(
    nvidiaSmi,
    ['--query-compute-apps=pid,process_name,used_memory', '--format=csv,noheader,nounits'],
    { timeoutMs: 10_000, env },
  );
  return r.code === 0 && !r.timedOut ? parseComputeApps(r.stdout) : [];
};

/**
 * Whether a process runs in one of these containers: its cgroup path names the container's id
 * (Docker's "docker-<id>.scope" or "/docker/<id>"). /proc/<pid>/cgroup is readable by everyone.
 * A process that is gone, or one this host cannot see, is not ours.
 */
export const inContainers = async (
  pid: number,
  containerIds: readonly string[],
  procRoot = '/proc',
): Promise<boolean> => {
  try {
    const text = await readFile(`${procRoot}/${pid}/cgroup`, 'utf8');
    return containerIds.some((id) => id.length >= 12 && text.includes(id));
  } catch {
    return false;
  }
};
