import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  checkGpuAlertLimits,
  defaultGpuAlertLimits,
  resolveGpuAlertLimits,
} from '../../electron/core/gpu-alert-limits';
import { GpuAlertSettings } from '../../electron/app/gpu-alert-settings';
import { SettingsFile } from '../../electron/node/storage/settings-file';
import { waitForAsync } from '../support/wait';

test('a change out of range is refused with its range; whole degrees only; unknown names named', () => {
  assert.deepEqual(checkGpuAlertLimits({ marginC: 8, spinUpC: null, siblingGapC: 30 }), []);
  const [margin, spin, gap, other] = checkGpuAlertLimits({
    marginC: 25,
    spinUpC: 50.5,
    siblingGapC: '12',
    slowdownC: 99,
  });
  assert.match(margin ?? '', /25 is out of range; allowed 2-20 °C/);
  assert.match(
    spin ?? '',
    /50\.5 is out of range; allowed 45-80 °C, whole degrees \(or automatic\)/,
  );
  assert.match(gap ?? '', /"12" is out of range; allowed 5-30 °C/);
  assert.match(
    other ?? '',
    /"slowdownC" is not a GPU alert setting; these are: marginC, spinUpC, siblingGapC/,
  );
});

test('a stored value out of range (a hand edit) is not used: the default is, and it says so', () => {
  const r = resolveGpuAlertLimits({ marginC: 50, siblingGapC: 12 });
  assert.deepEqual(r.limits, { ...defaultGpuAlertLimits, siblingGapC: 12 });
  assert.equal(r.ignored.length, 1);
  assert.match(r.ignored[0] ?? '', /50 is out of range; allowed 2-20 °C.*The default is used\./);
});

const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-limits-'));
  const warnings: string[] = [];
  const file = new SettingsFile(
    dir,
    () => new Date(0),
    (m) => warnings.push(m),
  );
  let now = 0;
  const clock = { now: () => now };
  return { dir, file, clock, tick: (ms: number) => (now += ms), warnings };
};

test('set keeps only what differs from the default; a refused change writes nothing', async () => {
  const { file, clock } = fresh();
  writeFileSync(file.path, JSON.stringify({ version: 1, startAtLogin: true }));
  const s = new GpuAlertSettings(file, clock);
  const r = await s.set({ marginC: 8, siblingGapC: 10 });
  assert.deepEqual(r.limits, { marginC: 8, spinUpC: null, siblingGapC: 10 });
  assert.deepEqual(r.changed, ['marginC']);
  const saved = JSON.parse(readFileSync(file.path, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(saved.gpuAlerts, { marginC: 8 });
  assert.equal(saved.startAtLogin, true, 'the rest of settings.json is kept');
  const before = readFileSync(file.path, 'utf8');
  await assert.rejects(s.set({ marginC: 9, spinUpC: 90 }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'BAD_INPUT');
    assert.match(e.message, /allowed 45-80 °C/);
    return true;
  });
  assert.equal(readFileSync(file.path, 'utf8'), before, 'nothing half-applied');
  const reset = await s.reset();
  assert.deepEqual([reset.limits, reset.changed], [defaultGpuAlertLimits, []]);
  assert.equal(
    (JSON.parse(readFileSync(file.path, 'utf8')) as Record<string, unknown>).gpuAlerts,
    undefined,
  );
});

test('the live monitor sees a change made by another process within the refresh interval', async () => {
  const { file, clock, tick } = fresh();
  const app = new GpuAlertSettings(file, clock, 15_000);
  assert.equal((await app.report()).limits.marginC, 5); // read at t = 0
  await new GpuAlertSettings(file, clock).set({ marginC: 12 }); // `hagw gpu limits --margin 12`
  tick(14_999);
  assert.equal(app.current().marginC, 5, 'no re-read before 15 s');
  tick(1);
  await waitForAsync(
    () => Promise.resolve(app.current().marginC === 12),
    'the re-read of settings.json',
    10_000,
    20,
  );
});
