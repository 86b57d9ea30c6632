import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { StatusReport } from '../../electron/shared/status';
import { cli } from '../support/cli-harness';
import { repoRoot } from '../support/fixtures';
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
  assert.match(flag.stderr, /see "hagw help status"/);
  const t = await cli(['stack', 'up', '--timeout', 'soon'], noDocker);
  assert.equal(t.code, 2);
  assert.match(t.stderr, /--timeout must be a whole number from 1/);
  const sub = await cli(['stack', 'sideways'], noDocker);
  assert.equal(sub.code, 2);
});

test('help prints the usage with every variable of the CLI contract', async () => {
  const r = await cli(['help'], noDocker);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^hagw — Homelab AI Gateway/);
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

test("--version prints the version; an unknown option is named with the command's help to read", async () => {
  const v = await cli(['--version'], noDocker);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /^hagw \d+\.\d+\.\d+\n$/);
  const u = await cli(['keys', 'list', '--frob'], noDocker);
  assert.equal(u.code, 2);
  assert.equal(u.stderr, 'hagw: unknown option --frob (see "hagw help keys")\n');
  assert.doesNotMatch(u.stderr, /positional argument/);
});

test("hagw help <command> shows that command's usage alone", async () => {
  const r = await cli(['help', 'keys'], noDocker);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /keys list\|create/);
  assert.doesNotMatch(r.stdout, /maintenance|HAGW_DATA_DIR/);
  assert.equal((await cli(['help', 'nope'], noDocker)).code, 2);
});

test('stack up <service> not in the compose file: exit 2 before Docker is asked', async () => {
  const r = await cli(['stack', 'up', 'no-such-service'], noDocker);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /No service "no-such-service" in the compose file; known: .*litellm/);
  const restart = await cli(['stack', 'restart', '--evil'], noDocker);
  assert.equal(restart.code, 2);
});

test('a closed stdout (hagw ... | head -c 100) ends quietly, with no EPIPE stack trace', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'electron', 'cli', 'main.ts'), 'help'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...noDocker } },
  );
  // The reader goes away before the CLI has written a byte.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('refused values never reach the terminal raw: escape sequences shown, one error line', async () => {
  const title = '\u001b]0;pwned\u0007';
  const cases: string[][] = [
    [`frob${title}nicate`],
    ['stack', `side\nways${title}`],
    ['setup', '--dry-run', '--public-name', `evil${title}.example`],
    ['setup', '--dry-run', '--lan-ip', `10.0.0.1\nhagw: all good`],
    ['stack', 'logs', `caddy${title}`],
  ];
  for (const argv of cases) {
    const r = await cli(argv, noDocker);
    assert.notEqual(r.code, 0, argv.join(' '));
    const text = r.stdout + r.stderr;
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, JSON.stringify(text));
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, JSON.stringify(r.stderr));
    if (text.includes('pwned'))
      assert.ok(text.includes('\\x1b]0;pwned\\x07'), JSON.stringify(text));
  }
});

test('hagw batch serve refuses an unknown HAGW_BATCH_YIELD_TO before it starts anything', async () => {
  const r = await cli(['batch', 'serve'], {
    ...noDocker,
    HAGW_BATCH_SECRET: 'x'.repeat(64),
    HAGW_BATCH_YIELD_TO: 'bogus',
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /HAGW_BATCH_YIELD_TO is "none" .* or "vllm" \(the default\); got "bogus"/);
});

test('every command refuses words and options it does not take, exit 2, before it runs', async () => {
  for (const [argv, re] of [
    [['ui', 'foo'], /hagw ui takes no "foo" there/],
    [['status', 'now'], /hagw status takes no "now" there/],
    [['status', '--budget', '5'], /hagw status takes no --budget/],
    [['doctor', '--deep'], /hagw doctor takes no --deep/],
    [['certs', '--yes'], /hagw certs takes no --yes/],
    [['alerts', 'list', 'all'], /hagw alerts takes no "list" there/],
    [['usage', '--models', 'x'], /hagw usage takes no --models/],
    [['keys', 'create', 'a', 'b'], /hagw keys takes no "b" there/],
    [['monitor', '--port', '1'], /hagw monitor takes no --port/],
    [['setup', 'again'], /hagw setup takes no "again" there/],
    [['maintenance', 'status', 'x', 'y'], /hagw maintenance takes no "y" there/],
    [['gpu', '--wait'], /hagw gpu takes no --wait/],
  ] as const) {
    const r = await cli([...argv], noDocker);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('stack pin names a service that is not in the compose file, exit 2', async () => {
  const r = await cli(['stack', 'pin', 'nosuch'], noDocker);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /no service "nosuch" in the compose file; services: .*litellm/);
});
