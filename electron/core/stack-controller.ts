import type { StackOperation, StackSnapshot } from '../shared/stack';
import { type Disposable, DisposableStore, toDisposable } from './disposable';
import { GatewayError, firstLine } from './gateway-error';
import type { ComposeControl, ComposeModel, ContainerSource, OperationLock, Timers } from './ports';
import { changesStackState } from './container-events';
import { deriveStack, errorStack, isHealthy, needsLogs, unavailableStack } from './stack-state';

export interface StackControllerDeps {
  project: string;
  compose: ComposeControl;
  containers: ContainerSource;
  /** Reads the compose file(s); throws GatewayError('COMPOSE_FILE') with the parser's words. */
  loadModel: () => Promise<ComposeModel>;
  timers: Timers;
  /** Serialises operations across processes; none in tests that do not need it. */
  lock?: OperationLock;
  logLines?: number;
}

type Listener = (s: StackSnapshot) => void;
export type ProgressListener = (line: string) => void;

/**
 * Owns the StackSnapshot. One operation runs at a time: a second call of the same operation while
 * it runs gets the same promise (coalesced), a different one waits its turn (queued), so two clicks
 * or a click during a CLI run never start anything twice within this process.
 */
export class StackController implements Disposable {
  private current: StackSnapshot;
  private operation: StackOperation | null = null;
  private running: { op: string; promise: Promise<StackSnapshot> } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private refreshing: Promise<StackSnapshot> | null = null;
  private refreshAgain = false;
  private readonly listeners = new Set<Listener>();
  private readonly progressListeners = new Set<ProgressListener>();
  private readonly store = new DisposableStore();
  private expected: string[] = [];

  constructor(private readonly deps: StackControllerDeps) {
    this.current = {
      state: 'stopped',
      project: deps.project,
      services: [],
      operation: null,
      reason: null,
    };
  }

  snapshot(): StackSnapshot {
    return this.current;
  }

  onChange(listener: Listener): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  onProgress(listener: ProgressListener): Disposable {
    this.progressListeners.add(listener);
    return toDisposable(() => this.progressListeners.delete(listener));
  }

  /**
   * Follow Docker's event stream: an event that may change the state (a death, a start, a health
   * result) re-reads the project with one list call; health-check execs and the like do not.
   */
  watch(): Disposable {
    const sub = this.deps.containers.watch(
      this.deps.project,
      (e) => {
        if (changesStackState(e.action)) void this.refresh();
      },
      () => void this.refresh(),
    );
    this.store.add(sub);
    return sub;
  }

