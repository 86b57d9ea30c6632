import si from 'systeminformation';
import type Dockerode from 'dockerode';

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
export const readHostFacts = async (docker: Dockerode, project: string): Promise<HostFacts> => {
  const [temp, mem, mounts, volume] = await Promise.all([
    si.cpuTemperature().catch(() => null),
    si.mem().catch(() => null),
    si.fsSize().catch(() => []),
    docker
      .getVolume(`${project}_hf-cache`)
      .inspect()
      .then(
        (v) => v.Mountpoint,
        () => null,
      ),
  ]);
  const path = volume ?? null;
  const fs = path
    ? mounts
        .filter((m) => path.startsWith(m.mount))
        .sort((a, b) => b.mount.length - a.mount.length)[0]
    : undefined;
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
