// Every nvidia-smi stand-in scenario, replayed on a fake clock through the same path as the live
// reader: the stand-in's renderer prints the reader's exact query, the reader's parser reads it,
// the health rules judge it. Each scenario must raise exactly what it exists to show.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { addDays } from '../../electron/core/cleaning-reminder';
import {
  addWindow,
  dustSuspected,
  dustTrend,
  emptyDust,
  withBaseline,
} from '../../electron/core/dust-tracker';
import { evaluateGpuHealth, initialGpuHealth } from '../../electron/core/gpu-health';
import { SteadyWindowTracker } from '../../electron/core/steady-window-tracker';
import { parseThresholdsXml } from '../../electron/core/gpu-thresholds';
import { gpuQueryFields, parseNvsmiLine, type GpuSample } from '../../electron/core/nvsmi-line';
import {
  frameAt,
  renderFrame,
  unitsFromHeader,
  type Scenario,
} from '../standins/nvidia-smi/nvsmi-render';
import { fixturePayload, repoRoot } from '../support/fixtures';

const units = unitsFromHeader(
  fixturePayload('nvidia-smi/nvsmi-querygpu-allfields-rtx4080super-idle.csv.txt').split('\n')[0] ??
    '',
);
const args = { fields: [...gpuQueryFields], header: false, units: false, loopMs: 5000, xml: false };

/** Replays `seconds` of a scenario at one frame per `stepS`; returns the findings after each step. */
const replay = (name: string, seconds: number, stepS = 5) => {
  const s = JSON.parse(
    readFileSync(join(repoRoot, 'test', 'standins', 'scenarios', `${name}.json`), 'utf8'),
  ) as Scenario;
  const thresholds = parseThresholdsXml(
    fixturePayload(`nvidia-smi/${s.xml ?? 'nvsmi-qx-rtx3090-v13-fan0-idle.xml.txt'}`),
  );
  let state = initialGpuHealth();
  const seen = new Set<string>();
  let last: string[] = [];
  for (let n = 0; n * stepS <= seconds; n++) {
    const frame = frameAt(s, n);
    if (frame === 'exit' || frame === 'hang') break;
    const now = Date.UTC(2026, 11, 1) + n * stepS * 1000;
    const lines = renderFrame(s, frame, args, new Date(now), units).lines;
    const samples: GpuSample[] = [];
    const lost: string[] = [];
    for (const l of lines) {
      const p = parseNvsmiLine(l, now);
      if (p.kind === 'sample') samples.push(p.sample);
      else if (p.kind === 'lost') lost.push(p.busId);
    }
    const r = evaluateGpuHealth(state, { samples, lost, thresholds, now });
    state = r.state;
    last = r.findings.map((f) => f.id.split(':')[0]!);
    for (const id of last) seen.add(id);
  }
  return { seen: [...seen].sort(), last: [...new Set(last)].sort() };
};

test('healthy load and zero-RPM idle: nothing, ever', () => {
  assert.deepEqual(replay('healthy-load', 900).seen, []);
  assert.deepEqual(replay('zero-rpm-idle', 900).seen, []);
  assert.deepEqual(replay('dual-3090-idle', 900).seen, []);
});

test('fan seized under load (temperature climbs at a constant fan target): fan-not-cooling', () => {
  // One frame per 5 s, +0.5 °C a frame: 6 °C/min, well over 0.5 °C/min; the load lasts > 3 min.
  assert.deepEqual(replay('fan-seized-load', 200).seen, ['fan-not-cooling']);
});

test('a fan that never spins up: fan-not-spinning after a minute', () => {
  assert.deepEqual(replay('fan-never-spins', 55).seen, []);
  assert.deepEqual(replay('fan-never-spins', 120).last, ['fan-not-spinning']);
});

test('lost GPU, error tokens, dual-card mismatch', () => {
  assert.deepEqual(replay('gpu-lost', 30).seen, ['gpu-count-dropped', 'gpu-lost']);
  assert.deepEqual(replay('error-tokens', 30).last, ['fan-unreadable']);
  assert.deepEqual(replay('dual-mismatch', 180).last, ['sibling-mismatch']);
});

test('dust-weeks: six weeks of slowly rising R on a fake clock, through the steady-window tracker', () => {
  const s = JSON.parse(
    readFileSync(join(repoRoot, 'test', 'standins', 'scenarios', 'dust-weeks.json'), 'utf8'),
  ) as Scenario;
  const tracker = new SteadyWindowTracker();
  let dust = emptyDust();
  const cleaned = '2026-09-01';
  const t0 = Date.UTC(2026, 8, 1, 14);
  let firstAlert: number | null = null;
  for (const [day, frame] of s.frames.entries()) {
    // Five and a half minutes of samples every 10 s, at two in the afternoon of that day.
    for (let k = 0; k <= 33; k++) {
      const now = t0 + day * 86_400_000 + k * 10_000;
      for (const line of renderFrame(s, frame, args, new Date(now), units).lines) {
        const p = parseNvsmiLine(line, now);
        const hit = p.kind === 'sample' ? tracker.add(p.sample) : null;
        if (hit) dust = withBaseline(addWindow(dust, hit.busId, hit.window), hit.busId, cleaned);
      }
    }
    if (firstAlert === null && dustSuspected(dustTrend(dust, '09:00.0', addDays(cleaned, day))))
      firstAlert = day;
  }
  assert.ok(firstAlert !== null, 'dust was suspected');
  // +12 % at 0.4 %/day is day 30; the 7-day median lags a few days.
  assert.ok(firstAlert >= 30 && firstAlert <= 38, `day ${firstAlert}`);
});
