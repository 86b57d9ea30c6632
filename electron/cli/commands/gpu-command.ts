import type { App } from '../../app/create-app';
import { readGpuOnce } from '../../app/gpu-snapshot';
import type { GpuReport } from '../../shared/gpu';
import { type CliIo, printJson, table } from '../cli-output';

const n = (v: number | null, unit: string) => (v === null ? '—' : `${v}${unit}`);

const formatGpu = (r: GpuReport): string => {
  if (r.gpus.length === 0) return `No GPU readings: ${r.error ?? 'none reported'}`;
  const rows = r.gpus.map((g) => [
    String(g.index),
    g.name,
    n(g.temperatureC, ' °C'),
    n(g.fanPercent, ' %'),
    `${n(g.powerW, '')}/${n(g.powerLimitW, ' W')}`,
    n(g.utilizationPercent, ' %'),
    g.health + (g.stale ? ' (stale)' : ''),
  ]);
  const findings = r.gpus.flatMap((g) =>
    g.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity}: ${f.message}`),
  );
  return [
    table([['GPU', 'NAME', 'TEMP', 'FAN', 'POWER', 'UTIL', 'HEALTH'], ...rows]),
    ...findings,
    ...(r.error ? [`note: ${r.error}`] : []),
  ].join('\n');
};

/**
 * `hagw gpu [--json]`: one reading from the same stream reader the tray uses. Rules that need
 * minutes of history (fan not cooling, no spin-up) only fire in the app's live monitor.
 * No nvidia-smi: "gpus": [] and an error, exit 0 (a report, not a failure).
 */
export const gpuCommand = async (
  gw: Pick<App, 'stack' | 'config' | 'env' | 'gpu'>,
  io: CliIo,
  o: { json: boolean },
): Promise<number> => {
  const [report, host] = await Promise.all([readGpuOnce(gw), gw.stack.host()]);
  if (o.json) printJson(io, { ...report, host });
  else {
    io.out(formatGpu(report));
    const mem =
      host.memoryAvailableBytes !== null && host.memoryTotalBytes !== null
        ? `RAM ${(host.memoryAvailableBytes / 1024 ** 3).toFixed(1)} of ${(host.memoryTotalBytes / 1024 ** 3).toFixed(1)} GB free`
        : 'RAM unknown';
    io.out(
      `Host: CPU ${host.cpuTemperatureC === null ? '— °C' : `${host.cpuTemperatureC} °C`}, ${mem}${host.modelCacheFreeBytes !== null ? `, ${(host.modelCacheFreeBytes / 1024 ** 3).toFixed(0)} GB free for model weights` : ''}`,
    );
    for (const f of host.findings.filter((x) => x.severity !== 'info'))
      io.out(`${f.severity}: ${f.message}`);
  }
  if (report.error) io.err(`hagw: ${report.error}`);
  return 0;
};
