import type { GpuDto } from '../../electron/shared/gpu';

/** One card as the GPU report carries it (an RTX 3090 under load), with what a test changes. */
export const gpuCard = (o: Partial<GpuDto> = {}): GpuDto => ({
  index: 0,
  name: 'RTX 3090',
  busId: '00000000:09:00.0',
  temperatureC: 68,
  fanPercent: 50,
  powerW: 200,
  powerLimitW: 350,
  utilizationPercent: 90,
  memoryUsedMiB: 1,
  memoryTotalMiB: 24576,
  thresholds: { slowdownC: 95, shutdownC: 98, targetC: 83 },
  throttle: { hwThermal: false, swThermal: false },
  health: 'ok',
  stale: false,
  findings: [],
  ...o,
});
