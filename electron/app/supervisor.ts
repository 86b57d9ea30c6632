import type { AlertRecord } from '../core/alert-engine';
import { type Disposable, DisposableStore, toDisposable } from '../core/disposable';
import { toErrorInfo } from '../core/gateway-error';
import type { Clock, Timers } from '../core/ports';
import type { AlertsReport } from '../shared/alerts';
import type { GpuReport } from '../shared/gpu';
import type { PushMessage } from '../shared/notify';
import {
  type AlertGateway,
  collectObservations,
  readLifecycle,
  toAlertsReport,
} from './alert-sources';
import type { LifecycleSnapshot } from '../shared/lifecycle';
import type { DataDirLease } from '../node/storage/data-dir-lease';
import { GpuMinuteFolder, type LifeClass } from '../core/gpu-minutes';
import { lifeClassOf } from '../core/lifecycle-energy';
import { EventHub } from './event-hub';
import { FailureLine } from '../node/platform/failure-line';
import type { App } from './create-app';
import type { PushChannel, PushRouter } from '../node/push/push-router';
import { startStack } from './start-stack';
import type { Warn } from '../node/storage/state-file';

/** What the supervisor needs of the composition: no more. */
export type SupervisedGateway = AlertGateway &
  Pick<App, 'stack' | 'gpu' | 'safety' | 'batches' | 'models'>;

export interface SupervisorOptions {
  gw: SupervisedGateway;
  clock: Clock;
  timers: Timers;
  warn: Warn;
  router: PushRouter;
  /** The data directory's sender lease: only its holder pushes. */
  lease: Pick<DataDirLease, 'start' | 'release' | 'held' | 'holder' | 'onChange'>;
  /** The alert tick (15 s). */
  tickMs: number;
  certsEveryMs?: number;
  doctorEveryMs?: number;
  /** The "updates available" check: daily, first an hour after the start. */
  updatesEveryMs?: number;
  updatesFirstAfterMs?: number;
  advisoriesEveryMs?: number;
  advisoriesFirstAfterMs?: number;
  /** Deleting spend logs past 30 days: daily, first 10 minutes after the start, by the sender only. */
  pruneEveryMs?: number;
  /** How often another program's use of the GPU is looked at (auto-free), 60 s. */
  autoFreeEveryMs?: number;
  pruneFirstAfterMs?: number;
}

export const toPushMessage = (
  a: AlertRecord,
  state: PushMessage['state'],
  at: number,
): PushMessage => ({
  id: a.id,
  source: a.source,
  severity: a.severity,
  state,
  title: a.title,
  message: a.message,
  at: new Date(at).toISOString(),
  actions: a.actions ?? [],
});

/**
 * The brain, hosted by every face (the tray app, `hagw ui`, `hagw monitor`): it owns each cadence
 * (Docker events, the GPU stream and the load watch behind it, certificates every 5 minutes, the
 * doctor hourly, image updates daily, the alert tick) and the use cases with side effects. Faces subscribe to `events`
 * and call its methods; none of them keeps a timer of its own. Only the holder of the data
 * directory's lease pushes; every supervisor shows the same alerts.
 */
export class Supervisor implements Disposable {
  readonly events = new EventHub();
  private readonly store = new DisposableStore();
  /** The background jobs' failures, one line each (they have no caller to throw to). */
  private readonly failures: FailureLine;
  private readonly transitionListeners = new Set<(m: PushMessage) => void>();
  private gpuReport: GpuReport | null = null;
  private shown: Map<string, AlertRecord> | null = null;
  private ticking: Promise<void> | null = null;
  private lastBatches = '';
  private readonly minutes = new GpuMinuteFolder();
  /** The models' lifecycle as of the last alert tick, for the week's power by lifecycle state. */
  private lifeClass: LifeClass | null = null;
  /** Appends run one after another, so two minutes never interleave in a day file. */
  private minuteWrites: Promise<void> = Promise.resolve();
  private prunedDay = '';

  constructor(private readonly o: SupervisorOptions) {
    this.failures = new FailureLine(o.warn);
  }

