// `hagw compat` against the stand-ins: the good ones pass, each "broken release" (an
// incompatibility real vLLM and LiteLLM versions have shipped) fails the check that names it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CompatHistory, CompatReport, compatCheckIds } from '../../electron/shared/compat';
import type { VllmBreakage } from '../standins/vllm-standin';
import { cli } from '../support/cli-harness';
import { waitFor } from '../support/fake-timers';
import { repoRoot } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { startStandins, type RunningStandins } from '../support/standins';

const envFor = (s: RunningStandins): Record<string, string> => ({
  HAGW_DATA_DIR: mkdtempSync(join(tmpdir(), 'hagw-compat-')),
  HAGW_LITELLM_URL: s.litellmUrl,
  HAGW_LITELLM_MASTER_KEY: s.masterKey,
  DOCKER_HOST: 'unix:///nonexistent.sock',
});

const compat = async (args: string[], env: Record<string, string>) => {
  const r = await cli(['compat', ...args, '--json'], env);
  return { ...r, report: r.stdout ? CompatReport.parse(JSON.parse(r.stdout)) : null };
};
const failing = (r: CompatReport | null) =>
  (r?.checks ?? []).filter((c) => c.status === 'fail').map((c) => c.id);
const temporaryKeys = (s: RunningStandins) =>
  s.litellm.keys.all().filter((k) => k.key_alias?.startsWith('hagw-compat-'));

