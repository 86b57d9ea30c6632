// `hagw batch serve` and its Redis, for real (Debian's redis-server on loopback): started before
// Redis, it waits and serves once Redis answers; a Redis that never comes is one line and exit 1;
// an outage is one line, and its end another, not one per retry.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { batchServeArgs, type Child, startChild, startRedis } from '../support/batch-world';
import { repoRoot } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { waitForAsync } from '../support/wait';

const dir = mkdtempSync(join(tmpdir(), 'hagw-batch-redis-'));
const children: Child[] = [];
after(async () => {
  for (const c of children) await c.stop().catch(() => undefined);
});

const env = (redisPort: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  HAGW_DATA_DIR: join(dir, 'data'),
  HAGW_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  // No LiteLLM is needed to start: a loopback port nothing serves.
  HAGW_LITELLM_URL: 'http://127.0.0.1:9',
  HAGW_BATCH_SECRET: 'test-batch-secret-0123456789',
  HAGW_BATCH_YIELD_TO: 'none',
  ...extra,
});

test('started before Redis: it waits, says so once, and serves once Redis answers; an outage is one line each way', async () => {
  const [redisPort, port] = [await freePort(), await freePort()];
  const service = await startChild(
    process.execPath,
    batchServeArgs(port),
    env(redisPort, { HAGW_BATCH_REDIS_WAIT_S: '60' }),
    /waiting up to 60 s/,
    'hagw batch serve',
  );
  children.push(service);
  assert.match(service.output(), /Redis at redis:\/\/127\.0\.0\.1:\d+ does not answer/);
  const redis = await startRedis(dir, redisPort);
  children.push(redis);
  await waitForAsync(
    () => Promise.resolve(/serving \/v1\/files/.test(service.output())),
    'the service to serve',
    30_000,
  );
  assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
  assert.equal(service.output().match(/does not answer/g)?.length, 1, 'said once, not per retry');
  // An outage: one line when it goes, one when it is back.
  await redis.stop();
  await waitForAsync(
    () => Promise.resolve(/lost Redis/.test(service.output())),
    'the outage line',
    30_000,
  );
  const back = await startRedis(dir, redisPort);
  children.push(back);
  await waitForAsync(
    () => Promise.resolve(/Redis at .* is back/.test(service.output())),
    'the recovery line',
    30_000,
  );
  assert.equal(service.output().match(/lost Redis/g)?.length, 1, service.output());
  assert.doesNotMatch(service.output(), /queue error: connect ECONNREFUSED/);
});

test('a Redis that never answers: one line naming it and what to do, exit 1, no hang', async () => {
  const [redisPort, port] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, batchServeArgs(port), {
    env: env(redisPort, { HAGW_BATCH_REDIS_WAIT_S: '1' }),
    cwd: repoRoot,
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  assert.equal(code, 1);
  assert.match(
    err,
    /hagw: Redis at redis:\/\/127\.0\.0\.1:\d+ did not answer within 1 s: start it/,
  );
});
