import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MaintenanceReport } from '../../electron/shared/settings';
import { cli } from '../support/cli-harness';

const env = (d: string) => ({ HAGW_DATA_DIR: d, DOCKER_HOST: `unix://${join(d, 'none.sock')}` });

test('first status counts today as cleaned; cleaned --date moves it; settings.json is 0600', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  const first = MaintenanceReport.parse(
    JSON.parse((await cli(['maintenance', 'status', '--json'], env(d))).stdout),
  );
  assert.equal(first.lastCleaned, new Date().toISOString().slice(0, 10));
  assert.equal(first.due, false);
  const r = MaintenanceReport.parse(
    JSON.parse(
      (await cli(['maintenance', 'cleaned', '--date', '2026-06-01', '--json'], env(d))).stdout,
    ),
  );
  assert.deepEqual([r.lastCleaned, r.nextDue], ['2026-06-01', '2026-08-30']);
  assert.equal(r.due, new Date().toISOString().slice(0, 10) >= '2026-08-30');
  assert.equal(statSync(join(d, 'settings.json')).mode & 0o777, 0o600);
  const snoozed = MaintenanceReport.parse(
    JSON.parse((await cli(['maintenance', 'snooze', '1w', '--json'], env(d))).stdout),
  );
  assert.ok(snoozed.snoozedUntil);
});

test('a bad date or snooze is one line that says what to write, and nothing changes', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  await cli(['maintenance', 'cleaned', '--date', '2026-05-05'], env(d));
  const before = readFileSync(join(d, 'settings.json'), 'utf8');
  const bad = await cli(['maintenance', 'cleaned', '--date', '5/5/26'], env(d));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a date; use YYYY-MM-DD/);
  assert.equal((await cli(['maintenance', 'cleaned', '--date', '2999-01-01'], env(d))).code, 2);
  assert.equal((await cli(['maintenance', 'snooze', 'forever'], env(d))).code, 2);
  assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), before);
});

test('a corrupt settings.json is moved aside, not overwritten or crashed on', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  writeFileSync(join(d, 'settings.json'), '{ this is not json');
  const r = await cli(['maintenance', 'status', '--json'], env(d));
  assert.equal(r.code, 0, r.stderr);
  const aside = readdirSync(d).find((f) => f.startsWith('settings.json.corrupt-'));
  assert.ok(aside);
  assert.equal(readFileSync(join(d, aside), 'utf8'), '{ this is not json');
});
