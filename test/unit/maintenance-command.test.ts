import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MaintenanceReport } from '../../electron/shared/settings';
import { cli } from '../support/cli-harness';
import { FakeTime } from '../support/fake-timers';

// Noon on 2026-12-01 local time: the CLI's clock, so no assertion depends on the wall clock.
const clock = new FakeTime(new Date(2026, 11, 1, 12, 0, 0).getTime());

const env = (d: string) => ({ HAGW_DATA_DIR: d, DOCKER_HOST: `unix://${join(d, 'none.sock')}` });

test('first status counts today as cleaned without writing; cleaned --date moves it; 0600', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  const first = MaintenanceReport.parse(
    JSON.parse((await cli(['maintenance', 'status', '--json'], env(d), { clock })).stdout),
  );
  assert.equal(first.lastCleaned, '2026-12-01');
  assert.equal(first.recorded, false, 'nothing recorded yet: not "cleaned today"');
  assert.equal(first.due, false);
  assert.equal(existsSync(join(d, 'settings.json')), false, 'a read never writes');
  const text = (await cli(['maintenance', 'status'], env(d), { clock })).stdout;
  assert.match(
    text,
    /^No cleaning recorded yet \(counting from today, 2026-12-01; "hagw maintenance cleaned --date YYYY-MM-DD" records the last one\)/,
  );
  assert.doesNotMatch(text, /Last cleaned/);
  const r = MaintenanceReport.parse(
    JSON.parse(
      (await cli(['maintenance', 'cleaned', '--date', '2026-06-01', '--json'], env(d), { clock }))
        .stdout,
    ),
  );
  assert.deepEqual(
    [r.lastCleaned, r.recorded, r.nextDue, r.due],
    ['2026-06-01', true, '2026-08-30', true],
  );
  assert.equal(statSync(join(d, 'settings.json')).mode & 0o777, 0o600);
  const snoozed = MaintenanceReport.parse(
    JSON.parse((await cli(['maintenance', 'snooze', '1w', '--json'], env(d))).stdout),
  );
  assert.ok(snoozed.snoozedUntil);
  // The CLI's snooze is recorded where the dashboard's is: alerts.json, not only settings.json.
  const alerts = JSON.parse(readFileSync(join(d, 'alerts.json'), 'utf8')) as {
    snoozes: Record<string, number>;
  };
  assert.ok((alerts.snoozes['maintenance:cleaning-due'] ?? 0) > Date.now() + 6 * 86_400_000);
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
  const feb30 = await cli(['maintenance', 'cleaned', '--date', '2026-02-30'], env(d));
  assert.equal(feb30.code, 2);
  assert.match(feb30.stderr, /"2026-02-30" is not a date/);
  assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), before);
});

test('a corrupt settings.json is moved aside, not overwritten or crashed on', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  writeFileSync(join(d, 'settings.json'), '{ this is not json');
  const r = await cli(['maintenance', 'status', '--json'], env(d));
  assert.equal(r.code, 0, r.stderr);
  const aside = readdirSync(d).find((f) => f.startsWith('settings.json.bad-'));
  assert.match(r.stderr, /settings\.json is not a valid settings file \(not JSON\); moved it to/);
  assert.ok(aside);
  assert.equal(readFileSync(join(d, aside), 'utf8'), '{ this is not json');
});

test('"today" is the local date: just after local midnight it is already the new day', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  // East of UTC, so the local and the UTC date differ (Node re-reads TZ when it is assigned).
  const tz = process.env.TZ;
  process.env.TZ = 'Asia/Tokyo';
  const early = new FakeTime(new Date(2026, 11, 2, 0, 5, 0).getTime());
  const r = await cli(['maintenance', 'cleaned', '--json'], env(d), { clock: early });
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(MaintenanceReport.parse(JSON.parse(r.stdout)).lastCleaned, '2026-12-02');
});

test('state files of the wrong shape are moved aside with one warning line, never a TypeError', async () => {
  for (const [file, cmd] of [
    ['settings.json', ['maintenance', 'status', '--json']],
    ['alerts.json', ['alerts', '--json']],
    ['certs.json', ['certs', '--json']],
  ] as const) {
    const d = mkdtempSync(join(tmpdir(), 'hagw-state-'));
    writeFileSync(join(d, file), 'null');
    const r = await cli([...cmd], { ...env(d), HAGW_NVIDIA_SMI: join(d, 'none') });
    assert.doesNotMatch(r.stderr, /TypeError|Cannot read properties/, `${file}: ${r.stderr}`);
    assert.match(
      r.stderr,
      new RegExp(`${file.replace('.', '\\.')} is not a valid .*moved it to`),
      file,
    );
    const aside = readdirSync(d).find((f) => f.startsWith(`${file}.bad-`));
    assert.ok(aside, `${file} moved aside`);
    assert.equal(readFileSync(join(d, aside), 'utf8'), 'null');
  }
});

test('a settings file from a newer version is refused, not downgraded', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  const newer =
    '{"version": 99, "maintenance": {"lastCleaned": "2026-01-01", "snoozedUntil": null}}';
  writeFileSync(join(d, 'settings.json'), newer);
  const r = await cli(['maintenance', 'cleaned', '--date', '2026-02-01'], env(d), { clock });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /written by a newer hagw \(settings version 99/);
  assert.equal(readFileSync(join(d, 'settings.json'), 'utf8'), newer);
});

test('settings.json that is a folder: one line naming the file and what to do, exit 1, the folder kept', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  mkdirSync(join(d, 'settings.json'));
  const r = await cli(['maintenance', 'status'], env(d), { clock });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr.trim(),
    `hagw: ${join(d, 'settings.json')} is a folder, not a settings file; move it aside (it is left as it is) and run again.`,
  );
  assert.ok(statSync(join(d, 'settings.json')).isDirectory());
});

test('a data directory left 0777 is tightened to 0700 by any command that writes into it', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-maint-'));
  chmodSync(d, 0o777);
  const r = await cli(['maintenance', 'cleaned', '--date', '2026-11-01'], env(d), { clock });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(statSync(d).mode & 0o777, 0o700);
});
