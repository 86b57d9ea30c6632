// The wake service's state and what it does with core/model-lifecycle's plan: it holds requests
// for a model that is not awake, wakes and sleeps vLLMs through their sleep endpoints, counts
// requests in flight, and fails held requests with a clear 503 when a wake fails (once: a failed
// model refuses at once for a back-off instead of retrying in a loop).
import type { Disposable } from '../core/disposable';
import {
  defaultIdleMinutes,
  idleMinutesProblem,
  vramBudgetMiB,
  vramMarginProblem,
} from '../core/lifecycle-settings';
import {
  type LifeAction,
  type LifeModel,
  type LifeWorld,
  nextDeadline,
  planLifecycle,
  type RequestKind,
} from '../core/model-lifecycle';
import { GatewayError } from '../core/gateway-error';
import type { Clock, Timers } from '../core/ports';
import type { LifecycleSnapshot, ModelLifecycleView } from '../shared/lifecycle';
import {
  enableSleepWith,
  type SleepOutcome,
  type VllmSleepClient,
} from '../node/services/vllm-sleep-client';

export interface WakerModelSpec {
  name: string;
  /** The vLLM server, without /v1. */
  url: string;
  vramMiB: number;
  weightsMiB: number;
}

export interface WakerSettings {
  marginPercent: number;
  freed: boolean;
  models: Record<string, { idleMinutes?: number; pinned?: boolean; level?: 0 | 1 | 2 }>;
}

export interface WakerSettingsStore {
  load(): WakerSettings;
  save(s: WakerSettings): void;
}

export interface WakeServiceOptions {
  models: readonly WakerModelSpec[];
  cardMiB: number;
  residualMiB: number;
  quantumMs: number;
  holdMs: number;
  /** After a failed wake, requests for that model are refused at once for this long. */
  failBackoffMs: number;
  /** How often each vLLM's real state is read back (a restart wakes a sleeper). */
  reconcileMs: number;
  /** How long a request waits for a stopped model's container to answer (a restart) before it fails. */
  stoppedWaitMs: number;
}

export interface WakeServiceDeps {
  client: VllmSleepClient;
  clock: Clock;
  timers: Timers;
  /** CPU RAM that level-1 sleepers' weights may use (MemAvailable less a reserve). */
  cpuFreeMiB(): number;
  store: WakerSettingsStore;
  log(line: string): void;
}

export type Admission =
  | { go: true; url: string; done: () => void }
  | { go: false; status: 404 | 503; message: string; retryAfterS: number | null };

interface Held {
  id: number;
  model: string;
  kind: RequestKind;
  since: number;
  settle(a: Admission): void;
}

