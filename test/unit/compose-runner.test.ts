import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GatewayError } from '../../electron/core/gateway-error';
import type { ProcessResult, ProcessRunner, RunOptions } from '../../electron/core/ports';
import {
  cleanComposeError,
  composeArgs,
  ComposeRunner,
  findCompose,
} from '../../electron/node/compose/compose-runner';

class RecordingRunner implements ProcessRunner {
  calls: { file: string; args: readonly string[] }[] = [];
  constructor(private readonly answer: (file: string, args: readonly string[]) => ProcessResult) {}
  run(file: string, args: readonly string[], _o?: RunOptions): Promise<ProcessResult> {
    this.calls.push({ file, args });
    return Promise.resolve(this.answer(file, args));
  }
}
const ok = (stdout = ''): ProcessResult => ({ code: 0, stdout, stderr: '', timedOut: false });
const no: ProcessResult = {
  code: 1,
  stdout: '',
  stderr: "docker: 'compose' is not a docker command.",
  timedOut: false,
};

const binDir = (names: string[]) => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-bin-'));
  mkdirSync(d, { recursive: true });
  for (const n of names) {
    writeFileSync(join(d, n), '#!/bin/sh\n');
    chmodSync(join(d, n), 0o755);
  }
  return d;
};

test('prefers docker compose v2 when the plugin answers', async () => {
  const d = binDir(['docker', 'docker-compose']);
  const r = new RecordingRunner((f) => (f.endsWith('/docker') ? ok('2.29.7') : ok('1.29.2')));
  assert.deepEqual(await findCompose(r, [d]), {
    version: 'v2',
    file: join(d, 'docker'),
    prefix: ['compose'],
  });
});

test('falls back to docker-compose v1 when docker has no compose plugin', async () => {
  const d = binDir(['docker', 'docker-compose']);
  const r = new RecordingRunner((f) => (f.endsWith('/docker') ? no : ok('1.29.2')));
  assert.deepEqual(await findCompose(r, [d]), {
    version: 'v1',
    file: join(d, 'docker-compose'),
    prefix: [],
  });
});

test('a standalone docker-compose that is v2 is run as v2', async () => {
  const d = binDir(['docker-compose']);
  const r = new RecordingRunner(() => ok('v2.29.7'));
  assert.equal((await findCompose(r, [d])).version, 'v2');
});

test('neither found: one message naming every place it looked and how to install', async () => {
  const empty = binDir([]);
  const r = new RecordingRunner(() => no);
  await assert.rejects(
    findCompose(r, [empty, '/nonexistent']),
    (e: GatewayError) =>
      e.code === 'COMPOSE_NOT_FOUND' &&
      e.message.includes(empty) &&
      e.message.includes('/nonexistent') &&
      /apt install docker-compose/.test(e.message),
  );
});

test('argv: project, every file, the env file, then the subcommand; never a shell string', async () => {
  const t = { project: 'hagw', files: ['/a.yml', '/b.yml'], envFile: '/data/.env', env: {} };
  assert.deepEqual(
    composeArgs({ version: 'v1', file: 'docker-compose', prefix: [] }, t, ['up', '-d']),
    ['-p', 'hagw', '-f', '/a.yml', '-f', '/b.yml', '--env-file', '/data/.env', 'up', '-d'],
  );
  const r = new RecordingRunner(() => ok());
  const runner = new ComposeRunner(
    r,
    () => Promise.resolve({ ...t, envFile: null }),
    () => Promise.resolve({ version: 'v2', file: '/usr/bin/docker', prefix: ['compose'] }),
  );
  await runner.restart('vllm');
  assert.deepEqual(r.calls[0], {
    file: '/usr/bin/docker',
    args: ['compose', '-p', 'hagw', '-f', '/a.yml', '-f', '/b.yml', 'restart', 'vllm'],
  });
});

test('compose v1 crash output is reduced to the error that matters', () => {
  const v1 =
    'Creating hagw_postgres_1 ... \nTraceback (most recent call last):\n  File "x", line 1\nTypeError: boom\nERROR: for vllm  Cannot start service vllm: could not select device driver "nvidia"\n';
  assert.match(cleanComposeError(v1), /could not select device driver/);
  assert.equal(
    cleanComposeError('Missing mandatory value for "environment" option'),
    'Missing mandatory value for "environment" option',
  );
});