  async start(): Promise<this> {
    const { gw, timers } = this.o;
    const emit = this.events.emit;
    this.store.add(gw.stack.controller.onChange((s) => emit('stack.changed', s)));
    this.store.add(gw.stack.controller.onProgress((line) => emit('stack.progress', line)));
    this.store.add(gw.stack.controller.watch());
    this.failures.run('reading the stack from Docker', () => gw.stack.controller.refresh());
    void gw.gpu.monitor().then(
      (m) => {
        this.gpuReport = m.report();
        this.store.add(
          m.onReport((r) => {
            this.gpuReport = r;
            emit('gpu.changed', r);
            this.foldMinutes(r);
          }),
        );
      },
      (e: unknown) => this.o.warn(`hagw: the GPU monitor did not start: ${toErrorInfo(e).message}`),
    );
    const certs = () => this.failures.run('the certificate probe', () => gw.safety.certs());
    // The hourly doctor sends nothing: its advisories are the daily check's last answer.
    const doctor = () => this.failures.run('the doctor', () => gw.safety.doctor({ askOsv: false }));
    certs();
    doctor();
    this.store.add(timers.setInterval(certs, this.o.certsEveryMs ?? 5 * 60_000));
    this.store.add(timers.setInterval(doctor, this.o.doctorEveryMs ?? 60 * 60_000));
    // Asks the registries (the internet, on a real host): never at start, so a short-lived face
    // (hagw ui for a minute) makes no registry traffic; it only tells, it never updates.
    const updates = () =>
      this.failures.run('the image update check', () => gw.safety.checkUpdates());
    this.store.add(
      timers.setTimeout(
        () => {
          updates();
          this.store.add(timers.setInterval(updates, this.o.updatesEveryMs ?? 24 * 60 * 60_000));
        },
        this.o.updatesFirstAfterMs ?? 60 * 60_000,
      ),
    );
    // OSV once a day, by the lease holder alone, never at start (a short-lived face asks nothing).
    const advisories = () => {
      if (this.sending())
        void gw.safety
          .checkAdvisories()
          .catch((e: unknown) =>
            this.o.warn(`hagw: the advisory check failed: ${toErrorInfo(e).message}`),
          );
    };
    this.store.add(
      timers.setTimeout(
        () => {
          advisories();
          this.store.add(
            timers.setInterval(advisories, this.o.advisoriesEveryMs ?? 24 * 60 * 60_000),
          );
        },
        this.o.advisoriesFirstAfterMs ?? 60 * 60_000,
      ),
    );
    // One process prunes (the lease holder), so two faces never delete the same rows at once.
    this.store.add(
      timers.setTimeout(
        () => {
          void this.pruneSpendLogs();
          this.store.add(
            timers.setInterval(
              () => void this.pruneSpendLogs(),
              this.o.pruneEveryMs ?? 24 * 60 * 60_000,
            ),
          );
        },
        this.o.pruneFirstAfterMs ?? 10 * 60_000,
      ),
    );
    this.store.add(timers.setInterval(() => void this.tick(), this.o.tickMs));
    // Another program using the card heavily frees the GPU, and its departure resumes the models:
    // once a minute, by the push sender alone (one nvidia-smi run; one process holds the switch).
    this.store.add(
      timers.setInterval(() => {
        if (this.sending())
          this.failures.run('the GPU auto-free check', () =>
            Promise.resolve().then(() => gw.models.autoFree.check()),
          );
      }, this.o.autoFreeEveryMs ?? 60_000),
    );
    // Batch progress for the faces, on the same tick; an event only when something moved.
    this.store.add(timers.setInterval(() => void this.pollBatches(), this.o.tickMs));
    this.store.add(this.o.router);
    const lease = this.o.lease;
    await lease.start();
    this.store.add(toDisposable(() => void lease.release()));
    return this;
  }

  /** The 30-day audit trail: rows past it go, in bounded batches; a failure is one warning line. */
  async pruneSpendLogs(): Promise<void> {
    if (!this.sending()) return;
    try {
      const r = await this.o.gw.models.spendLogs.prune();
      if (r.deleted > 0)
        this.o.warn(
          `hagw: deleted ${r.deleted} spend-log rows older than 30 days${r.more ? ' (more left for the next run)' : ''}`,
        );
    } catch (e) {
      this.o.warn(`hagw: pruning the spend logs failed: ${toErrorInfo(e).message}`);
    }
  }

  /**
   * The week chart's per-minute summaries: written by the lease holder alone (one writer for the
   * data directory), a line per card when its minute closes; the day files past a week go.
   */
  private foldMinutes(r: GpuReport): void {
    if (!this.sending()) return;
    const now = this.o.clock.now();
    const closed = r.gpus.flatMap((g) => {
      if (g.stale) return [];
      const m = this.minutes.add(now, g, this.lifeClass);
      return m ? [m] : [];
    });
    if (closed.length === 0) return;
    const day = new Date(now).toISOString().slice(0, 10);
    const store = this.o.gw.gpu.minutes;
    this.minuteWrites = this.minuteWrites
      .then(async () => {
        await store.append(closed);
        if (day !== this.prunedDay) {
          this.prunedDay = day;
          await store.prune(now);
        }
      })
      .catch((e: unknown) =>
        this.o.warn(`hagw: writing the GPU week history: ${toErrorInfo(e).message}`),
      );
  }

  /** Whether this supervisor is the one that pushes. */
  sending(): boolean {
    return this.o.lease.held();
  }

  /** Told when this supervisor becomes, or stops being, the sender. */
  onSending(fn: (sending: boolean) => void): Disposable {
    return this.o.lease.onChange(fn);
  }