describe('the good stand-ins (LiteLLM answering budgets with 429, as newer releases do)', () => {
  let s: RunningStandins;
  let env: Record<string, string>;
  before(async () => {
    s = await startStandins({ STANDIN_BUDGET_STATUS: '429' });
    env = envFor(s);
  });
  after(() => s.close());

  test('every check passes through the gateway; the temporary keys are gone afterwards', async () => {
    const r = await compat([], env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(r.report);
    assert.deepEqual(
      r.report.checks.map((c) => `${c.id}:${c.status}`),
      compatCheckIds.map((id) => `${id}:pass`),
    );
    assert.equal(r.report.target, `${s.litellmUrl}/v1`);
    assert.ok(r.report.ttftMs !== null && r.report.ttftMs >= 0);
    assert.deepEqual(temporaryKeys(s), []);
    const kept = CompatHistory.parse(
      JSON.parse(readFileSync(join(env.HAGW_DATA_DIR ?? '', 'compat.json'), 'utf8')),
    );
    assert.deepEqual(
      kept.results.map((x) => x.service),
      ['gateway'],
    );
  });

  test('the human view names every check and ends with the tally', async () => {
    const r = await cli(['compat'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^stream\s+pass\s+\d+\s+\d+ content chunks, first token after/m);
    assert.match(r.stdout, /14 passed, 0 failed, 0 skipped; first streamed token after \d+ ms/);
  });

  test("a key restricted to local-chat: errors.model takes LiteLLM's 401 that names the model", async () => {
    const made = (await (
      await fetch(`${s.litellmUrl}/key/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.masterKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key_alias: 'restricted', models: ['local-chat'] }),
      })
    ).json()) as { key: string };
    const r = await compat(
      [`${s.litellmUrl}/v1`, '--key', made.key, '--model', 'local-chat'],
      envFor(s),
    );
    const check = r.report?.checks.find((c) => c.id === 'errors.model');
    assert.equal(check?.status, 'pass', check?.detail);
    assert.match(check?.detail ?? '', /^401 AuthenticationError/);
  });
});

describe('LiteLLM releases that break clients', () => {
  test('budget-exceeded as 400 (LiteLLM 1.80, before the pinned 1.84+ line): errors.budget fails, naming both', async () => {
    const s = await startStandins({ STANDIN_BROKEN: 'budget-400' });
    try {
      const r = await compat([], envFor(s));
      assert.equal(r.code, 1);
      assert.deepEqual(failing(r.report), ['errors.budget']);
      assert.match(
        r.report?.checks.find((c) => c.id === 'errors.budget')?.detail ?? '',
        /expected status 429, got 400 \(BadRequestError\)/,
      );
      assert.deepEqual(temporaryKeys(s), []);
    } finally {
      await s.close();
    }
  });

  test('errors that are not OpenAI-shaped: the three error checks fail', async () => {
    const s = await startStandins({ STANDIN_BROKEN: 'error-shape', STANDIN_BUDGET_STATUS: '429' });
    try {
      const r = await compat([], envFor(s));
      assert.equal(r.code, 1);
      assert.deepEqual(failing(r.report), ['errors.model', 'errors.auth', 'errors.budget']);
      assert.match(
        r.report?.checks.find((c) => c.id === 'errors.auth')?.detail ?? '',
        /expected an \{"error": \{\.\.\.\}\} body/,
      );
    } finally {
      await s.close();
    }
  });
});

describe('vLLM releases that break clients (checked straight against vLLM)', () => {
  // vLLM started without --api-key takes any key: errors.auth fails on every vLLM, good or not.
  const direct = async (broken: VllmBreakage[]) => {
    const s = await startStandins({}, { vllm: { broken, tokensPerS: 40 } });
    try {
      return await compat([`${s.vllmUrl}/v1`, '--key', 'sk-anything'], envFor(s));
    } finally {
      await s.close();
    }
  };
  let good: Awaited<ReturnType<typeof direct>>;
  before(async () => {
    good = await direct([]);
  });

  test('the good vLLM fails only errors.auth (no --api-key), and skips what needs LiteLLM', () => {
    assert.deepEqual(failing(good.report), ['errors.auth']);
    assert.deepEqual(
      good.report?.checks.filter((c) => c.status === 'skip').map((c) => c.id),
      ['errors.budget', 'embeddings'],
    );
  });

  for (const [broken, check, detail] of [
    ['no-done', 'stream', /expected a final "data: \[DONE\]"/],
    ['one-write', 'stream', /in one write after \d+ ms \(the answer was buffered\)/],
    ['tool-args-object', 'tools', /expected function\.arguments a JSON string, got \{"city"/],
  ] as const) {
    test(`${broken}: ${check} fails with expected vs got`, async () => {
      const r = await direct([broken]);
      assert.equal(r.code, 1);
      assert.deepEqual(failing(r.report), [...failing(good.report), check].sort(order));
      assert.match(r.report?.checks.find((c) => c.id === check)?.detail ?? '', detail);
    });
  }
});
const order = (a: string, b: string) =>
  compatCheckIds.indexOf(a as (typeof compatCheckIds)[number]) -
  compatCheckIds.indexOf(b as (typeof compatCheckIds)[number]);

describe('a target that is not an OpenAI endpoint: one line, exit 1', () => {
  let http: Server;
  let base = '';
  let closedPort = 0;
  const env = {
    HAGW_DATA_DIR: mkdtempSync(join(tmpdir(), 'hagw-compat-bad-')),
    DOCKER_HOST: 'unix:///nonexistent.sock',
  };
  before(async () => {
    http = createHttp((req, res) => {
      if (req.url?.startsWith('/html/'))
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><head><title>Router login</title></head><body>hi</body></html>');
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `127.0.0.1:${(http.address() as AddressInfo).port}`;
    closedPort = await freePort();
  });
  after(() => http.close());

  for (const [what, url, said] of [
    ['an HTML page', () => `http://${base}/html/v1`, /answered 200 text\/html "Router login"/],
    ['404 everywhere', () => `http://${base}/v1`, /answered 404 text\/plain "404 page not found"/],
    ['TLS to a plain-HTTP port', () => `https://${base}/v1`, /did not answer: .*(EPROTO|SSL|TLS)/i],
    [
      'nothing listening',
      () => `http://127.0.0.1:${closedPort}/v1`,
      /did not answer: ECONNREFUSED/,
    ],
  ] as const) {
    test(what, async () => {
      const r = await cli(['compat', url(), '--key', 'sk-x'], env);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, said);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }

  test('bad usage is exit 2 with the fix', async () => {
    const notV1 = await cli(['compat', 'http://127.0.0.1:1/api', '--key', 'k'], env);
    assert.equal(notV1.code, 2);
    assert.match(notV1.stderr, /ending in \/v1/);
    const noKey = await cli(['compat', 'http://127.0.0.1:1/v1'], env);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /--key K or OPENAI_API_KEY/);
  });
});

describe('interrupted', () => {
  test('SIGINT mid-run: exit 130 and the temporary keys are deleted', async () => {
    // Two tokens a second: the stream check takes seconds, time enough to interrupt it.
    const s = await startStandins({}, { vllm: { tokensPerS: 2 } });
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'electron', 'cli', 'main.ts'), 'compat'],
        { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...envFor(s) }, cwd: repoRoot },
      );
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await waitFor(() => s.vllm.state.success > 2, 'the run reaching vLLM', 20_000);
      assert.equal(temporaryKeys(s).length, 2, 'both temporary keys exist mid-run');
      child.kill('SIGINT');
      assert.equal(await exited, 130, err);
      assert.match(err, /interrupted; no check result was kept \(temporary keys deleted\)/);
      assert.deepEqual(temporaryKeys(s), []);
    } finally {
      await s.close();
    }
  });
});
