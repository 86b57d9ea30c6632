// `hagw monitor --once` for cron and scripts: everything evaluated once, exit 1 when something is
// critical; and the monitor's bad usage.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GpuAlertLimitsReport } from '../../electron/shared/settings';
import { cli } from '../support/cli-harness';
import { repoRoot } from '../support/fixtures';

const envWith = (scenario: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-once-'));
  return {
    HAGW_DATA_DIR: dir,
    HAGW_LITELLM_URL: 'http://127.0.0.1:1',
    HAGW_NVIDIA_SMI: join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi'),
    NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test', 'standins', 'scenarios', scenario),
    DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}`,
    HAGW_COMPOSE_FILE: join(dir, 'none.yml'),
  };
};

test('--once: a lost GPU is critical, printed as a JSON line, exit 1; a healthy card exits 0', async () => {
  const lost = await cli(['monitor', '--once', '--json'], envWith('gpu-lost-at-start.json'));
  assert.equal(lost.code, 1, lost.stderr);
  const lines = lost.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; severity: string; state: string });
  const gpu = lines.find((l) => l.id.startsWith('gpu:gpu-lost:'));
  assert.deepEqual([gpu?.severity, gpu?.state], ['critical', 'firing']);

  const healthy = await cli(['monitor', '--once'], envWith('healthy-load.json'));
  assert.equal(healthy.code, 0, healthy.stdout + healthy.stderr);
  assert.doesNotMatch(healthy.stdout, /^critical/m);
});

test('bad usage: a stray argument or a bad HAGW_ALERT_TICK_MS is one line, exit 2', async () => {
  const env = envWith('healthy-load.json');
  const stray = await cli(['monitor', 'now'], env);
  assert.deepEqual(
    [stray.code, stray.stderr.trim()],
    [2, 'hagw: hagw monitor takes no "now" there; see "hagw help monitor"'],
  );
  const tick = await cli(['monitor'], { ...env, HAGW_ALERT_TICK_MS: '5' });
  assert.equal(tick.code, 2);
  assert.match(
    tick.stderr,
    /HAGW_ALERT_TICK_MS must be whole milliseconds from 100 to 600000; got "5"/,
  );
});

test('hagw gpu limits: a card at 87 °C is fine by default; with a margin of 10 the headless monitor calls it critical', async () => {
  const env = envWith('warm-load.json');
  const before = await cli(['monitor', '--once'], env);
  assert.equal(before.code, 0, before.stdout + before.stderr);

  const refused = await cli(['gpu', 'limits', '--margin', '25', '--sibling-gap', '12'], env);
  assert.equal(refused.code, 2);
  assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  assert.match(
    refused.stderr,
    /^hagw: Warn this many °C below the slowdown temperature: 25 is out of range; allowed 2-20 °C/,
  );
  const unchanged = await cli(['gpu', 'limits', '--json'], env);
  assert.deepEqual(
    GpuAlertLimitsReport.parse(JSON.parse(unchanged.stdout)).changed,
    [],
    'the refused change wrote nothing',
  );

  const set = await cli(['gpu', 'limits', '--margin', '10'], env);
  assert.equal(set.code, 0, set.stderr);
  assert.match(
    set.stdout,
    /below the slowdown temperature: 10 °C \(default 5 °C\); allowed 2-20 °C/,
  );

  const after = await cli(['monitor', '--once'], env);
  assert.equal(after.code, 1, after.stdout + after.stderr);
  assert.match(
    after.stdout,
    /critical.*at 87 °C, within 10 °C of its slowdown temperature \(95 °C\)/,
  );

  const reset = await cli(['gpu', 'limits', '--reset', '--json'], env);
  assert.deepEqual(GpuAlertLimitsReport.parse(JSON.parse(reset.stdout)).limits, {
    marginC: 5,
    spinUpC: null,
    siblingGapC: 10,
  });
  assert.equal((await cli(['monitor', '--once'], env)).code, 0);
});
