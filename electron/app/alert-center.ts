import {
  type AlertRecord,
  type AlertState,
  emptyAlertState,
  evaluateAlerts,
  type Observation,
  snoozeAlert,
} from '../core/alert-engine';
import type { Advisory } from '../core/load-advisor';
import type { GpuReport } from '../shared/gpu';
import type { MaintenanceReport } from '../shared/settings';
import type { StackSnapshot } from '../shared/stack';
import { z } from 'zod';
import { dirname, join } from 'node:path';
import { writeFileAtomic, ensurePrivateDir } from '../node/storage/atomic-file';
import { withFileMutex } from '../node/storage/file-mutex';
import { readStateFile, stderrWarn, type Warn } from '../node/storage/state-file';

const AlertRecordFile = z.looseObject({
  id: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  source: z.string(),
  title: z.string(),
  message: z.string(),
  since: z.number(),
  lastNotifiedAt: z.number().nullable(),
  notifiedSeverity: z.enum(['info', 'warning', 'critical']).nullable(),
  snoozedUntil: z.number().nullable(),
});
/** alerts.json: what was notified, so a relaunch does not notify again. */
const AlertStateFile = z.object({
  active: z.record(z.string(), AlertRecordFile),
  snoozes: z.record(z.string(), z.number()),
});

/** What the app is told about, from each part's latest state. Pure mapping, no I/O. */
export const observe = (o: {
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

/**
 * The alert state in the data directory (alerts.json), so a relaunch does not notify again. The
 * tray app, `hagw ui` and `hagw monitor` share it: the sender's tick and a snooze from any face
 * each read, change and write it under the data directory's mutex, so neither undoes the other.
 */
export class AlertCenter {
  private readonly lock: string;

  constructor(
    private readonly path: string,
    private readonly now: () => number = () => Date.now(),
    private readonly warn: Warn = stderrWarn,
  ) {
    this.lock = join(dirname(path), '.alerts.lock');
  }

  /** Always from the file: another process (the sender, a snoozing face) may have written it. */
  async load(): Promise<AlertState> {
    return (
      ((await readStateFile(this.path, AlertStateFile, 'alert state file', {
        warn: this.warn,
        now: () => new Date(this.now()),
      })) as AlertState | null) ?? emptyAlertState()
    );
  }

  /**
   * Evaluate and persist (the sender alone does this): what to notify now, and what cleared that
   * had been notified (a snoozed alert that never went out does not send a "resolved" either).
   */
  async tick(
    observations: readonly Observation[],
  ): Promise<{ notify: AlertRecord[]; resolved: AlertRecord[]; active: AlertRecord[] }> {
    return this.change((before) => {
      const r = evaluateAlerts(before, observations, this.now());
      return {
        state: r.state,
        result: {
          notify: r.notify,
          resolved: r.resolved.filter((a) => a.lastNotifiedAt !== null),
          active: Object.values(r.state.active),
        },
      };
    });
  }

  /** For `hagw alerts`: what is active, without consuming any notification. */
  async peek(observations: readonly Observation[]): Promise<AlertRecord[]> {
    return Object.values(evaluateAlerts(await this.load(), observations, this.now()).state.active);
  }

  async snooze(id: string, ms: number): Promise<void> {
    await this.change((s) => ({ state: snoozeAlert(s, id, this.now() + ms), result: undefined }));
  }

  /** Read, change, and write only what changed (an idle tick costs no fsync), as one step. */
  private async change<T>(fn: (s: AlertState) => { state: AlertState; result: T }): Promise<T> {
    await ensurePrivateDir(dirname(this.path));
    return withFileMutex(this.lock, async () => {
      const before = await this.load();
      const { state, result } = fn(before);
      if (JSON.stringify(state) !== JSON.stringify(before))
        await writeFileAtomic(this.path, JSON.stringify(state), 0o600);
      return result;
    });
  }
}
