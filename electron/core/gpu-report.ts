import type { GpuDto, GpuReport } from '../shared/gpu';
import type { GpuFinding } from './gpu-health';
import { describeReading, type Reading, valueOf } from './gpu-reading';
import { fallbackThresholds, normalizeBusId, type GpuThresholds } from './gpu-thresholds';
import type { GpuSample } from './nvsmi-line';

const readings: { key: keyof GpuSample & keyof GpuDto; label: string }[] = [
  { key: 'temperatureC', label: 'temperature' },
  { key: 'fanPercent', label: 'fan speed' },
  { key: 'powerW', label: 'power draw' },
  { key: 'powerLimitW', label: 'power limit' },
  { key: 'utilizationPercent', label: 'utilisation' },
  { key: 'memoryUsedMiB', label: 'memory used' },
  { key: 'memoryTotalMiB', label: 'memory total' },
];

/** Why a value is null, in the card's findings (an info, not an alarm). */
const missing = (s: GpuSample): GpuFinding[] =>
  readings.flatMap(({ key, label }) => {
    const r = s[key] as Reading;
    if (r.kind === 'value') return [];
    const why =
      key === 'fanPercent' && r.kind === 'not-available'
        ? ' (a laptop or passively cooled card has no fan of its own)'
        : '';
    return [
      {
        id: `not-reported:${key}:${normalizeBusId(s.busId)}`,
        severity: 'info' as const,
        busId: normalizeBusId(s.busId),
        message: `${label} is ${describeReading(r)}${why}`,
      },
    ];
  });

const healthOf = (findings: readonly GpuFinding[], lost: boolean): GpuDto['health'] =>
  lost
    ? 'lost'
    : findings.some((f) => f.severity === 'critical')
      ? 'critical'
      : findings.some((f) => f.severity === 'warning')
        ? 'warning'
        : 'ok';

export interface GpuReportInput {
  latest: readonly GpuSample[];
  lostBusIds: readonly string[];
  thresholds: ReadonlyMap<string, GpuThresholds>;
  findings: readonly GpuFinding[];
  staleBusIds: ReadonlySet<string>;
  error: string | null;
}

/** The JSON of `hagw gpu` and the dashboard: per card, values or null, health and findings. */
export const toGpuReport = (i: GpuReportInput): GpuReport => {
  const gpus = i.latest.map((s): GpuDto => {
    const bus = normalizeBusId(s.busId);
    const th = i.thresholds.get(bus) ?? fallbackThresholds;
    const own = i.findings.filter((f) => f.busId === bus);
    const lost = i.lostBusIds.map(normalizeBusId).includes(bus);
    return {
      index: s.index,
      name: s.name,
      busId: s.busId,
      temperatureC: valueOf(s.temperatureC),
      fanPercent: valueOf(s.fanPercent),
      powerW: valueOf(s.powerW),
      powerLimitW: valueOf(s.powerLimitW),
      utilizationPercent: valueOf(s.utilizationPercent),
      memoryUsedMiB: valueOf(s.memoryUsedMiB),
      memoryTotalMiB: valueOf(s.memoryTotalMiB),
      thresholds: { slowdownC: th.slowdownC, shutdownC: th.shutdownC, targetC: th.targetC },
      throttle: { hwThermal: s.hwThermal, swThermal: s.swThermal },
      health: healthOf(own, lost),
      stale: i.staleBusIds.has(bus),
      findings: [
        ...own,
        ...missing(s),
        ...(th.source === 'fallback'
          ? [
              {
                id: `fallback-thresholds:${bus}`,
                severity: 'info' as const,
                busId: bus,
                message:
                  'the card reports no slowdown/target temperature; documented fallbacks are used',
              },
            ]
          : []),
      ].map(({ id, severity, message }) => ({ id, severity, message })),
    };
  });
  // A card lost before it was ever read (lost at start) still gets its row: bus id, health lost.
  const known = new Set(i.latest.map((s) => normalizeBusId(s.busId)));
  const lostOnly = [...new Map(i.lostBusIds.map((raw) => [normalizeBusId(raw), raw]))]
    .filter(([bus]) => !known.has(bus))
    .map(([bus, raw], k): GpuDto => ({
      index: gpus.length + k,
      name: 'unknown (lost)',
      busId: raw,
      temperatureC: null,
      fanPercent: null,
      powerW: null,
      powerLimitW: null,
      utilizationPercent: null,
      memoryUsedMiB: null,
      memoryTotalMiB: null,
      thresholds: { slowdownC: null, shutdownC: null, targetC: null },
      throttle: { hwThermal: null, swThermal: null },
      health: 'lost',
      stale: true,
      findings: i.findings
        .filter((f) => f.busId === bus)
        .map(({ id, severity, message }) => ({ id, severity, message })),
    }));
  return { gpus: [...gpus, ...lostOnly], error: i.error };
};
