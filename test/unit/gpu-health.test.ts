import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluateGpuHealth,
  initialGpuHealth,
  type GpuHealthState,
} from '../../electron/core/gpu-health';
import { parseReading } from '../../electron/core/gpu-reading';
import type { GpuThresholds } from '../../electron/core/gpu-thresholds';
import type { GpuSample } from '../../electron/core/nvsmi-line';

const th: GpuThresholds = {
  slowdownC: 95,
  shutdownC: 98,
  targetC: 83,
  maxOperatingC: 93,
  source: 'card',
};
const thresholds = new Map([
  ['09:00.0', th],
  ['0A:00.0', th],
]);

const sample = (
  at: number,
  v: {
    temp: number;
    fan: number | string;
    power: number;
    hw?: boolean;
    sw?: boolean;
    index?: number;
    util?: number;
  },
): GpuSample => ({
  at,
  timestamp: '',
  index: v.index ?? 0,
  busId: v.index === 1 ? '00000000:0A:00.0' : '00000000:09:00.0',
  name: 'NVIDIA GeForce RTX 3090',
  temperatureC: parseReading(String(v.temp)),
  fanPercent: parseReading(String(v.fan)),
  powerW: parseReading(String(v.power)),
  powerLimitW: parseReading('350'),
  utilizationPercent: parseReading(String(v.util ?? 90)),
  memoryUsedMiB: parseReading('20000'),
  memoryTotalMiB: parseReading('24576'),
  hwThermal: v.hw ?? false,
  swThermal: v.sw ?? false,
});

/** Feeds one sample per GPU every `stepS` seconds for `seconds`; returns the findings at each step. */
const run = (
  seconds: number,
  stepS: number,
  at: (t: number) => Parameters<typeof sample>[1][],
  start: GpuHealthState = initialGpuHealth(),
  t0 = 0,
) => {
  let state = start;
  const steps: { t: number; ids: string[] }[] = [];
  for (let t = 0; t <= seconds; t += stepS) {
    const now = t0 + t * 1000;
    const r = evaluateGpuHealth(state, {
      samples: at(t).map((v) => sample(now, v)),
      lost: [],
      thresholds,
      now,
    });
    state = r.state;
    steps.push({ t, ids: r.findings.map((f) => f.id) });
  }
  return { state, steps, last: steps.at(-1)?.ids ?? [] };
};

