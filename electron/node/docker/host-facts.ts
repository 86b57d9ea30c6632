import type { DockerHandle } from './docker-client';
import { filesystemAt } from './disk-space';

export interface HostFacts {
  cpuTemperatureC: number | null;
  memoryTotalBytes: number | null;
  memoryAvailableBytes: number | null;
  modelCachePath: string | null;
  modelCacheFreeBytes: number | null;
  modelCacheTotalBytes: number | null;
  findings: { id: string; severity: 'info' | 'warning'; message: string }[];
}

const gib = 1024 ** 3;

/**
 * Host facts through systeminformation (not the GPU poll: its graphics() blocks on nvidia-smi with
 * no timeout). The model cache is the compose volume "<project>_hf-cache"; its filesystem's free
 * space is what model weights can use.
 */
export const readHostFacts = async (docker: DockerHandle, project: string): Promise<HostFacts> => {
  // Loaded on first use (see disk-space.ts): the monitor never pays for it.
  const si = (await import('systeminformation')).default;
  const [temp, mem, volume] = await Promise.all([
    si.cpuTemperature().catch(() => null),
    si.mem().catch(() => null),
    docker()
      .then((d) => d.getVolume(`${project}_hf-cache`).inspect())
      .then(
        (v) => v.Mountpoint,
        () => null,
      ),
  ]);
  const path = volume ?? null;
  const fs = path ? await filesystemAt(path) : null;
  const findings: HostFacts['findings'] = [];
  if (fs && (fs.available < 20 * gib || fs.available < 0.1 * fs.size)) {
    findings.push({
      id: 'host:model-cache-disk',
      severity: 'warning',
      message: `Only ${(fs.available / gib).toFixed(1)} GB free for model weights on ${fs.mount}; free space before the next model download.`,
    });
  }
  if (!path)
    findings.push({
      id: 'host:no-model-cache',
      severity: 'info',
      message: `The model cache volume ${project}_hf-cache does not exist yet (the stack has not started).`,
    });
  return {
    cpuTemperatureC: temp && temp.main !== null && temp.main > 0 ? temp.main : null,
    memoryTotalBytes: mem?.total ?? null,
    memoryAvailableBytes: mem?.available ?? null,
    modelCachePath: path,
    modelCacheFreeBytes: fs?.available ?? null,
    modelCacheTotalBytes: fs?.size ?? null,
    findings,
  };
};
