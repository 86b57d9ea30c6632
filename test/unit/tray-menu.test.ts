import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTrayMenu } from '../../electron/core/tray-menu';
import { lifecycleSnapshot, lifecycleView } from '../support/lifecycle-view';
import type { StackSnapshot } from '../../electron/shared/stack';
import { gpuCard } from '../support/gpu-card';

const snap = (over: Partial<StackSnapshot>): StackSnapshot => ({
  state: 'stopped',
  project: 'hagw',
  services: [],
  operation: null,
  reason: null,
  ...over,
});
const enabled = (m: ReturnType<typeof buildTrayMenu>) =>
  Object.fromEntries(m.items.flatMap((i) => (i.kind === 'action' ? [[i.action, i.enabled]] : [])));

test('stopped: Start enabled, Stop and Restart disabled, grey icon', () => {
  const m = buildTrayMenu(
    snap({
      services: [{ name: 'vllm', state: 'missing', health: 'none', since: null, exitCode: null }],
    }),
  );
  assert.equal(m.icon, 'stopped');
  assert.deepEqual(
    [enabled(m)['stack.up'], enabled(m)['stack.down'], enabled(m)['stack.restart']],
    [true, false, false],
  );
});

test('partial names the failing service in the headline and the tooltip', () => {
  const m = buildTrayMenu(
    snap({
      state: 'partial',
      services: [
        { name: 'litellm', state: 'running', health: 'healthy', since: null, exitCode: null },
        { name: 'vllm', state: 'exited', health: 'none', since: null, exitCode: 1 },
      ],
    }),
  );
  assert.equal(m.icon, 'partial');
  assert.match(m.tooltip, /^Gateway degraded: vllm/);
});

test('while an operation runs every stack action is disabled and progress shows in the tooltip', () => {
  const m = buildTrayMenu(
    snap({ state: 'starting', operation: 'up' }),
    'Pulling vllm: 3/12 layers',
  );
  assert.deepEqual(
    [enabled(m)['stack.up'], enabled(m)['stack.down'], enabled(m)['quit.stop-stack']],
    [false, false, false],
  );
  assert.match(m.tooltip, /Pulling vllm/);
});

test('docker-unavailable shows the reason and offers no stack action', () => {
  const m = buildTrayMenu(
    snap({
      state: 'docker-unavailable',
      reason: 'No Docker engine answers at /var/run/docker.sock',
    }),
  );
  assert.equal(m.icon, 'error');
  assert.equal(m.tooltip, 'No Docker engine answers at /var/run/docker.sock');
  assert.equal(enabled(m)['stack.up'], false);
});

test('the plain Quit says the stack keeps running', () => {
  const m = buildTrayMenu(snap({}));
  const quit = m.items.find((i) => i.kind === 'action' && i.action === 'quit');
  assert.ok(quit && quit.kind === 'action' && /keeps running/.test(quit.label));
});

test('a GPU lost before any reading shows its bus id and turns the icon red', () => {
  const m = buildTrayMenu(snap({ state: 'running' }), null, {
    error: 'GPU 02:00.0 is lost',
    gpus: [
      {
        index: 0,
        name: 'unknown (lost)',
        busId: '0000:02:00.0',
        temperatureC: null,
        fanPercent: null,
        powerW: null,
        powerLimitW: null,
        utilizationPercent: null,
        memoryUsedMiB: null,
        memoryTotalMiB: null,
        thresholds: { slowdownC: null, shutdownC: null, targetC: null },
        throttle: { hwThermal: null, swThermal: null },
        health: 'lost',
        stale: true,
        findings: [{ id: 'gpu-lost:02:00.0', severity: 'critical', message: 'lost' }],
      },
    ],
  });
  assert.equal(m.icon, 'error');
  assert.match(m.tooltip, /GPU 0000:02:00\.0: lost \(reboot\)/);
});

test('load advice shows next to the GPU lines, in the menu and the tooltip', () => {
  const m = buildTrayMenu(snap({ state: 'running' }), null, null, [
    {
      id: 'load:outgrown-card',
      severity: 'warning',
      message: 'more than 5 requests waiting for 10 minutes: you have outgrown a single card',
    },
  ]);
  const labels = m.items.flatMap((i) => (i.kind === 'label' ? [i.label] : []));
  assert.ok(
    labels.includes(
      'Load: more than 5 requests waiting for 10 minutes: you have outgrown a single card',
    ),
  );
  assert.match(m.tooltip, /Load: more than 5 requests waiting/);
});

