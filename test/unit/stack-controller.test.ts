import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toDisposable } from '../../electron/core/disposable';
import { GatewayError } from '../../electron/core/gateway-error';
import type {
  ComposeCommandResult,
  ComposeControl,
  ContainerEvent,
  ContainerFacts,
  ContainerSource,
} from '../../electron/core/ports';
import { StackController } from '../../electron/core/stack-controller';
import { FakeTime, flushPromises } from '../support/fake-timers';

class FakeDocker implements ContainerSource {
  containers: ContainerFacts[] = [];
  unavailable = false;
  listCalls = 0;
  private readonly watchers = new Set<(e: ContainerEvent) => void>();

  list(): Promise<ContainerFacts[]> {
    this.listCalls++;
    if (this.unavailable)
      return Promise.reject(
        new GatewayError(
          'DOCKER_UNAVAILABLE',
          'No Docker engine answers at /var/run/docker.sock (ENOENT); start Docker.',
        ),
      );
    return Promise.resolve(this.containers.map((c) => ({ ...c })));
  }

  logs(id: string, tail: number): Promise<string[]> {
    return Promise.resolve([`log of ${id}`].slice(-tail));
  }

  followLogs(id: string, _tail: number, onLine: (l: string) => void, onEnd: () => void) {
    onLine(`log of ${id}`);
    onEnd();
    return toDisposable(() => undefined);
  }

  watch(_p: string, onEvent: (e: ContainerEvent) => void) {
    this.watchers.add(onEvent);
    return toDisposable(() => this.watchers.delete(onEvent));
  }

  set(service: string, status: string, health: string | null = 'healthy', exitCode = 0): void {
    this.containers = this.containers.filter((c) => c.service !== service);
    this.containers.push({
      id: `id-${service}`,
      service,
      status,
      health,
      startedAt: '2026-12-01T10:00:00Z',
      finishedAt: null,
      exitCode,
    });
    for (const w of this.watchers)
      w({ service, action: status === 'running' ? 'start' : 'die', at: 0 });
  }

  emit(e: ContainerEvent): void {
    for (const w of this.watchers) w(e);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }
}

class FakeCompose implements ComposeControl {
  calls: string[] = [];
  release: (() => void) | null = null;
  result: ComposeCommandResult = { code: 0, stderr: '' };
  constructor(private readonly onUp: () => void = () => undefined) {}

  private run(name: string): Promise<ComposeCommandResult> {
    this.calls.push(name);
    return new Promise((resolve) => {
      this.release = () => {
        if (name === 'up') this.onUp();
        resolve(this.result);
      };
    });
  }
  up(_progress?: unknown, service?: string) {
    return this.run(`up ${service ?? ''}`.trim());
  }
  down() {
    return this.run('down');
  }
  restart(service: string | undefined) {
    return this.run(`restart ${service ?? ''}`.trim());
  }
}

const setup = (services = ['litellm', 'vllm']) => {
  const docker = new FakeDocker();
  const time = new FakeTime();
  const compose = new FakeCompose(() =>
    services.forEach((s) => docker.set(s, 'running', 'starting')),
  );
  const ctl = new StackController({
    project: 'hagw',
    compose,
    containers: docker,
    timers: time,
    loadModel: () =>
      Promise.resolve({
        files: ['x.yml'],
        services: services.map((name) => ({ name, profiles: [] })),
      }),
  });
  return { docker, time, compose, ctl };
};

