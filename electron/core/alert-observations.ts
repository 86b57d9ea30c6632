import type { Observation } from './alert-engine';
import type { Advisory } from './load-advisor';
import type { GpuReport } from '../shared/gpu';
import type { MaintenanceReport } from '../shared/settings';
import type { StackSnapshot } from '../shared/stack';

/** What the app is told about, from each part's latest state. Pure mapping, no I/O. */
export const alertObservations = (o: {
  stack: StackSnapshot | null;
  gpu: GpuReport | null;
  maintenance: MaintenanceReport | null;
  advisories?: readonly Advisory[];
}): Observation[] => {
  const out: Observation[] = [];
  for (const a of o.advisories ?? []) {
    out.push({
      id: a.id,
      severity: a.severity,
      source: 'gpu',
      title: a.id === 'load:outgrown-card' ? 'vLLM queue is deep' : 'GPU load',
      message: a.message,
    });
  }
  if (o.stack && o.stack.state === 'partial') {
    for (const s of o.stack.services.filter(
      (x) => x.state === 'exited' || x.state === 'restarting' || x.health === 'unhealthy',
    )) {
      out.push({
        id: `stack:down:${s.name}`,
        severity: 'warning',
        source: 'stack',
        title: `${s.name} is down`,
        message: `${s.name} is ${s.state === 'running' ? 'unhealthy' : s.state}${s.exitCode !== null ? ` (exit ${s.exitCode})` : ''}; see hagw status.`,
        actions: [{ id: 'open-view', label: 'Open' }],
      });
    }
  }
  for (const g of o.gpu?.gpus ?? []) {
    for (const f of g.findings.filter((x) => x.severity !== 'info')) {
      out.push({
        id: `gpu:${f.id}`,
        severity: f.severity,
        source: 'gpu',
        title: `GPU ${g.index}: ${f.severity === 'critical' ? 'critical' : 'check it'}`,
        message: f.message,
        actions: [{ id: 'open-view', label: 'Open' }],
      });
    }
  }
  const m = o.maintenance;
  if (m?.due && !m.snoozedUntil) {
    out.push({
      id: 'maintenance:cleaning-due',
      severity: 'warning',
      source: 'maintenance',
      title: 'Quarterly dust cleaning is due',
      message: `Last cleaned ${m.lastCleaned}. Dust kills GPU fans: blow out the cooler, then mark it cleaned.`,
      actions: [
        { id: 'mark-cleaned', label: 'I cleaned it' },
        { id: 'snooze-1d', label: 'Tomorrow' },
        { id: 'snooze-1w', label: 'Next week' },
      ],
    });
  }
  for (const t of m?.trend.filter((x) => x.dustSuspected) ?? []) {
    out.push({
      id: `maintenance:dust:${t.busId}`,
      severity: 'warning',
      source: 'maintenance',
      title: 'Dust on the GPU cooler?',
      message: `GPU ${t.busId} now heats ${t.changePercent?.toFixed(0) ?? '?'} % more per watt than after the last cleaning, with the fan working harder.`,
      actions: [{ id: 'mark-cleaned', label: 'I cleaned it' }],
    });
  }
  return out;
};
