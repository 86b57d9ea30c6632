// The stream reader and the GPU monitor, driven by the nvidia-smi stand-in played in-process on a
// fake clock (test/support/nvsmi-fake.ts): watchdog, backoff and batching depend on that clock
// alone, so they hold on a busy machine. One smoke test runs the real stand-in binary.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultGpuAlertLimits, type GpuAlertLimits } from '../../electron/core/gpu-alert-limits';
import { GpuMonitor } from '../../electron/node/gpu/gpu-monitor';
import { nodeChildSpawner } from '../../electron/node/platform/node-child-spawner';
import {
  type GpuBatch,
  NvidiaSmiStream,
  type StreamProblem,
} from '../../electron/node/gpu/nvidia-smi-stream';
import { systemClock, systemTimers } from '../../electron/node/platform/system-clock';
import type { ChildEvents } from '../../electron/core/ports';
import { FakeTime } from '../support/fake-timers';
import { fakeNvsmi, loadScenario } from '../support/nvsmi-fake';
import { repoRoot } from '../support/fixtures';

const interval = 100;

const watch = (name: string, ms: number, o: { legacy?: boolean; missing?: boolean } = {}) => {
  const time = new FakeTime();
  const fake = fakeNvsmi(time, loadScenario(name), o);
  const batches: GpuBatch[] = [];
  const problems: StreamProblem[] = [];
  const s = new NvidiaSmiStream({
    executable: 'nvidia-smi',
    intervalMs: interval,
    clock: time,
    timers: time,
    spawner: fake.spawner,
    onBatch: (b) => batches.push(b),
    onProblem: (p) => problems.push(p),
  }).start();
  time.advance(ms);
  s.dispose();
  return { batches, problems, fake };
};

test('healthy: one batch per interval, one sample per GPU, both cards of a pair', () => {
  const { batches, problems } = watch('dual-3090-idle', 1000);
  // Frames at 0, 100, ..., 900 ms; the last one is flushed 25 ms after it arrived.
  assert.equal(batches.length, 10);
  assert.deepEqual(
    batches.map((b) => b.samples.map((s) => s.index)),
    Array.from({ length: 10 }, () => [0, 1]),
  );
  assert.deepEqual(problems, []);
});

test('a process that hangs is killed after 3 silent intervals and respawned', () => {
  const { batches, problems, fake } = watch('hung', 2000);
  // Two readings at 0 and 100 ms, silence, the watchdog at 400 ms, the exit, a respawn 1 s later.
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['silent', 'exited', 'silent', 'exited'].slice(0, problems.length),
  );
  assert.equal(problems[0]?.kind, 'silent');
  assert.match(problems[0]?.message ?? '', /nothing for 0\.3 s/);
  assert.ok(fake.kills >= 1);
  assert.equal(fake.spawned.length, 2, 'respawned once within 2 s');
  assert.equal(batches.length, 4, 'two readings from each run');
});

test('the first line may take 10 s (a cold driver); later silences get 3 intervals', () => {
  const time = new FakeTime();
  const problems: StreamProblem[] = [];
  const s = new NvidiaSmiStream({
    executable: 'nvidia-smi',
    intervalMs: interval,
    clock: time,
    timers: time,
    // A child that never prints.
    spawner: { spawn: () => ({ kill: () => undefined }) },
    onBatch: () => undefined,
    onProblem: (p) => problems.push(p),
  }).start();
  time.advance(9_900);
  assert.equal(problems.length, 0, 'no watchdog before the start-up grace');
  time.advance(200);
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['silent'],
  );
  s.dispose();
});

test('a lost GPU is reported, the exit is seen and the child respawned', () => {
  const { batches, problems, fake } = watch('gpu-lost', 3000);
  assert.ok(
    batches.some((b) => b.lost.includes('0000:09:00.0')),
    JSON.stringify(batches),
  );
  const exits = problems.filter((p) => p.kind === 'exited');
  // Each run gives three good readings first, which reset the backoff: 1 s every time.
  assert.match(exits[0]?.message ?? '', /code 15\); restarting it in 1 s/);
  assert.match(exits[1]?.message ?? '', /code 15\); restarting it in 1 s/);
  assert.ok(fake.spawned.length >= 2);
});

test('a child that keeps failing before any reading backs off 1 s, 2 s, 4 s, 8 s', () => {
  const { problems, fake } = watch('gpu-lost-at-start', 7500);
  assert.deepEqual(
    problems.filter((p) => p.kind === 'exited').map((p) => /in (\d+) s/.exec(p.message)?.[1]),
    ['1', '2', '4', '8'],
  );
  // Spawned at 0, 1, 3 and 7 s.
  assert.equal(fake.spawned.length, 4);
});

test('a header, a truncated line and a wrong field count are reported; good readings go on', () => {
  const { batches, problems } = watch('garbage', 1000);
  assert.ok(problems.filter((p) => p.kind === 'garbage').length >= 2, JSON.stringify(problems));
  assert.ok(batches.length >= 4, `${batches.length} batches`);
  assert.ok(
    batches.every((b) => b.samples.every((s) => s.index === 0 && s.temperatureC.kind === 'value')),
  );
});

test('a driver without the clocks_event_reasons names gets the clocks_throttle_reasons query', () => {
  const { batches, fake } = watch('healthy-load', 700, { legacy: true });
  assert.equal(fake.spawned.length, 2);
  assert.ok(fake.spawned[1]?.[0]?.includes('clocks_throttle_reasons.hw_thermal_slowdown'));
  assert.ok(batches.length >= 2);
  assert.equal(batches[0]?.samples[0]?.hwThermal, false);
});

