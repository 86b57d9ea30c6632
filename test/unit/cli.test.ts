import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { StatusReport } from '../../electron/shared/status';
import { cli } from '../support/cli-harness';
import { freePort } from '../support/free-port';

const dataDir = mkdtempSync(join(tmpdir(), 'hagw-cli-'));
// A socket path nothing listens on, and a loopback port nothing listens on: no engine, no LiteLLM.
const noDocker: Record<string, string | undefined> = {
  HAGW_DATA_DIR: dataDir,
  DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}`,
};
before(async () => {
  noDocker.HAGW_LITELLM_URL = `http://127.0.0.1:${await freePort()}`;
});

test('status --json with no Docker engine: valid JSON, docker-unavailable, one line on stderr', async () => {
  const r = await cli(['status', '--json'], noDocker);
  assert.equal(r.code, 0);
  const report = StatusReport.parse(JSON.parse(r.stdout));
  assert.equal(report.stack.state, 'docker-unavailable');
  assert.deepEqual(report.stack.services, []);
  assert.equal(report.litellm.reachable, false);
  assert.match(report.litellm.error ?? '', /refused the connection/);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0] ?? '',
    /^hagw: No Docker engine answers at .*no-docker\.sock \(ENOENT\); start Docker/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('status with a missing compose file names the file and the variable to set', async () => {
  const r = await cli(['status', '--json'], {
    ...noDocker,
    DOCKER_HOST: undefined,
    HAGW_COMPOSE_FILE: join(dataDir, 'missing.yml'),
  });
  const report = StatusReport.parse(JSON.parse(r.stdout));
  // With no engine at the default socket either, docker-unavailable is the first problem named.
  assert.ok(['error', 'docker-unavailable'].includes(report.stack.state));
});

test('stack up with no Docker: exit 1, one line naming Docker, and compose is never run', async () => {
  const r = await cli(['stack', 'up', '--json'], noDocker);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /No Docker engine answers/);
  assert.equal(r.stdout, '');
});

test('bad usage: unknown command, unknown flag, bad --timeout all exit 2 with a hint', async () => {
  assert.equal((await cli(['frobnicate'], noDocker)).code, 2);
  const flag = await cli(['status', '--jsn'], noDocker);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /see "hagw help"/);
  const t = await cli(['stack', 'up', '--timeout', 'soon'], noDocker);
  assert.equal(t.code, 2);
  assert.match(t.stderr, /--timeout must be a whole number from 1/);
  const sub = await cli(['stack', 'sideways'], noDocker);
  assert.equal(sub.code, 2);
});

test('help prints the usage with every variable of the CLI contract', async () => {
  const r = await cli(['help'], noDocker);
  assert.equal(r.code, 0);
  for (const v of [
    'HAGW_DATA_DIR',
    'HAGW_COMPOSE_FILE',
    'HAGW_COMPOSE_PROJECT',
    'HAGW_LITELLM_URL',
    'HAGW_LITELLM_MASTER_KEY',
    'HAGW_VLLM_URL',
    'HAGW_NVIDIA_SMI',
    'HAGW_GATEWAY_URL',
    'DOCKER_HOST',
  ]) {
    assert.ok(r.stdout.includes(v), v);
  }
});
