import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AutoFreeWatch } from '../../electron/app/auto-free-watch';
import type { ComputeApp } from '../../electron/core/auto-free';
import { inContainers } from '../../electron/node/gpu/compute-apps';
import { LifecycleSnapshot } from '../../electron/shared/lifecycle';

const snap = (freed: boolean) =>
  LifecycleSnapshot.parse({
    models: [],
    cardMiB: 24_576,
    marginPercent: 5,
    budgetMiB: 23_347,
    freed,
    counts: { held: 0, expired: 0, failedWakes: 0, wakes: 0, sleeps: 0 },
  });

const world = (o: { enabled?: boolean; freed?: boolean } = {}) => {
  let freed = o.freed ?? false;
  const calls: string[] = [];
  const lines: string[] = [];
  const w = {
    apps: [] as ComputeApp[],
    calls,
    lines,
    watch: null as unknown as AutoFreeWatch,
  };
  w.watch = new AutoFreeWatch({
    enabled: () => Promise.resolve(o.enabled ?? true),
    computeApps: () => Promise.resolve(w.apps),
    // pid 100 is our vLLM.
    ours: (pid) => Promise.resolve(pid === 100),
    lifecycle: {
      snapshot: () => Promise.resolve(snap(freed)),
      sleep: () => (calls.push('sleep all'), (freed = true), Promise.resolve(snap(true))),
      resume: () => (calls.push('resume'), (freed = false), Promise.resolve(snap(false))),
    },
    log: (l) => lines.push(l),
  });
  return w;
};

const ourVllm = { pid: 100, name: 'python3', usedMiB: 12_000 };
const comfy = { pid: 5151, name: 'python main.py (ComfyUI)', usedMiB: 7000 };

test('frees for a heavy program that is not ours, says so once, and resumes after it has gone', async () => {
  const w = world();
  w.apps = [ourVllm];
  await w.watch.check();
  assert.deepEqual(w.calls, [], 'our own vLLM is not another program');
  w.apps = [ourVllm, comfy];
  await w.watch.check();
  await w.watch.check();
  assert.deepEqual(w.calls, ['sleep all']);
  const [alert] = w.watch.observations();
  assert.equal(alert?.id, 'models:auto-freed');
  assert.match(alert?.message ?? '', /ComfyUI\) \(pid 5151\) uses 7000 MiB/);
  w.apps = [];
  await w.watch.check();
  assert.deepEqual(w.calls, ['sleep all', 'resume']);
  assert.deepEqual(w.watch.observations(), []);
  assert.equal(w.lines.length, 2);
});

test('off in settings, or a GPU the operator freed: nothing is touched', async () => {
  const off = world({ enabled: false });
  off.apps = [comfy];
  await off.watch.check();
  assert.deepEqual(off.calls, []);
  const operator = world({ freed: true });
  operator.apps = [comfy];
  await operator.watch.check();
  operator.apps = [];
  await operator.watch.check();
  assert.deepEqual(operator.calls, [], 'no resume of a GPU the operator freed');
});

test("a process is ours when its cgroup names one of the stack's containers", async () => {
  const proc = mkdtempSync(join(tmpdir(), 'hagw-proc-'));
  const id = 'a'.repeat(64);
  mkdirSync(join(proc, '100'));
  writeFileSync(join(proc, '100', 'cgroup'), `0::/system.slice/docker-${id}.scope\n`);
  mkdirSync(join(proc, '5151'));
  writeFileSync(join(proc, '5151', 'cgroup'), '0::/user.slice/user-1000.slice/session-2.scope\n');
  assert.equal(await inContainers(100, [id], proc), true);
  assert.equal(await inContainers(5151, [id], proc), false);
  assert.equal(await inContainers(999, [id], proc), false, 'a process that is gone');
});