describe('GPU health rules', () => {
  test('zero-RPM idle at 32-47 °C for ten minutes never alerts', () => {
    const r = run(600, 5, (t) => [{ temp: 32 + (t % 16), fan: 0, power: 25 }]);
    assert.ok(r.steps.every((s) => s.ids.length === 0));
  });

  test('healthy load: 250 W of 350, fan 62 %, steady 68 °C: nothing', () => {
    assert.deepEqual(run(600, 5, () => [{ temp: 68, fan: 62, power: 250 }]).last, []);
  });

  test('a fan that never spins up: 0 % at 70 °C alerts after 60 s, not before', () => {
    const r = run(90, 5, () => [{ temp: 70, fan: 0, power: 200 }]);
    assert.deepEqual(r.steps.find((s) => s.t === 55)?.ids, []);
    assert.deepEqual(r.steps.find((s) => s.t === 60)?.ids, ['fan-not-spinning:09:00.0']);
  });

  test('one hot sample pages nobody', () => {
    const r = run(120, 5, (t) => [{ temp: t === 30 ? 75 : 50, fan: 0, power: 100 }]);
    assert.ok(r.steps.every((s) => s.ids.length === 0));
  });

  test('a seized fan: steady 300 W, fan target 85 %, temperature climbing 1 °C/min -> fan-not-cooling', () => {
    const r = run(300, 5, (t) => [{ temp: 70 + t / 60, fan: 85, power: 300 }]);
    assert.deepEqual(r.steps.find((s) => s.t === 170)?.ids, [], 'not before 3 minutes of load');
    assert.deepEqual(r.last, ['fan-not-cooling:09:00.0']);
  });

  test('near slowdown with hysteresis: raise at 90 (95 - 5), hold at 87, clear below 85', () => {
    const seq = [91, 87, 86, 84];
    let state = initialGpuHealth();
    const ids = seq.map((temp, i) => {
      const r = evaluateGpuHealth(state, {
        samples: [sample(i * 1000, { temp, fan: 90, power: 300 })],
        lost: [],
        thresholds,
        now: i * 1000,
      });
      state = r.state;
      return r.findings.map((f) => f.id);
    });
    assert.deepEqual(ids, [
      ['near-slowdown:09:00.0'],
      ['near-slowdown:09:00.0'],
      ['near-slowdown:09:00.0'],
      [],
    ]);
  });

  test('hardware thermal slowdown is critical at once and clears when it ends', () => {
    const hot = run(0, 1, () => [{ temp: 80, fan: 90, power: 300, hw: true }]);
    assert.deepEqual(hot.last, ['hw-thermal-slowdown:09:00.0']);
    const after = run(0, 1, () => [{ temp: 80, fan: 90, power: 300, hw: false }], hot.state, 1000);
    assert.deepEqual(after.last, []);
  });

  test('a fan reading that turns into ERR! after numbers is critical; a card that never reports a fan is not', () => {
    const numbers = run(10, 5, () => [{ temp: 60, fan: 40, power: 150 }]);
    const broken = run(0, 1, () => [{ temp: 60, fan: 'ERR!', power: 150 }], numbers.state, 20_000);
    assert.deepEqual(broken.last, ['fan-unreadable:09:00.0']);
    assert.deepEqual(run(60, 5, () => [{ temp: 60, fan: '[N/A]', power: 150 }]).last, []);
  });

  test('a fan unreadable from the very first reading: a warning while the card is loaded, none at idle', () => {
    const loaded = run(0, 1, () => [{ temp: 70, fan: '[Unknown Error]', power: 220, util: 100 }]);
    assert.deepEqual(loaded.last, ['fan-unknown-under-load:09:00.0']);
    const r = evaluateGpuHealth(loaded.state, {
      samples: [sample(1000, { temp: 70, fan: '[Unknown Error]', power: 220, util: 100 })],
      lost: [],
      thresholds,
      now: 1000,
    });
    assert.equal(r.findings[0]?.severity, 'warning');
    assert.match(
      r.findings[0]?.message ?? '',
      /draws 220 W at 100 % while its fan reads "\[Unknown Error\]"/,
    );
    const idle = run(60, 5, () => [{ temp: 40, fan: '[Unknown Error]', power: 30, util: 0 }]);
    assert.deepEqual(idle.last, []);
    // Load ends: the warning clears.
    const after = run(
      0,
      1,
      () => [{ temp: 45, fan: '[Unknown Error]', power: 30, util: 0 }],
      loaded.state,
      5000,
    );
    assert.deepEqual(after.last, []);
  });

  test('a lost GPU and a dropped count are critical; the finding stays until the card is back', () => {
    const two = run(0, 1, () => [
      { temp: 40, fan: 30, power: 50 },
      { temp: 40, fan: 30, power: 50, index: 1 },
    ]);
    const r = evaluateGpuHealth(two.state, {
      samples: [sample(5000, { temp: 40, fan: 30, power: 50 })],
      lost: ['0000:0A:00.0'],
      thresholds,
      now: 5000,
    });
    assert.deepEqual(r.findings.map((f) => [f.id, f.severity]).sort(), [
      ['gpu-count-dropped', 'critical'],
      ['gpu-lost:0A:00.0', 'critical'],
    ]);
    const later = evaluateGpuHealth(r.state, {
      samples: [sample(9000, { temp: 40, fan: 30, power: 50 })],
      lost: [],
      thresholds,
      now: 9000,
    });
    assert.ok(later.findings.some((f) => f.id === 'gpu-lost:0A:00.0'));
  });

  test('dual cards: same model, similar power, one 12 °C hotter for 2 minutes -> mismatch on the hot one only', () => {
    const r = run(150, 5, () => [
      { temp: 78, fan: 70, power: 300 },
      { temp: 66, fan: 65, power: 290, index: 1 },
    ]);
    assert.deepEqual(r.steps.find((s) => s.t === 100)?.ids, []);
    assert.deepEqual(r.last, ['sibling-mismatch:09:00.0']);
    assert.deepEqual(
      run(150, 5, () => [
        { temp: 78, fan: 70, power: 300 },
        { temp: 66, fan: 65, power: 150, index: 1 },
      ]).last,
      [],
      'different power: no comparison',
    );
  });

  test("the operator's thresholds: warn 10 °C before slowdown (85 on a 95 °C card), clear below 80", () => {
    const limits = { marginC: 10, spinUpC: null, siblingGapC: 10 };
    let state = initialGpuHealth();
    const ids = [84, 86, 81, 79].map((temp, i) => {
      const r = evaluateGpuHealth(state, {
        samples: [sample(i * 1000, { temp, fan: 90, power: 300 })],
        lost: [],
        thresholds,
        limits,
        now: i * 1000,
      });
      state = r.state;
      return r.findings.map((f) => f.message);
    });
    assert.deepEqual(ids[0], []);
    assert.match(ids[1]?.[0] ?? '', /at 86 °C, within 10 °C of its slowdown temperature \(95 °C\)/);
    assert.equal(ids[2]?.length, 1, 'held between 80 and 85');
    assert.deepEqual(ids[3], []);
  });

  test('a spin-up temperature of 48 °C: a fan at 0 % at 50 °C alerts (the automatic 55-65 °C would not)', () => {
    const idle = () => [{ temp: 50, fan: 0, power: 40 }];
    assert.deepEqual(run(90, 5, idle).last, []);
    let state = initialGpuHealth();
    let last: string[] = [];
    for (let t = 0; t <= 90; t += 5) {
      const r = evaluateGpuHealth(state, {
        samples: [sample(t * 1000, { temp: 50, fan: 0, power: 40 })],
        lost: [],
        thresholds,
        limits: { marginC: 5, spinUpC: 48, siblingGapC: 10 },
        now: t * 1000,
      });
      state = r.state;
      last = r.findings.map((f) => f.id);
    }
    assert.deepEqual(last, ['fan-not-spinning:09:00.0']);
  });

  test('twins 12 °C apart: a mismatch at the default gap of 10, none with a gap of 15', () => {
    const twins = (gap: number) => {
      let state = initialGpuHealth();
      let last: string[] = [];
      for (let t = 0; t <= 150; t += 5) {
        const r = evaluateGpuHealth(state, {
          samples: [
            sample(t * 1000, { temp: 78, fan: 70, power: 300 }),
            sample(t * 1000, { temp: 66, fan: 65, power: 290, index: 1 }),
          ],
          lost: [],
          thresholds,
          limits: { marginC: 5, spinUpC: null, siblingGapC: gap },
          now: t * 1000,
        });
        state = r.state;
        last = r.findings.map((f) => f.id);
      }
      return last;
    };
    assert.deepEqual(twins(10), ['sibling-mismatch:09:00.0']);
    assert.deepEqual(twins(15), []);
  });
});
