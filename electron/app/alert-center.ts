import {
  type AlertRecord,
  type AlertState,
  emptyAlertState,
  evaluateAlerts,
  type Observation,
  snoozeAlert,
} from '../core/alert-engine';
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