interface Live extends LifeModel {
  spec: WakerModelSpec;
  lastWakeMs: number | null;
  lastError: string | null;
  wakeFailed: boolean;
  failedUntil: number;
}

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export class WakeService implements Disposable {
  private readonly models = new Map<string, Live>();
  private held: Held[] = [];
  private yielding = new Set<string>();
  private nextId = 1;
  private settings: WakerSettings;
  private deadline: Disposable | null = null;
  private reconciler: Disposable | null = null;
  private disposed = false;
  readonly counts = { held: 0, expired: 0, failedWakes: 0, wakes: 0, sleeps: 0 };

  constructor(
    private readonly o: WakeServiceOptions,
    private readonly d: WakeServiceDeps,
  ) {
    this.settings = d.store.load();
    const now = d.clock.now();
    for (const spec of o.models) {
      const s = this.settings.models[spec.name] ?? {};
      this.models.set(spec.name, {
        name: spec.name,
        spec,
        vramMiB: spec.vramMiB,
        weightsMiB: spec.weightsMiB,
        idleMs: (s.idleMinutes ?? defaultIdleMinutes) * 60_000,
        pinned: s.pinned ?? false,
        sleep: 'unknown',
        state: 'stopped',
        level: s.level ?? 0,
        inFlight: 0,
        lastUsedAt: now,
        awakeSince: now,
        lastWakeMs: null,
        lastError: null,
        wakeFailed: false,
        failedUntil: 0,
      });
    }
  }

  /** Reads every vLLM's state once, then keeps reading it back every reconcileMs. */
  async start(): Promise<void> {
    await this.reconcile();
    this.reconciler = this.d.timers.setInterval(() => void this.reconcile(), this.o.reconcileMs);
    this.tick();
  }

  dispose(): void {
    this.disposed = true;
    this.deadline?.dispose();
    this.reconciler?.dispose();
    for (const h of this.held.splice(0))
      h.settle({ go: false, status: 503, message: 'the wake service is stopping', retryAfterS: 5 });
  }

  /** Lets a request through now, holds it until its model is awake, or refuses it with why. */
  admit(
    name: string,
    kind: RequestKind = 'interactive',
    onHeld?: (settle: (a: Admission) => void) => void,
  ): Promise<Admission> {
    const m = this.models.get(name);
    if (!m)
      return Promise.resolve({
        go: false,
        status: 404,
        message: `the wake service does not serve a model named "${name}"`,
        retryAfterS: null,
      });
    const now = this.d.clock.now();
    if (this.settings.freed)
      return Promise.resolve({
        go: false,
        status: 503,
        message: `the GPU is freed for other work, so ${name} is asleep; Resume in the tray (or hagw models resume) brings it back`,
        retryAfterS: 60,
      });
    if (m.failedUntil > now)
      return Promise.resolve({
        go: false,
        status: 503,
        message: `${name} failed to wake (${m.lastError ?? 'unknown error'}); the next try is in ${secondsOf(m.failedUntil - now)} s`,
        retryAfterS: secondsOf(m.failedUntil - now),
      });
    if (m.state === 'awake' && !this.yielding.has(name)) return Promise.resolve(this.go(m));
    this.counts.held++;
    return new Promise<Admission>((settle) => {
      onHeld?.(settle);
      this.held.push({ id: this.nextId++, model: name, kind, since: now, settle });
      this.tick();
    });
  }

  /**
   * May a batch line for this model start now? Yes when it is awake and keeps the card, or when
   * no interactive request waits for any model (then the line may wake it).
   */
  batchTurn(name: string): boolean {
    const m = this.models.get(name);
    if (!m) return true;
    if (this.settings.freed) return false;
    if (m.state === 'awake' && !this.yielding.has(name)) return true;
    return !this.held.some((h) => h.kind === 'interactive');
  }

  /** A held request whose client went away: it no longer waits. */
  forget(settle: (a: Admission) => void): void {
    this.held = this.held.filter((h) => h.settle !== settle);
  }

  snapshot(): LifecycleSnapshot {
    const now = this.d.clock.now();
    return {
      models: [...this.models.values()].map((m) => this.view(m, now)),
      cardMiB: this.o.cardMiB,
      marginPercent: this.settings.marginPercent,
      budgetMiB: this.budget(),
      freed: this.settings.freed,
      counts: { ...this.counts },
    };
  }

  /** hagw models sleep <name> | --all; "all" is Free the GPU: requests are refused until Resume. */
  sleep(names: readonly string[] | 'all'): void {
    const targets = names === 'all' ? [...this.models.keys()] : names;
    for (const n of targets) this.known(n).wantSleep = true;
    if (names === 'all') {
      this.settings.freed = true;
      this.save();
      for (const h of this.held.splice(0))
        h.settle({
          go: false,
          status: 503,
          message: `the GPU was freed for other work while ${h.model} waited; Resume brings it back`,
          retryAfterS: 60,
        });
    }
    this.tick();
  }

  /** Resume: requests are served again, and the pinned models wake now. */
  resume(): void {
    this.settings.freed = false;
    this.save();
    // The pinned ones wake one after another, within the budget, as requests would wake them.
    for (const m of this.models.values()) {
      m.wantSleep = false;
      if (m.pinned && m.state === 'asleep') m.wantWake = true;
    }
    this.tick();
  }

  /** Wakes one model now (hagw models wake), as a request for it would. */
  wake(name: string): void {
    const m = this.known(name);
    m.wantSleep = false;
    if (m.state === 'asleep' || m.state === 'stopped') m.wantWake = true;
    this.tick();
  }

  setModel(name: string, change: { idleMinutes?: number; pinned?: boolean }): void {
    const m = this.known(name);
    if (change.idleMinutes !== undefined) {
      const why = idleMinutesProblem(change.idleMinutes);
      if (why)
        throw new GatewayError('BAD_INPUT', `the idle time ${why}`, {
          field: 'idleMinutes',
          reason: why,
        });
      m.idleMs = change.idleMinutes * 60_000;
    }
    if (change.pinned !== undefined) m.pinned = change.pinned;
    this.save();
    this.tick();
  }

  setMargin(percent: number): void {
    const why = vramMarginProblem(percent);
    if (why)
      throw new GatewayError('BAD_INPUT', `the VRAM margin ${why}`, {
        field: 'marginPercent',
        reason: why,
      });
    this.settings.marginPercent = percent;
    this.save();
    this.tick();
  }

  private known(name: string): Live {
    const m = this.models.get(name);
    if (!m)
      throw new GatewayError(
        'NOT_FOUND',
        `no local model named "${name}" is managed by the wake service`,
      );
    return m;
  }

  private budget(): number {
    return vramBudgetMiB(this.o.cardMiB, this.settings.marginPercent);
  }

  private view(m: Live, now: number): ModelLifecycleView {
    const unsupported = m.sleep === 'unsupported';
    return {
      name: m.name,
      state: m.state,
      level: m.state === 'asleep' ? m.level : 0,
      canSleep: !unsupported,
      enableWith: unsupported ? enableSleepWith : null,
      pinned: m.pinned,
      idleMinutes: Math.round(m.idleMs / 60_000),
      vramMiB: m.vramMiB,
      lastUsedAt: m.lastUsedAt > 0 ? new Date(Math.min(m.lastUsedAt, now)).toISOString() : null,
      lastWakeMs: m.lastWakeMs,
      held: this.held.filter((h) => h.model === m.name).length,
      inFlight: m.inFlight,
      lastError: m.lastError,
      wakeFailed: m.wakeFailed,
    };
  }

  private save(): void {
    for (const m of this.models.values())
      this.settings.models[m.name] = {
        idleMinutes: Math.round(m.idleMs / 60_000),
        pinned: m.pinned,
        level: m.state === 'asleep' ? m.level : 0,
      };
    this.d.store.save(this.settings);
  }

  private go(m: Live): Admission {
    m.inFlight++;
    m.lastUsedAt = this.d.clock.now();
    let done = false;
    return {
      go: true,
      url: m.spec.url,
      done: () => {
        if (done) return;
        done = true;
        m.inFlight--;
        m.lastUsedAt = this.d.clock.now();
        this.tick();
      },
    };
  }

  private world(): LifeWorld {
    return {
      models: [...this.models.values()],
      held: this.held,
      budgetMiB: this.budget(),
      cpuFreeMiB: this.d.cpuFreeMiB(),
      residualMiB: this.o.residualMiB,
      quantumMs: this.o.quantumMs,
      holdMs: this.o.holdMs,
    };
  }

  /** Plans and carries out what can be done now, and sets the timer for the next deadline. */
  private tick(): void {
    if (this.disposed) return;
    const now = this.d.clock.now();
    const plan = planLifecycle(this.world(), now);
    this.yielding = new Set(plan.yielding);
    for (const a of plan.actions) void this.run(a);
    this.deadline?.dispose();
    const at = nextDeadline(this.world(), now);
    this.deadline = at === null ? null : this.d.timers.setTimeout(() => this.tick(), at - now);
  }

  private settle(ids: readonly number[], a: (h: Held) => Admission): void {
    const picked = this.held.filter((h) => ids.includes(h.id));
    this.held = this.held.filter((h) => !ids.includes(h.id));
    for (const h of picked) h.settle(a(h));
  }

  private async run(a: LifeAction): Promise<void> {
    const m = this.models.get(a.model);
    if (!m) return;
    if (a.do === 'release') return this.settle(a.ids, () => this.go(m));
    if (a.do === 'expire') {
      this.counts.expired += a.ids.length;
      return this.settle(a.ids, () => ({
        go: false,
        status: 503,
        message: `${m.name} did not wake within ${secondsOf(this.o.holdMs)} s; try again shortly`,
        retryAfterS: 15,
      }));
    }
    if (a.do === 'refuse') {
      // An asked wake that cannot fit is dropped, said once in the log, not tried every tick.
      if (m.wantWake) this.d.log(`${m.name}: not woken: ${a.why}`);
      m.wantWake = false;
      return this.settle(a.ids, () => ({
        go: false,
        status: 503,
        message: a.why,
        retryAfterS: 60,
      }));
    }
    if (a.do === 'sleep') return this.runSleep(m, a.level);
    return this.runWake(m);
  }

  private async runSleep(m: Live, level: 1 | 2): Promise<void> {
    if (m.state !== 'awake' || m.inFlight > 0) return;
    m.state = 'sleeping';
    const r = await this.d.client.sleep(m.spec.url, level);
    m.wantSleep = false;
    if (r.ok) {
      m.state = 'asleep';
      m.level = level;
      this.counts.sleeps++;
      this.d.log(`${m.name} sleeps at level ${level}`);
    } else this.afterFailure(m, r, 'awake');
    this.save();
    this.tick();
  }

  private async runWake(m: Live): Promise<void> {
    if (m.state !== 'asleep' && m.state !== 'stopped') return;
    const was = m.state;
    m.state = 'waking';
    m.wantWake = false;
    const started = this.d.clock.now();
    let r: SleepOutcome;
    if (was === 'stopped') {
      // A stopped or restarting container: wait for it while requests are held, then wake it.
      r = await this.untilListening(m);
    } else r = await this.d.client.wakeUp(m.spec.url, m.level);
    if (r.ok) {
      const now = this.d.clock.now();
      m.state = 'awake';
      m.level = 0;
      m.awakeSince = now;
      m.lastUsedAt = now;
      m.lastWakeMs = now - started;
      m.lastError = null;
      m.wakeFailed = false;
      this.counts.wakes++;
      this.d.log(`${m.name} is awake after ${m.lastWakeMs} ms`);
    } else {
      this.counts.failedWakes++;
      m.wakeFailed = true;
      this.afterFailure(m, r, was === 'stopped' ? 'stopped' : 'asleep');
      m.failedUntil = this.d.clock.now() + this.o.failBackoffMs;
      const why = m.lastError ?? 'unknown error';
      this.settle(
        this.held.filter((h) => h.model === m.name).map((h) => h.id),
        () => ({
          go: false,
          status: 503,
          message: `${m.name} could not wake: ${why}`,
          retryAfterS: secondsOf(this.o.failBackoffMs),
        }),
      );
    }
    this.save();
    this.tick();
  }

  /** Polls a stopped model until it answers, while anyone waits for it and at most stoppedWaitMs. */
  private async untilListening(m: Live): Promise<SleepOutcome> {
    const end = this.d.clock.now() + this.o.stoppedWaitMs;
    for (;;) {
      const s = await this.d.client.isSleeping(m.spec.url);
      if (typeof s === 'boolean') {
        if (!s) return { ok: true };
        return this.d.client.wakeUp(m.spec.url, m.level || 1);
      }
      // Listening without sleep mode: awake, and nothing to wake.
      if ('unsupported' in s) return { ok: true };
      if (!('down' in s)) return s;
      if (!this.held.some((h) => h.model === m.name) || this.disposed) return s;
      if (this.d.clock.now() >= end)
        return {
          ok: false,
          down: `its container has not answered for ${secondsOf(this.o.stoppedWaitMs)} s (${s.down})`,
        };
      await new Promise<void>((r) => this.d.timers.setTimeout(r, 1000));
    }
  }

  private moving(m: Live): boolean {
    return m.state === 'waking' || m.state === 'sleeping';
  }

  private afterFailure(m: Live, r: SleepOutcome, fallback: 'awake' | 'asleep' | 'stopped'): void {
    if (r.ok) return;
    if ('unsupported' in r) {
      m.sleep = 'unsupported';
      m.state = 'awake';
      m.lastError = `sleep mode is off (${r.unsupported}): ${enableSleepWith}`;
    } else if ('down' in r) {
      m.state = 'stopped';
      m.lastError = r.down;
    } else {
      m.state = fallback;
      m.lastError = r.error;
    }
    this.d.log(`${m.name}: ${m.lastError}`);
  }

  /** Reads each resting model's real state: a restarted vLLM is awake, a gone one stopped. */
  private async reconcile(): Promise<void> {
    for (const m of this.models.values()) {
      if (m.state === 'waking' || m.state === 'sleeping' || m.inFlight > 0) continue;
      const s = await this.d.client.isSleeping(m.spec.url);
      // A wake or sleep may have begun while the answer was on its way: it knows better.
      if (this.moving(m)) continue;
      if (typeof s === 'boolean') {
        if (m.sleep === 'unknown') m.sleep = 'supported';
        if (s && m.state !== 'asleep') {
          m.state = 'asleep';
          m.level = m.level || 1;
        } else if (!s && m.state !== 'awake') {
          m.state = 'awake';
          m.awakeSince = this.d.clock.now();
          m.lastUsedAt = this.d.clock.now();
        }
      } else if ('unsupported' in s) {
        m.sleep = 'unsupported';
        if (m.state === 'stopped') m.state = 'awake';
      } else if ('down' in s && m.state !== 'stopped') {
        m.state = 'stopped';
      }
    }
    this.tick();
  }
}
