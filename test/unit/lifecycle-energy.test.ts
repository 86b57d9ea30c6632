import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GpuMinuteFolder, type GpuMinute } from '../../electron/core/gpu-minutes';
import { lifeClassOf, lifecycleEnergy } from '../../electron/core/lifecycle-energy';

const minute = (
  m: number,
  life: GpuMinute['life'],
  powerMeanW: number,
  memoryMeanMiB = 0,
): GpuMinute => ({
  minute: m,
  busId: '00:01.0',
  index: 0,
  tempMaxC: 40,
  fanMeanPercent: 30,
  powerMeanW,
  memoryMeanMiB,
  life,
});

test('power and memory by lifecycle state, and the watt-hours sleeping saved against all awake', () => {
  const rows = [
    ...Array.from({ length: 60 }, (_, i) => minute(i, 'awake', 130, 20_000)),
    ...Array.from({ length: 120 }, (_, i) => minute(100 + i, 'asleep', 35, 960)),
    ...Array.from({ length: 60 }, (_, i) => minute(300 + i, 'some-asleep', 85, 11_000)),
    // Before the lifecycle (no tag): left out.
    minute(500, undefined, 300),
  ];
  const e = lifecycleEnergy(rows);
  assert.deepEqual(
    e.byState.map((s) => [s.state, s.minutes, s.meanPowerW, s.meanMemoryMiB]),
    [
      ['awake', 60, 130, 20_000],
      ['some-asleep', 60, 85, 11_000],
      ['asleep', 120, 35, 960],
    ],
  );
  // 2 h at 95 W less, 1 h at 45 W less: 190 + 45 Wh.
  assert.equal(e.savedWh, 235);
});

test('two cards in a minute are added up; nothing to compare with is null, not 0', () => {
  const two = [minute(1, 'awake', 100), { ...minute(1, 'awake', 50), busId: '00:02.0' }];
  assert.equal(lifecycleEnergy(two).byState[0]?.meanPowerW, 150);
  assert.equal(lifecycleEnergy(two).savedWh, null);
  assert.equal(lifecycleEnergy([minute(1, 'asleep', 30)]).savedWh, null);
});

test('the folder tags each closed minute with the lifecycle of its last reading', () => {
  const f = new GpuMinuteFolder();
  const card = {
    busId: '00:01.0',
    index: 0,
    temperatureC: 40,
    fanPercent: 30,
    powerW: 100,
    memoryUsedMiB: 9000,
  };
  assert.equal(f.add(0, card, 'awake'), null);
  f.add(30_000, { ...card, powerW: 40, memoryUsedMiB: 1000 }, 'asleep');
  const closed = f.add(60_000, card, 'asleep');
  assert.deepEqual([closed?.life, closed?.powerMeanW, closed?.memoryMeanMiB], ['asleep', 70, 5000]);
});

test('the class of a snapshot: all awake, some asleep, all asleep, or none', () => {
  const m = (state: string) => ({ state, canSleep: true });
  assert.equal(lifeClassOf([m('awake'), m('waking')]), 'awake');
  assert.equal(lifeClassOf([m('awake'), m('asleep')]), 'some-asleep');
  assert.equal(lifeClassOf([m('asleep'), m('stopped')]), 'asleep');
  assert.equal(lifeClassOf(null), null);
});
