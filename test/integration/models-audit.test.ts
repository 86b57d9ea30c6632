// Models and the audit trail in the compose stack: a second local route and a cloud route (to a
// fake provider on 127.0.0.1) added through LiteLLM's model API with hagw, both called through
// Caddy with one app key, both in `hagw audit`; the 30-day pruning runs as SQL in the real
// Postgres container through `compose exec`.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { composeSql } from '../../electron/node/compose/compose-sql';
import { dotenvValues } from '../../electron/node/compose/dotenv-file';
import { createApp } from '../../electron/app/create-app';
import { loopbackFetch } from '../../electron/node/services/loopback-fetch';
import { SpendLogStore } from '../../electron/node/compose/spend-log-store';
import { AuditReport, ModelRow, ModelsReport } from '../../electron/shared/models';
import { startFakeCloud, type FakeCloud } from '../support/fake-cloud';
import { repoRoot } from '../support/fixtures';
import { hagw } from '../support/run-hagw';
import { freshSpendLogTable } from '../support/spend-log-table';

const env = process.env;
const providerKey = 'sk-fake-provider-key-never-echoed-0123456789';
const withKey = { ...env, FAKE_OPENAI_KEY: providerKey };
let cloud: FakeCloud;

const json = async <T>(schema: { parse: (v: unknown) => T }, args: string[], e = env) => {
  const r = await hagw([...args, '--json'], e);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes(providerKey) && !r.stderr.includes(providerKey), 'key echoed');
  return schema.parse(JSON.parse(r.stdout));
};