  /** Re-read Docker. Concurrent calls share one read; a call during a read schedules one more. */
  refresh(): Promise<StackSnapshot> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.read().finally(() => {
      this.refreshing = null;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  up(
    options: {
      wait?: boolean;
      timeoutMs?: number;
      service?: string;
      /** .env values overridden for this start only (an update's new image). */
      env?: Readonly<Record<string, string>>;
    } = {},
  ): Promise<StackSnapshot> {
    const { service } = options;
    return this.exclusive(`up:${service ?? ''}`, async () => {
      await this.checkService(service);
      await this.requireDocker();
      this.check(
        await this.deps.compose.up((l) => this.progress(l), service, options.env),
        'start',
      );
      return options.wait
        ? this.waitHealthy(options.timeoutMs ?? 300_000, service)
        : this.refresh();
    });
  }

  /**
   * A named service must be one the compose file defines: anything else would reach compose as an
   * argument. Checked against the file itself, so a new process with no Docker state checks too.
   */
  private async checkService(service: string | undefined): Promise<void> {
    if (service === undefined) return;
    const known = (await this.deps.loadModel()).services.map((s) => s.name);
    if (!known.includes(service))
      throw new GatewayError(
        'BAD_INPUT',
        `No service "${service}" in the compose file; known: ${known.join(', ')}.`,
      );
  }

  down(): Promise<StackSnapshot> {
    return this.exclusive('down', async () => {
      await this.requireDocker();
      this.check(await this.deps.compose.down((l) => this.progress(l)), 'stop');
      return this.refresh();
    });
  }

  restart(
    service?: string,
    options: { wait?: boolean; timeoutMs?: number } = {},
  ): Promise<StackSnapshot> {
    return this.exclusive(`restart:${service ?? ''}`, async () => {
      await this.checkService(service);
      await this.requireDocker();
      this.check(await this.deps.compose.restart(service, (l) => this.progress(l)), 'restart');
      return options.wait
        ? this.waitHealthy(options.timeoutMs ?? 300_000, service)
        : this.refresh();
    });
  }

  /**
   * Resolves when every expected service is healthy; rejects as soon as one has exited (it will
   * not come back by waiting) or when the timeout passes. Driven by events, not by polling.
   */
  waitHealthy(timeoutMs: number, only?: string): Promise<StackSnapshot> {
    // One named service: only its health matters (the others may be stopped on purpose).
    const mine = (s: StackSnapshot) =>
      only === undefined ? s.services : s.services.filter((x) => x.name === only);
    return new Promise<StackSnapshot>((resolve, reject) => {
      const local = new DisposableStore();
      let lastProgress = '';
      const settle = (fn: () => void) => {
        local.dispose();
        fn();
      };
      const check = (s: StackSnapshot) => {
        if (s.state === 'docker-unavailable' || s.state === 'error') {
          settle(() =>
            reject(new GatewayError('DOCKER_UNAVAILABLE', s.reason ?? 'Docker stopped answering.')),
          );
          return;
        }
        // A restarting container is a crash loop: waiting longer will not make it healthy.
        const failed = mine(s).filter(
          (x) => x.state === 'exited' || x.state === 'restarting' || x.health === 'unhealthy',
        );
        if (failed.length > 0) {
          const names = failed.map(
            (x) =>
              `${x.name} (${x.health === 'unhealthy' && x.state === 'running' ? 'unhealthy' : `exit ${x.exitCode ?? '?'}${x.state === 'restarting' ? ', restarting' : ''}`})`,
          );
          settle(() =>
            reject(
              new GatewayError(
                'SERVICE_FAILED',
                `Service failed to start: ${names.join(', ')}; see hagw status.`,
              ),
            ),
          );
          return;
        }
        if (mine(s).length > 0 && mine(s).every(isHealthy)) {
          settle(() => resolve(s));
          return;
        }
        const waiting = mine(s)
          .filter((x) => !isHealthy(x))
          .map((x) => `${x.name} (${x.state === 'running' ? x.health : x.state})`);
        const line = `waiting for healthy: ${waiting.join(', ')}`;
        if (line !== lastProgress) this.progress((lastProgress = line));
      };
      local.add(this.onChange(check));
      local.add(
        this.deps.timers.setTimeout(() => {
          const waiting = mine(this.current)
            .filter((x) => !isHealthy(x))
            .map((x) => x.name);
          settle(() =>
            reject(
              new GatewayError(
                'WAIT_TIMEOUT',
                `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for: ${waiting.join(', ')}.`,
              ),
            ),
          );
        }, timeoutMs),
      );
      local.add(
        this.deps.containers.watch(
          this.deps.project,
          () => void this.refresh(),
          () => void this.refresh(),
        ),
      );
      void this.refresh().then(check);
    });
  }

  /** The last `tail` log lines of a service's container. */
  async logs(service: string, tail: number): Promise<string[]> {
    return this.deps.containers.logs(await this.containerOf(service), tail);
  }

  async followLogs(
    service: string,
    tail: number,
    onLine: (line: string) => void,
    onEnd: () => void,
  ): Promise<Disposable> {
    return this.deps.containers.followLogs(await this.containerOf(service), tail, onLine, onEnd);
  }

  private async containerOf(service: string): Promise<string> {
    const containers = await this.deps.containers.list(this.deps.project);
    const c = containers.find((x) => x.service === service);
    if (c) return c.id;
    const known = [...new Set([...this.expected, ...containers.map((x) => x.service)])].sort();
    throw new GatewayError(
      'BAD_INPUT',
      `No container for service "${service}" (known: ${known.join(', ') || 'none; is the stack up?'}).`,
    );
  }

  dispose(): void {
    this.store.dispose();
    this.listeners.clear();
    this.progressListeners.clear();
  }

  private exclusive(key: string, fn: () => Promise<StackSnapshot>): Promise<StackSnapshot> {
    if (this.running?.op === key) return this.running.promise;
    const op = key.split(':')[0] as StackOperation;
    const promise = this.queue
      // The previous operation's failure went to its own caller; this one runs regardless.
      .catch(() => undefined)
      .then(async () => {
        this.running = { op: key, promise };
        let held: { dispose(): void } | null = null;
        try {
          // Another process (the tray, a second hagw) may hold the stack: refuse before touching it.
          held = this.deps.lock ? await this.deps.lock.acquire(key.replace(/:$/, '')) : null;
          this.operation = op;
          this.publish({
            ...this.current,
            operation: op,
            state: op === 'down' ? this.current.state : 'starting',
          });
          return await fn();
        } finally {
          held?.dispose();
          this.operation = null;
          if (this.running?.promise === promise) this.running = null;
          await this.refresh();
        }
      });
    this.queue = promise;
    this.running = { op: key, promise };
    return promise;
  }

  /** Compose run without an engine fails with unrelated words (a missing .env, say): ask Docker first. */
  private async requireDocker(): Promise<void> {
    const s = await this.read();
    if (s.state === 'docker-unavailable')
      throw new GatewayError('DOCKER_UNAVAILABLE', s.reason ?? 'Docker is not available.');
  }

  private check(result: { code: number | null; stderr: string }, verb: string): void {
    if (result.code === 0) return;
    const text = result.stderr.trim() || `compose exited with code ${String(result.code)}`;
    throw new GatewayError('COMPOSE_FAILED', `Could not ${verb} the stack: ${text}`);
  }

  private progress(line: string): void {
    for (const l of this.progressListeners) l(line);
  }

  private async read(): Promise<StackSnapshot> {
    const { project } = this.deps;
    // Both at once; an engine that does not answer is the more basic problem, so it is named first.
    const [model, listed] = await Promise.allSettled([
      this.deps.loadModel(),
      this.deps.containers.list(project),
    ]);
    if (listed.status === 'rejected') {
      const e: unknown = listed.reason;
      if (e instanceof GatewayError && e.code === 'DOCKER_UNAVAILABLE')
        return this.publish(unavailableStack(project, e.message));
      throw e;
    }
    if (model.status === 'rejected') {
      const e: unknown = model.reason;
      return this.publish(
        errorStack(project, e instanceof Error ? firstLine(e.message) : String(e), this.expected),
      );
    }
    this.expected = model.value.services.map((s) => s.name);
    const containers = listed.value;
    const snap = deriveStack({
      project,
      expected: this.expected,
      containers,
      operation: this.operation,
    });
    // The new state is told at once; the log tail of a failed service follows in a second
    // publish. Waiting for the logs first (and, the first time, for Docker's client to load)
    // is what had a container's death take 360 ms instead of tens to reach the faces.
    const before = new Map(this.current.services.map((s) => [s.name, s.lastLog]));
    const carried = snap.services.map((s) => {
      const last = needsLogs(s) ? before.get(s.name) : undefined;
      return last ? { ...s, lastLog: last } : s;
    });
    const told = this.publish({ ...snap, services: carried });
    if (!snap.services.some(needsLogs)) return told;
    const lines = this.deps.logLines ?? 20;
    const services = await Promise.all(
      snap.services.map(async (s) => {
        const c = needsLogs(s) ? containers.find((x) => x.service === s.name) : undefined;
        return c
          ? { ...s, lastLog: await this.deps.containers.logs(c.id, lines).catch(() => []) }
          : s;
      }),
    );
    return this.publish({ ...snap, services });
  }

  private publish(s: StackSnapshot): StackSnapshot {
    const changed = JSON.stringify(s) !== JSON.stringify(this.current);
    this.current = s;
    if (changed) for (const l of this.listeners) l(s);
    return s;
  }
}