describe('StackController', () => {
  test('two Starts while one runs are coalesced into one compose up', async () => {
    const { compose, ctl } = setup();
    const a = ctl.up();
    const b = ctl.up();
    await flushPromises();
    assert.equal(a, b);
    compose.release?.();
    await a;
    assert.deepEqual(compose.calls, ['up']);
  });

  test('a Stop during a Start waits for the Start, then runs', async () => {
    const { compose, ctl } = setup();
    const up = ctl.up();
    const down = ctl.down();
    await flushPromises();
    assert.deepEqual(compose.calls, ['up']);
    assert.equal(ctl.snapshot().operation, 'up');
    compose.release?.();
    await up;
    await flushPromises();
    assert.deepEqual(compose.calls, ['up', 'down']);
    assert.equal(ctl.snapshot().operation, 'down');
    compose.release?.();
    await down;
    assert.equal(ctl.snapshot().operation, null);
  });

  test('up --wait resolves when every service turns healthy, driven by events', async () => {
    const { docker, compose, ctl } = setup();
    const up = ctl.up({ wait: true, timeoutMs: 60_000 });
    await flushPromises();
    compose.release?.();
    await flushPromises();
    assert.equal(ctl.snapshot().state, 'starting');
    docker.set('litellm', 'running', 'healthy');
    docker.set('vllm', 'running', 'healthy');
    const s = await up;
    assert.equal(s.state, 'running');
    assert.equal(docker.watcherCount, 0, 'the wait unsubscribed from events');
  });

  test('up --wait fails at once when a service exits, naming it and its exit code', async () => {
    const { docker, compose, ctl } = setup();
    const up = ctl.up({ wait: true, timeoutMs: 60_000 });
    await flushPromises();
    compose.release?.();
    await flushPromises();
    docker.set('vllm', 'exited', null, 1);
    await assert.rejects(
      up,
      (e: GatewayError) => e.code === 'SERVICE_FAILED' && /vllm \(exit 1\)/.test(e.message),
    );
    const s = await ctl.refresh();
    assert.equal(s.state, 'partial');
    assert.deepEqual(s.services.find((x) => x.name === 'vllm')?.lastLog, ['log of id-vllm']);
  });

  test('up --wait times out on the fake clock and says which services it waited for', async () => {
    const { time, compose, ctl } = setup();
    const up = ctl.up({ wait: true, timeoutMs: 30_000 });
    await flushPromises();
    compose.release?.();
    await flushPromises();
    time.advance(30_000);
    await assert.rejects(
      up,
      (e: GatewayError) => e.code === 'WAIT_TIMEOUT' && /litellm, vllm/.test(e.message),
    );
    assert.equal(time.timerCount, 0);
  });

  test('a failing compose keeps its error text and leaves no operation behind', async () => {
    const { compose, ctl } = setup();
    compose.result = { code: 1, stderr: 'services.vllm.ports contains an invalid type' };
    const up = ctl.up();
    await flushPromises();
    compose.release?.();
    await assert.rejects(
      up,
      (e: GatewayError) => e.code === 'COMPOSE_FAILED' && /invalid type/.test(e.message),
    );
    assert.equal(ctl.snapshot().operation, null);
  });

  test('no Docker engine gives docker-unavailable with the reason, and recovers on the next read', async () => {
    const { docker, ctl } = setup();
    docker.unavailable = true;
    const s = await ctl.refresh();
    assert.equal(s.state, 'docker-unavailable');
    assert.match(s.reason ?? '', /start Docker/);
    docker.unavailable = false;
    docker.set('litellm', 'running');
    docker.set('vllm', 'running');
    assert.equal((await ctl.refresh()).state, 'running');
  });

  test('an unreadable compose file is error with the parser words, Docker still answering', async () => {
    const docker = new FakeDocker();
    const ctl = new StackController({
      project: 'hagw',
      compose: new FakeCompose(),
      containers: docker,
      timers: new FakeTime(),
      loadModel: () =>
        Promise.reject(
          new GatewayError('COMPOSE_FILE', 'Compose file x.yml is not valid YAML at line 3'),
        ),
    });
    const s = await ctl.refresh();
    assert.equal(s.state, 'error');
    assert.match(s.reason ?? '', /line 3/);
  });

  test('no Docker wins over a broken compose file: the most basic problem is named first', async () => {
    const docker = new FakeDocker();
    docker.unavailable = true;
    const ctl = new StackController({
      project: 'hagw',
      compose: new FakeCompose(),
      containers: docker,
      timers: new FakeTime(),
      loadModel: () =>
        Promise.reject(new GatewayError('COMPOSE_FILE', 'Compose file x.yml is missing')),
    });
    assert.equal((await ctl.refresh()).state, 'docker-unavailable');
  });

  test('a container killed from outside is seen through the event stream, no call needed', async () => {
    const { docker, ctl } = setup();
    docker.set('litellm', 'running');
    docker.set('vllm', 'running');
    ctl.watch();
    await ctl.refresh();
    const seen: string[] = [];
    ctl.onChange((s) => seen.push(s.state));
    docker.set('vllm', 'exited', null, 137);
    await flushPromises();
    // Told once at the death, once more when the failed service's log tail has been read.
    assert.deepEqual(seen, ['partial', 'partial']);
    ctl.dispose();
    assert.equal(docker.watcherCount, 0);
  });

  test('health-check execs do not re-read Docker; the death behind them is read at once', async () => {
    const { docker, ctl } = setup();
    docker.set('litellm', 'running');
    docker.set('vllm', 'running');
    ctl.watch();
    await ctl.refresh();
    await flushPromises();
    const before = docker.listCalls;
    for (let i = 0; i < 20; i++)
      docker.emit({ service: 'vllm', action: 'exec_start: curl', at: 0 });
    docker.emit({ service: 'vllm', action: 'kill', at: 0 });
    await flushPromises();
    assert.equal(docker.listCalls, before, 'no read for execs or the kill');
    const seen: string[] = [];
    ctl.onChange((s) => seen.push(s.state));
    docker.set('vllm', 'exited', null, 137);
    await flushPromises();
    assert.equal(docker.listCalls, before + 1, 'one read, for the die');
    assert.deepEqual(seen, ['partial', 'partial']);
    ctl.dispose();
  });

  test("a failed service's state is told before its log tail is read", async () => {
    const { docker, ctl } = setup();
    docker.set('litellm', 'running');
    docker.set('vllm', 'running');
    await ctl.refresh();
    let release: (() => void) | null = null;
    docker.logs = (id: string) =>
      release === null
        ? new Promise<string[]>((r) => (release = () => r([`log of ${id}`])))
        : Promise.resolve([`log of ${id}`]);
    const seen: { state: string; log: string[] | undefined }[] = [];
    ctl.onChange((s) =>
      seen.push({ state: s.state, log: s.services.find((x) => x.name === 'vllm')?.lastLog }),
    );
    docker.set('vllm', 'exited', null, 137);
    const read = ctl.refresh();
    await flushPromises();
    assert.deepEqual(seen, [{ state: 'partial', log: undefined }], 'told while the logs are read');
    (release as (() => void) | null)?.();
    await read;
    assert.deepEqual(seen.at(-1), { state: 'partial', log: ['log of id-vllm'] });
    // Read again: the tail is carried over, so nothing flickers and nothing is told twice.
    await ctl.refresh();
    assert.equal(seen.length, 2);
  });

  test('concurrent refreshes share one Docker read', async () => {
    const { docker, ctl } = setup();
    await Promise.all([ctl.refresh(), ctl.refresh(), ctl.refresh()]);
    await flushPromises();
    assert.ok(docker.listCalls <= 2, `listed ${docker.listCalls} times`);
  });

  test('a BUSY lock (another process) fails the operation before compose runs', async () => {
    const docker = new FakeDocker();
    const compose = new FakeCompose();
    const ctl = new StackController({
      project: 'hagw',
      compose,
      containers: docker,
      timers: new FakeTime(),
      lock: {
        acquire: () =>
          Promise.reject(new GatewayError('BUSY', 'Another hagw (pid 42) is running "up"')),
      },
      loadModel: () => Promise.resolve({ files: [], services: [{ name: 'vllm', profiles: [] }] }),
    });
    await assert.rejects(ctl.up(), (e: GatewayError) => e.code === 'BUSY');
    assert.deepEqual(compose.calls, []);
    assert.equal(ctl.snapshot().operation, null);
    // The refusal is not remembered: the next Start tries the lock again.
    await assert.rejects(ctl.up(), (e: GatewayError) => e.code === 'BUSY');
  });

  test('up --wait reports which services it is still waiting for, once per change', async () => {
    const { docker, compose, ctl } = setup();
    const lines: string[] = [];
    ctl.onProgress((l) => lines.push(l));
    const up = ctl.up({ wait: true, timeoutMs: 60_000 });
    await flushPromises();
    compose.release?.();
    await flushPromises();
    docker.set('litellm', 'running', 'healthy');
    await flushPromises();
    docker.set('vllm', 'running', 'healthy');
    await up;
    assert.deepEqual(lines, [
      'waiting for healthy: litellm (starting), vllm (starting)',
      'waiting for healthy: vllm (starting)',
    ]);
  });

  test('logs of a service go to its container; an unknown service names the known ones', async () => {
    const { docker, ctl } = setup();
    docker.set('vllm', 'running');
    assert.deepEqual(await ctl.logs('vllm', 20), ['log of id-vllm']);
    await ctl.refresh();
    await assert.rejects(
      ctl.logs('nope', 20),
      (e: GatewayError) => e.code === 'BAD_INPUT' && /known: litellm, vllm/.test(e.message),
    );
  });

  test('restart of a service the compose file does not have is refused before compose runs', async () => {
    // A new process: nothing read from Docker yet, the compose file alone decides.
    const { compose, ctl } = setup();
    await assert.rejects(
      ctl.restart('nope'),
      (e: GatewayError) => e.code === 'BAD_INPUT' && /litellm, vllm/.test(e.message),
    );
    assert.deepEqual(compose.calls, []);
  });

  test('up <service> starts that service alone; an unknown one is refused before compose runs', async () => {
    const { compose, ctl } = setup();
    await assert.rejects(
      ctl.up({ service: 'nope' }),
      (e: GatewayError) =>
        e.code === 'BAD_INPUT' && /No service "nope".*litellm, vllm/.test(e.message),
    );
    assert.deepEqual(compose.calls, []);
    const up = ctl.up({ service: 'vllm' });
    await flushPromises();
    compose.release?.();
    await up;
    assert.deepEqual(compose.calls, ['up vllm']);
  });
});
