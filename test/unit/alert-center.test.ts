import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Observation } from '../../electron/core/alert-engine';
import { AlertCenter } from '../../electron/app/alert-center';

const dust: Observation = {
  id: 'maintenance:cleaning-due',
  severity: 'warning',
  source: 'maintenance',
  title: 'Quarterly dust cleaning is due',
  message: 'Last cleaned 2026-01-01.',
};

test('a snooze from another face (hagw ui) survives the sender’s next tick, and silences it', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'hagw-ac-')), 'alerts.json');
  let now = Date.UTC(2026, 11, 1);
  const sender = new AlertCenter(file, () => now);
  const dashboard = new AlertCenter(file, () => now);
  assert.equal((await sender.tick([dust])).notify.length, 1);
  await dashboard.snooze(dust.id, 7 * 86_400_000);
  now += 25 * 3_600_000; // past the warning's 24 h repeat
  const r = await sender.tick([dust]);
  assert.deepEqual(r.notify, [], 'the snooze written by the other process holds');
  assert.ok(r.active[0]?.snoozedUntil, 'and is still recorded after the sender wrote');
});