describe('models and the audit trail in the compose stack', () => {
  before(async () => {
    assert.ok(env.DOCKER_HOST && env.HAGW_COMPOSE_FILE, 'run through test/integration/run.sh');
    cloud = await startFakeCloud();
    const r = await hagw(['stack', 'up', '--wait', '--timeout', '180', '--json']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await hagw(['stack', 'down']);
    await cloud.close();
  });

  test('hagw models: the routes next to what vLLM serves, and what leads nowhere', async () => {
    const r = await json(ModelsReport, ['models']);
    const by = new Map(r.models.map((m) => [m.name, m]));
    assert.equal(by.get('local-chat')?.servedBy, 'vllm');
    assert.equal(by.get('local-chat')?.problem, null);
    assert.equal(by.get('local-chat')?.inputCostPerToken, 1.5e-7);
    // The coder and Ollama profiles are off here: their routes lead nowhere, and say so.
    assert.match(
      by.get('local-coder')?.problem ?? '',
      /routed to nothing: vLLM at http:\/\/waker:4200\/local-coder\/v1 does not answer/,
    );
    assert.match(by.get('ollama-chat')?.problem ?? '', /routed to nothing: Ollama/);
  });

  test('a second local route and a cloud route, called through Caddy, both in the audit', async () => {
    const local = await json(ModelRow, [
      'models',
      'add',
      'local-chat',
      '--name',
      'chat-b',
      '--price-in',
      '0.2',
      '--price-out',
      '0.8',
    ]);
    assert.deepEqual(
      [local.kind, local.servedBy, local.route, local.problem],
      ['local', 'vllm', 'hosted_vllm/local-chat', null],
    );
    const added = await json(
      ModelRow,
      [
        'models',
        'add',
        'openai/gpt-4o-mini',
        '--api-key-env',
        'FAKE_OPENAI_KEY',
        '--api-base',
        cloud.url,
      ],
      withKey,
    );
    // Priced from LiteLLM's own cost map, not by hagw.
    assert.deepEqual(
      [added.kind, added.inputCostPerToken, added.outputCostPerToken],
      ['cloud', 1.5e-7, 6e-7],
    );
    const stackEnv = `${env.HAGW_DATA_DIR}/.env`;
    assert.equal(dotenvValues(readFileSync(stackEnv, 'utf8')).FAKE_OPENAI_KEY, providerKey);
    assert.equal(statSync(stackEnv).mode & 0o777, 0o600);

    const made = await hagw([
      'keys',
      'create',
      'models-it',
      '--models',
      'chat-b,gpt-4o-mini',
      '--budget',
      '5',
      '--json',
    ]);
    assert.equal(made.code, 0, made.stderr);
    const key = (JSON.parse(made.stdout) as { rawKey: string }).rawKey;
    const oa = new OpenAI({
      apiKey: key,
      baseURL: 'https://gateway.home.arpa:18443/v1',
      fetch: loopbackFetch(),
      maxRetries: 0,
    });
    for (const model of ['chat-b', 'gpt-4o-mini']) {
      const c = await oa.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 5,
      });
      assert.equal(c.object, 'chat.completion', model);
    }
    // The provider got the provider key; the app's key never left the gateway.
    assert.deepEqual(
      cloud.calls.map((c) => c.authorization),
      [`Bearer ${providerKey}`],
    );
    // A key whose allowlist does not name the cloud model cannot reach it.
    const other = await hagw(['keys', 'create', 'local-only', '--json']);
    const otherKey = (JSON.parse(other.stdout) as { rawKey: string }).rawKey;
    await assert.rejects(
      new OpenAI({
        apiKey: otherKey,
        baseURL: 'https://gateway.home.arpa:18443/v1',
        fetch: loopbackFetch(),
        maxRetries: 0,
      }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      }),
      /not allowed to access model/,
    );

    const audit = await json(AuditReport, ['audit', '--app', 'models-it', '--since', '1h']);
    assert.deepEqual(audit.calls.map((c) => [c.model, c.status]).sort(), [
      ['chat-b', 'success'],
      ['gpt-4o-mini', 'success'],
    ]);
    const cloudCall = audit.calls.find((c) => c.model === 'gpt-4o-mini')!;
    assert.deepEqual([cloudCall.promptTokens, cloudCall.completionTokens], [12, 4]);
    assert.ok(Math.abs(cloudCall.cost - (12 * 1.5e-7 + 4 * 6e-7)) < 1e-12, String(cloudCall.cost));
    const errors = await json(AuditReport, ['audit', '--status', 'error', '--since', '1h']);
    assert.ok(
      errors.calls.some((c) => c.app === 'local-only' && c.model === 'gpt-4o-mini'),
      JSON.stringify(errors.calls),
    );

    const listed = await json(ModelsReport, ['models']);
    assert.deepEqual(listed.models.find((m) => m.name === 'gpt-4o-mini')?.apps, ['models-it']);
    const removed = await hagw(['models', 'remove', 'gpt-4o-mini']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Keys that still list it: models-it/);
    const configRoute = await hagw(['models', 'remove', 'local-chat']);
    assert.equal(configRoute.code, 1);
    assert.match(configRoute.stderr, /comes from compose\/litellm\/config.yaml/);
  });

  test('bad input: what is accepted, the variable to set, nothing half-written', async () => {
    const before = readFileSync(`${env.HAGW_DATA_DIR}/.env`, 'utf8');
    const unknown = await hagw(
      ['models', 'add', 'openai/gpt-9-imaginary', '--api-key-env', 'FAKE_OPENAI_KEY'],
      withKey,
    );
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /no chat model "gpt-9-imaginary" for openai; accepted: .*gpt-4o-mini/,
    );
    const missing = await hagw([
      'models',
      'add',
      'anthropic/claude-3-5-haiku-20241022',
      '--api-key-env',
      'ANTHROPIC_API_KEY',
    ]);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /ANTHROPIC_API_KEY is not set in this shell: export ANTHROPIC_API_KEY=.* nothing was written/,
    );
    const notServed = await hagw(['models', 'add', 'mistral/tiny']);
    assert.equal(notServed.code, 2);
    assert.match(
      notServed.stderr,
      /No local server serves "mistral\/tiny"; served now: local-chat \(vLLM\); local-embed \(vLLM\)\. Cloud models: openai\/<model>, anthropic\/<model>, together_ai\/<model>/,
    );
    assert.equal(readFileSync(`${env.HAGW_DATA_DIR}/.env`, 'utf8'), before);
  });

  test('spend logs past 30 days are deleted in batches by SQL in the postgres container', async () => {
    const gw = createApp(resolveConfig(repoRoot, env), { env });
    try {
      const sql = composeSql(gw.stack.compose);
      await freshSpendLogTable(sql);
      await sql(
        `INSERT INTO "LiteLLM_SpendLogs" SELECT 'old-' || g, '2026-10-01 12:00:00'::timestamp, 0.001 FROM generate_series(1, 2500) g`,
      );
      await sql(
        `INSERT INTO "LiteLLM_SpendLogs" SELECT 'new-' || g, '2026-12-01 12:00:00'::timestamp, 0.001 FROM generate_series(1, 10) g`,
      );
      const at = Date.parse('2026-12-02T12:00:00Z');
      const store = new SpendLogStore(sql, { now: () => at });
      assert.deepEqual(await store.prune(), { deleted: 2500, more: false });
      const facts = await store.facts();
      assert.deepEqual([facts.rows, facts.rowsLast7Days], [10, 10]);
      assert.ok(facts.bytes > 0);
      assert.deepEqual(await store.prune(), { deleted: 0, more: false });
    } finally {
      gw.dispose();
    }
  });
});