test('no nvidia-smi: reported once as not-found, nothing respawned', () => {
  const { batches, problems, fake } = watch('healthy-load', 5000, { missing: true });
  assert.deepEqual(batches, []);
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['not-found'],
  );
  assert.equal(fake.spawned.length, 1);
});

const monitorOn = async (name: string, limits?: () => GpuAlertLimits) => {
  const time = new FakeTime();
  const fake = fakeNvsmi(time, loadScenario(name));
  const m = await new GpuMonitor({
    executable: 'nvidia-smi',
    intervalMs: interval,
    runner: fake.runner,
    clock: time,
    timers: time,
    spawner: fake.spawner,
    ...(limits ? { limits } : {}),
  }).start();
  return { m, time };
};

test("the monitor asks the operator's thresholds on every reading: a new margin counts from the next one", async () => {
  let limits: GpuAlertLimits = { ...defaultGpuAlertLimits };
  const { m, time } = await monitorOn('warm-load', () => limits);
  time.advance(300);
  const before = m.report().gpus[0];
  limits = { ...limits, marginC: 10 };
  time.advance(300);
  const after = m.report().gpus[0];
  m.dispose();
  assert.deepEqual([before?.temperatureC, before?.health], [87, 'ok']);
  assert.equal(after?.health, 'critical');
  assert.ok(after?.findings.some((f) => f.id === 'near-slowdown:09:00.0'));
});

test('the monitor: error tokens become null with the reason, and a fan turning into ERR! is critical', async () => {
  const { m, time } = await monitorOn('error-tokens');
  time.advance(600);
  const r = m.report();
  m.dispose();
  const [g] = r.gpus;
  assert.equal(g?.fanPercent, null);
  assert.equal(g?.powerW, null);
  assert.equal(g?.health, 'critical');
  assert.ok(g?.findings.some((f) => f.id === 'fan-unreadable:09:00.0'));
  assert.ok(
    g?.findings.some((f) => /power draw is unreadable \(\[Unknown Error\]\)/.test(f.message)),
  );
  assert.deepEqual(g?.thresholds, { slowdownC: 95, shutdownC: 98, targetC: 83 });
});

test('a stalled stream keeps the last good reading, marked stale, instead of dropping it', async () => {
  const { m, time } = await monitorOn('hung');
  time.advance(150);
  const fresh = m.report().gpus[0];
  // Two readings (0 and 100 ms), then nothing; 3 intervals later the reading counts as stale.
  time.advance(300);
  const stalled = m.report().gpus[0];
  m.dispose();
  assert.equal(fresh?.stale, false);
  assert.deepEqual([stalled?.stale, stalled?.temperatureC], [true, 50]);
});

test('a GPU already lost at start is reported as its bus id, health lost, with an error and a critical finding', async () => {
  const { m, time } = await monitorOn('gpu-lost-at-start');
  time.advance(300);
  const r = m.report();
  m.dispose();
  assert.equal(r.gpus.length, 1, JSON.stringify(r));
  const [g] = r.gpus;
  assert.equal(g?.busId, '0000:02:00.0');
  assert.equal(g?.health, 'lost');
  assert.match(r.error ?? '', /02:00\.0 is lost/);
  assert.ok(g?.findings.some((f) => f.id === 'gpu-lost:02:00.0' && f.severity === 'critical'));
});

test('smoke: the real stand-in binary as a child, read until two batches arrive', async () => {
  const bin = join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi');
  const batches: GpuBatch[] = [];
  const problems: StreamProblem[] = [];
  let done: () => void = () => undefined;
  const two = new Promise<void>((r) => (done = r));
  const s = new NvidiaSmiStream({
    executable: bin,
    intervalMs: 200,
    clock: systemClock,
    timers: systemTimers,
    spawner: nodeChildSpawner,
    env: {
      ...process.env,
      NVSMI_STANDIN_SCENARIO: join(
        repoRoot,
        'test',
        'standins',
        'scenarios',
        'dual-3090-idle.json',
      ),
    },
    onBatch: (b) => {
      batches.push(b);
      if (batches.length >= 2) done();
    },
    onProblem: (p) => problems.push(p),
  }).start();
  // A deadline, not a window: on a busy machine tsx may take seconds to start the stand-in.
  const deadline = new Promise<'late'>((r) => setTimeout(() => r('late'), 30_000).unref());
  const outcome = await Promise.race([two.then(() => 'ok' as const), deadline]);
  s.dispose();
  assert.equal(outcome, 'ok', JSON.stringify(problems));
  assert.deepEqual(
    batches.slice(0, 2).map((b) => b.samples.length),
    [2, 2],
  );
});

test('"GPU is lost" on stderr is read too, as on stdout', () => {
  const time = new FakeTime();
  const batches: GpuBatch[] = [];
  let events: ChildEvents | undefined;
  const s = new NvidiaSmiStream({
    executable: 'nvidia-smi',
    intervalMs: interval,
    clock: time,
    timers: time,
    spawner: {
      spawn: (_f, _a, _e, ev) => {
        events = ev;
        return { kill: () => undefined };
      },
    },
    onBatch: (b) => batches.push(b),
    onProblem: () => undefined,
  }).start();
  assert.ok(events, 'spawned');
  events.stderr(
    'Unable to determine the device handle for GPU0000:09:00.0: Unknown Error\nUnable to determine the device handle for GPU 0000:09:00.0: GPU is lost.  Reboot the system to recover this GPU\n',
  );
  time.advance(200);
  s.dispose();
  assert.ok(
    batches.some((b) => b.lost.includes('0000:09:00.0')),
    JSON.stringify(batches),
  );
});
