import { parseActive, parseReading, type Reading } from './gpu-reading';

/** The fields of the live query, in order; timestamp and index first, as the issue asks. */
export const gpuQueryFields = [
  'timestamp',
  'index',
  'pci.bus_id',
  'name',
  'temperature.gpu',
  'fan.speed',
  'power.draw',
  'power.limit',
  'utilization.gpu',
  'memory.used',
  'memory.total',
  'clocks_event_reasons.hw_thermal_slowdown',
  'clocks_event_reasons.sw_thermal_slowdown',
] as const;

/** Drivers before the clocks_event_reasons rename know only the clocks_throttle_reasons names. */
export const legacyGpuQueryFields = gpuQueryFields.map((f) =>
  f.replace('clocks_event_reasons.', 'clocks_throttle_reasons.'),
);

export interface GpuSample {
  at: number;
  timestamp: string;
  index: number;
  busId: string;
  name: string;
  temperatureC: Reading;
  fanPercent: Reading;
  powerW: Reading;
  powerLimitW: Reading;
  utilizationPercent: Reading;
  memoryUsedMiB: Reading;
  memoryTotalMiB: Reading;
  hwThermal: boolean | null;
  swThermal: boolean | null;
}

export type NvsmiLine =
  | { kind: 'sample'; sample: GpuSample }
  | { kind: 'lost'; busId: string; line: string }
  | { kind: 'header'; line: string }
  | { kind: 'garbage'; line: string; reason: string };

const lostRe =
  /Unable to determine the device handle for GPU\s*((?:[0-9A-Fa-f]+:)?[0-9A-Fa-f]+:[0-9A-Fa-f]+\.[0-9A-Fa-f]).*GPU is lost/;

/** One line of `--format=csv,noheader,nounits` output for gpuQueryFields (or the legacy names). */
export const parseNvsmiLine = (line: string, at: number): NvsmiLine => {
  const lost = lostRe.exec(line);
  if (lost?.[1]) return { kind: 'lost', busId: lost[1], line };
  const cells = line.split(',').map((c) => c.trim());
  if (cells[0] === 'timestamp') return { kind: 'header', line };
  if (cells.length !== gpuQueryFields.length) {
    return {
      kind: 'garbage',
      line,
      reason: `${cells.length} fields where ${gpuQueryFields.length} were asked for`,
    };
  }
  const [timestamp, index, busId, name, temp, fan, power, limit, util, memUsed, memTotal, hw, sw] =
    cells as [string, ...string[]];
  if (!/^\d+$/.test(index ?? ''))
    return { kind: 'garbage', line, reason: `index "${index ?? ''}" is not a number` };
  return {
    kind: 'sample',
    sample: {
      at,
      timestamp,
      index: Number(index),
      busId: busId ?? '',
      name: name ?? '',
      temperatureC: parseReading(temp ?? ''),
      fanPercent: parseReading(fan ?? ''),
      powerW: parseReading(power ?? ''),
      powerLimitW: parseReading(limit ?? ''),
      utilizationPercent: parseReading(util ?? ''),
      memoryUsedMiB: parseReading(memUsed ?? ''),
      memoryTotalMiB: parseReading(memTotal ?? ''),
      hwThermal: parseActive(hw ?? ''),
      swThermal: parseActive(sw ?? ''),
    },
  };
};