test('"Copy key for" lists each app whose key is in the vault; the alerts come first, most severe first, with their actions', () => {
  const alert = (id: string, severity: 'info' | 'warning' | 'critical', snoozed = false) => ({
    id,
    severity,
    source: 'keys',
    title: `${id} title`,
    message: `${id} message`,
    since: '2026-12-03T07:00:00Z',
    snoozedUntil: snoozed ? '2026-12-04T07:00:00Z' : null,
    actions: [
      { id: 'snooze-1d', label: 'Snooze 1 day' },
      { id: 'snooze-1w', label: 'Snooze 1 week' },
    ],
    target: null,
  });
  const m = buildTrayMenu(snap({ state: 'running' }), null, null, [], {
    keys: ['discord-bot', 'obsidian'],
    alerts: [
      alert('a', 'info'),
      alert('b', 'critical'),
      alert('c', 'warning', true),
      alert('d', 'warning'),
      alert('e', 'warning'),
      alert('f', 'info'),
    ],
  });
  const subs = m.items.flatMap((i) => (i.kind === 'submenu' ? [i] : []));
  // Snoozed alerts stay out; four shown, the rest counted.
  assert.deepEqual(
    subs.map((s) => s.label),
    ['⛔ b title', '⚠ d title', '⚠ e title', 'ℹ a title', 'Copy key for'],
  );
  assert.ok(m.items.some((i) => i.kind === 'label' && i.label === '… 1 more in the dashboard'));
  const b = subs[0]!.items.flatMap((i) =>
    i.kind === 'action' ? [[i.label, ...(i.args ?? [])]] : [],
  );
  assert.deepEqual(b, [
    ['Snooze 1 day', 'b', 'snooze-1d'],
    ['Snooze 1 week', 'b', 'snooze-1w'],
  ]);
  const copy = subs
    .at(-1)!
    .items.flatMap((i) => (i.kind === 'action' ? [[i.action, i.label, ...(i.args ?? [])]] : []));
  assert.deepEqual(copy, [
    ['key.copy', 'discord-bot', 'discord-bot'],
    ['key.copy', 'obsidian', 'obsidian'],
  ]);
  assert.match(m.tooltip, /\n5 alerts$/);
  // No keys yet: the entry says how to make one instead of an empty submenu.
  const none = buildTrayMenu(snap({ state: 'running' }));
  assert.ok(none.items.some((i) => i.kind === 'label' && /no keys yet/.test(i.label)));
});

test('with two cards the tooltip leads with the hottest one', () => {
  const card = (index: number, temperatureC: number) =>
    gpuCard({ index, temperatureC, busId: `00000000:0${index + 1}:00.0` });
  const m = buildTrayMenu(snap({ state: 'running' }), null, {
    error: null,
    gpus: [card(0, 64), card(1, 79)],
  });
  assert.equal(m.tooltip.split('\n')[1], 'Hottest GPU 1: 79 °C (ok)');
});

test('the models lines: each state, "always awake" without sleep mode, and one switch', () => {
  const lifecycle = lifecycleSnapshot([
    lifecycleView('local-chat', { state: 'asleep', level: 2 }),
    lifecycleView('local-embed', { canSleep: false }),
  ]);
  const m = buildTrayMenu(snap({ state: 'running' }), null, null, [], { lifecycle });
  const labels = m.items.map((i) => ('label' in i ? i.label : '-'));
  assert.ok(labels.includes('local-chat: asleep (level 2) · 1.0 GiB'));
  assert.ok(labels.includes('local-embed: always awake · 1.0 GiB'));
  const free = m.items.find((i) => i.kind === 'action' && i.action === 'gpu.free');
  assert.equal(free?.kind === 'action' && free.enabled, true);
  const freed = buildTrayMenu(snap({ state: 'running' }), null, null, [], {
    lifecycle: { ...lifecycle, freed: true },
  });
  assert.ok(freed.items.some((i) => i.kind === 'action' && i.action === 'gpu.resume'));
  assert.match(freed.tooltip, /GPU freed/);
  assert.ok(
    !buildTrayMenu(snap({ state: 'running' })).items.some(
      (i) => i.kind === 'action' && i.action === 'gpu.free',
    ),
    'no wake service: no switch',
  );
});
