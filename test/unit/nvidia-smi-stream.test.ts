// The reader against the nvidia-smi stand-in as a real child process, with short intervals.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { GpuMonitor } from '../../electron/node/gpu-monitor';
import { NodeProcessRunner } from '../../electron/node/node-process-runner';
import {
  type GpuBatch,
  NvidiaSmiStream,
  type StreamProblem,
} from '../../electron/node/nvidia-smi-stream';
import { systemClock, systemTimers } from '../../electron/node/system-clock';
import { repoRoot } from '../support/fixtures';

const bin = join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi');
const scenario = (name: string) => join(repoRoot, 'test', 'standins', 'scenarios', `${name}.json`);

const monitor = (name: string) =>
  new GpuMonitor({
    executable: bin,
    intervalMs: 100,
    runner: new NodeProcessRunner(),
    clock: systemClock,
    timers: systemTimers,
    env: { ...process.env, NVSMI_STANDIN_SCENARIO: scenario(name) },
  }).start();

const watch = (name: string, ms: number, extraEnv: Record<string, string> = {}, executable = bin) =>
  new Promise<{ batches: GpuBatch[]; problems: StreamProblem[] }>((resolve) => {
    const batches: GpuBatch[] = [];
    const problems: StreamProblem[] = [];
    const s = new NvidiaSmiStream({
      executable,
      intervalMs: 100,
      clock: systemClock,
      timers: systemTimers,
      env: { ...process.env, NVSMI_STANDIN_SCENARIO: scenario(name), ...extraEnv },
      onBatch: (b) => batches.push(b),
      onProblem: (p) => problems.push(p),
    }).start();
    setTimeout(() => {
      s.dispose();
      resolve({ batches, problems });
    }, ms);
  });

test('healthy: one batch per interval, one sample per GPU, both cards of a pair', async () => {
  const { batches, problems } = await watch('dual-3090-idle', 900);
  assert.ok(batches.length >= 4, `${batches.length} batches`);
  assert.ok(
    batches.every((b) => b.samples.length === 2),
    JSON.stringify(batches.map((b) => b.samples.length)),
  );
  assert.deepEqual(problems, []);
});

test('a process that hangs is killed after 3 silent intervals and respawned', async () => {
  const { batches, problems } = await watch('hung', 2500);
  assert.ok(
    problems.some((p) => p.kind === 'silent'),
    JSON.stringify(problems),
  );
  // Each respawn replays the two readings: more than two means it came back.
  assert.ok(batches.length > 2, `${batches.length} batches`);
});

test('a lost GPU is reported, the exit is seen and the child respawned with backoff', async () => {
  const { batches, problems } = await watch('gpu-lost', 1800);
  assert.ok(batches.some((b) => b.lost.includes('0000:09:00.0')));
  assert.ok(
    problems.some((p) => p.kind === 'exited' && /code 15/.test(p.message)),
    JSON.stringify(problems),
  );
  assert.ok(batches.filter((b) => b.lost.length > 0).length >= 1);
});

test('a header, a truncated line and a wrong field count are reported; good readings go on', async () => {
  const { batches, problems } = await watch('garbage', 900);
  assert.ok(problems.filter((p) => p.kind === 'garbage').length >= 2, JSON.stringify(problems));
  assert.ok(batches.length >= 4);
  assert.ok(
    batches.every((b) => b.samples.every((s) => s.index === 0 && s.temperatureC.kind === 'value')),
  );
});

test('a driver without the clocks_event_reasons names gets the clocks_throttle_reasons query', async () => {
  const { batches } = await watch('healthy-load', 700, { NVSMI_STANDIN_LEGACY: '1' });
  assert.ok(batches.length >= 2);
  assert.equal(batches[0]?.samples[0]?.hwThermal, false);
});

test('no nvidia-smi: reported once as not-found, nothing respawned', async () => {
  const { batches, problems } = await watch('healthy-load', 400, {}, '/nonexistent/nvidia-smi');
  assert.deepEqual(batches, []);
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['not-found'],
  );
});

test('the monitor: error tokens become null with the reason, and a fan turning into ERR! is critical', async () => {
  const m = await monitor('error-tokens');
  await new Promise((r) => setTimeout(r, 600));
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
  const m = await monitor('hung');
  await m.firstReport(5000);
  const fresh = m.report().gpus[0];
  // The hung scenario prints two readings, then nothing; the respawn comes only after a 1 s backoff.
  await new Promise((r) => setTimeout(r, 700));
  const stalled = m.report().gpus[0];
  m.dispose();
  assert.equal(fresh?.stale, false);
  assert.deepEqual([stalled?.stale, stalled?.temperatureC], [true, 50]);
});