  holder(): string | null {
    return this.o.lease.holder();
  }

  gpu(): GpuReport | null {
    return this.gpuReport;
  }

  /** Every change of the live alerts (firing, worse or better, resolved), on every supervisor. */
  onTransition(fn: (m: PushMessage) => void): Disposable {
    this.transitionListeners.add(fn);
    return toDisposable(() => this.transitionListeners.delete(fn));
  }

  /** A channel of this process (the desktop's notifications) joins the router. */
  addChannel(c: PushChannel): Disposable {
    return this.o.router.addChannel(c);
  }

  /** "Start stack" for the tray and the dashboard: up, wait until healthy, pin. */
  async startStack(o: { timeoutMs?: number } = {}) {
    const r = await startStack(this.o.gw.stack, { wait: true, timeoutMs: o.timeoutMs });
    // The window and the tray show progress lines: the pin failure is the last one.
    if (r.pinProblem) {
      this.o.warn(`hagw: ${r.pinProblem}`);
      this.events.emit('stack.progress', r.pinProblem);
    }
    return r;
  }

  /** "Update" in the dashboard: the gated update, its progress on stack.progress. */
  async updateImages(services: readonly string[]) {
    const report = await this.o.gw.safety.updates.update(services, (line) =>
      this.events.emit('stack.progress', line),
    );
    // What it found is no longer "available".
    this.failures.run('the image update check', () => this.o.gw.safety.checkUpdates());
    return report;
  }

  /** The live alerts now, without consuming a notification. */
  async currentAlerts(): Promise<AlertsReport> {
    return toAlertsReport(
      await this.o.gw.alerts.center.peek(await this.observations(readLifecycle(this.o.gw))),
    );
  }

  /** One evaluation; concurrent callers share it. */
  tick(): Promise<void> {
    this.ticking ??= this.evaluate().finally(() => (this.ticking = null));
    return this.ticking;
  }

  dispose(): void {
    this.store.dispose();
  }

  private async pollBatches(): Promise<void> {
    try {
      // list() reports a down service as data; anything thrown is not worth an event.
      const r = await this.o.gw.batches.list();
      const seen = JSON.stringify(r);
      if (seen === this.lastBatches) return;
      this.lastBatches = seen;
      this.events.emit('batches.changed', r);
    } catch {
      // Nothing to show the faces this tick.
    }
  }

  private async observations(lifecycle: Promise<LifecycleSnapshot | null>) {
    return [
      ...(await collectObservations(this.o.gw, this.gpuReport, this.failures, lifecycle)),
      ...(await this.o.router.observations()),
    ];
  }

  private async evaluate(): Promise<void> {
    const { gw, clock } = this.o;
    // One read of the wake service a tick: the alerts use it, and the minutes of the week chart
    // are tagged with it (power by lifecycle state, Wh saved).
    const lifecycle = readLifecycle(gw);
    this.lifeClass = lifeClassOf((await lifecycle)?.models ?? null);
    // One line per new problem, not one every 15 s.
    await this.failures.or(
      'the alert tick',
      async () => {
        const observations = await this.observations(lifecycle);
        let active: AlertRecord[];
        if (this.sending()) {
          const r = await gw.alerts.center.tick(observations);
          const at = clock.now();
          active = r.active;
          await this.o.router.route([
            ...r.notify.map((a) => toPushMessage(a, 'firing', at)),
            ...r.resolved.map((a) => toPushMessage(a, 'resolved', at)),
          ]);
        } else {
          active = await gw.alerts.center.peek(observations);
        }
        this.show(active);
      },
      undefined,
    );
  }

  /** What changed since the last tick, for the faces (not the notification policy). */
  private show(active: readonly AlertRecord[]): void {
    const at = this.o.clock.now();
    const next = new Map(active.map((a) => [a.id, a]));
    const first = this.shown === null;
    const before = this.shown ?? new Map<string, AlertRecord>();
    const changes: PushMessage[] = [];
    for (const a of active) {
      if (before.get(a.id)?.severity !== a.severity) changes.push(toPushMessage(a, 'firing', at));
    }
    for (const a of before.values()) {
      if (!next.has(a.id)) changes.push(toPushMessage(a, 'resolved', at));
    }
    this.shown = next;
    if (changes.length === 0 && !first) return;
    this.events.emit('alerts.changed', toAlertsReport(active));
    for (const m of changes) for (const fn of [...this.transitionListeners]) fn(m);
    // A face that is not the sender still shows its own desktop notifications for what changed
    // while it runs (not for what was already active when it started, nor for a snoozed alert):
    // a systemd monitor holding the lease must not silence the tray.
    if (!first && !this.sending()) {
      const local = changes.filter((m) => !(next.get(m.id) ?? before.get(m.id))?.snoozedUntil);
      if (local.length > 0) void this.o.router.route(local, { localOnly: true });
    }
  }
}
