import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/fixtures';

/** key=value lines per [section] of a systemd unit. */
const parseUnit = (text: string): Record<string, Record<string, string[]>> => {
  const out: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s?.[1]) {
      section = s[1];
      out[section] = {};
      continue;
    }
    const eq = line.indexOf('=');
    assert.ok(eq > 0 && section, `not a unit line: ${line}`);
    const sec = out[section] ?? {};
    (sec[line.slice(0, eq)] ??= []).push(line.slice(eq + 1));
  }
  return out;
};

test('the systemd user unit runs `hagw monitor` from the checkout and stops it with SIGTERM', () => {
  const unit = parseUnit(
    readFileSync(join(repoRoot, 'resources', 'systemd', 'hagw-monitor.service'), 'utf8'),
  );
  const svc = unit.Service ?? {};
  assert.deepEqual(svc.ExecStart, [
    '/usr/bin/env node --no-memory-reducer --max-semi-space-size=1 ${HAGW_CHECKOUT}/bin/hagw.mjs monitor',
  ]);
  assert.deepEqual(svc.Environment, ['HAGW_CHECKOUT=%h/homelab-ai-gateway']);
  assert.deepEqual([svc.KillSignal, svc.Restart], [['SIGTERM'], ['on-failure']]);
  assert.ok(Number(svc.TimeoutStopSec?.[0]) >= 5, 'the monitor gets its 5 s to exit');
  assert.deepEqual(unit.Install?.WantedBy, ['default.target'], 'a user unit, not multi-user');
});
