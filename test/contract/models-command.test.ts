// hagw models and hagw audit against the LiteLLM stand-in (with its /model/new, /model/delete,
// /model/info, cost map and /spend/logs/ui in the recorded shapes) and the vLLM stand-in.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AuditReport, ModelRow, ModelsReport } from '../../electron/shared/models';
import { cli } from '../support/cli-harness';
import { startFakeCloud, type FakeCloud } from '../support/fake-cloud';
import { startStandins, type RunningStandins } from '../support/standins';

const providerKey = 'sk-fake-provider-0123456789abcdef';
let s: RunningStandins;
let cloud: FakeCloud;
let env: Record<string, string>;
before(async () => {
  s = await startStandins();
  cloud = await startFakeCloud();
  const dataDir = mkdtempSync(join(tmpdir(), 'hagw-models-'));
  writeFileSync(join(dataDir, '.env'), 'POSTGRES_PASSWORD=x\n', { mode: 0o600 });
  env = {
    HAGW_DATA_DIR: dataDir,
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    HAGW_VLLM_URL: s.vllmUrl,
    // Nothing listens there: Ollama is "not running".
    HAGW_OLLAMA_URL: 'http://127.0.0.1:9',
    HAGW_GATEWAY_URL: 'https://gateway.home.arpa',
    DOCKER_HOST: 'unix:///nonexistent.sock',
  };
});
after(async () => {
  await s.close();
  await cloud.close();
});

const run = (args: string[], extra: Record<string, string> = {}) => cli(args, { ...env, ...extra });
const json = async <T>(schema: { parse: (v: unknown) => T }, args: string[], extra = {}) => {
  const r = await run([...args, '--json'], extra);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!`${r.stdout}${r.stderr}`.includes(providerKey), 'the provider key was echoed');
  return schema.parse(JSON.parse(r.stdout));
};
const chat = async (key: string, model: string) =>
  (
    await fetch(`${s.litellmUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
    })
  ).status;

describe('hagw models', () => {
  test('routes next to what is served: prices, apps, and the routes that lead nowhere', async () => {
    const made = await run(['keys', 'create', 'editor', '--json']);
    assert.equal(made.code, 0, made.stderr);
    const r = await json(ModelsReport, ['models']);
    const by = new Map(r.models.map((m) => [m.name, m]));
    assert.deepEqual(
      [by.get('local-chat')?.servedBy, by.get('local-chat')?.apps, by.get('local-chat')?.problem],
      ['vllm', ['editor'], null],
    );
    assert.match(
      by.get('ollama-chat')?.problem ?? '',
      /^routed to nothing: Ollama at http:\/\/ollama:11434 does not answer/,
    );
    const text = await run(['models']);
    assert.match(
      text.stdout,
      /local-chat +local +vllm +hosted_vllm\/local-chat +0\.15 +0\.60 +editor/,
    );
  });

  test('a cloud model: priced from the cost map, the key in .env (0600) and sent only upstream', async () => {
    const row = await json(
      ModelRow,
      [
        'models',
        'add',
        'openai/gpt-4o-mini',
        '--api-key-env',
        'OPENAI_API_KEY',
        '--api-base',
        cloud.url,
      ],
      { OPENAI_API_KEY: providerKey },
    );
    assert.deepEqual(
      [row.kind, row.route, row.inputCostPerToken, row.removable],
      ['cloud', 'openai/gpt-4o-mini', 1.5e-7, true],
    );
    const envFile = join(env.HAGW_DATA_DIR!, '.env');
    assert.match(readFileSync(envFile, 'utf8'), new RegExp(`^OPENAI_API_KEY=${providerKey}$`, 'm'));
    assert.equal(statSync(envFile).mode & 0o777, 0o600);
    const k = await run(['keys', 'create', 'bot', '--models', 'gpt-4o-mini', '--json']);
    const key = (JSON.parse(k.stdout) as { rawKey: string }).rawKey;
    assert.equal(await chat(key, 'gpt-4o-mini'), 200);
    assert.deepEqual(
      cloud.calls.map((c) => [c.authorization, c.model]),
      [[`Bearer ${providerKey}`, 'gpt-4o-mini']],
    );
    // The editor key's allowlist does not name it: refused, and the refusal is in the audit.
    const editorKey = JSON.parse(readFileSync(join(env.HAGW_DATA_DIR!, 'keys.json'), 'utf8')) as {
      keys: Record<string, { key: string; alias: string }>;
    };
    const editor = Object.values(editorKey.keys).find((v) => v.alias === 'editor')!.key;
    assert.equal(await chat(editor, 'gpt-4o-mini'), 401);
    const audit = await json(AuditReport, ['audit', '--since', '1h']);
    assert.deepEqual(audit.calls.map((c) => [c.app, c.model, c.status]).sort(), [
      ['bot', 'gpt-4o-mini', 'success'],
      ['editor', 'gpt-4o-mini', 'error'],
    ]);
    const onlyErrors = await json(AuditReport, ['audit', '--status', 'error', '--app', 'editor']);
    assert.equal(onlyErrors.calls.length, 1);
    const removed = await run(['models', 'remove', 'gpt-4o-mini']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(await chat(key, 'gpt-4o-mini'), 400);
  });

  test('keys may only name routes that exist', async () => {
    const r = await run(['keys', 'create', 'x', '--models', 'gpt-4o-mini']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown model gpt-4o-mini; available: local-chat/);
  });

  test('a second deployment of a route must serve it; a 0/0 price is refused', async () => {
    const dead = await run(['models', 'add', 'local-chat', '--api-base', 'http://127.0.0.1:9/v1']);
    assert.equal(dead.code, 1);
    assert.match(dead.stderr, /http:\/\/127\.0\.0\.1:9\/v1 does not answer \/models/);
    const two = await json(ModelRow, [
      'models',
      'add',
      'local-chat',
      '--api-base',
      `${s.vllmUrl}/v1`,
    ]);
    assert.deepEqual(
      two.deployments.map((d) => d.serving),
      [true, true],
    );
    const free = await run([
      'models',
      'add',
      'local-chat',
      '--name',
      'free',
      '--price-in',
      '0',
      '--price-out',
      '0',
    ]);
    assert.equal(free.code, 2);
    assert.match(free.stderr, /priced 0\/0 bypasses every LiteLLM budget/);
  });

  test('a lost answer to /model/new: the route is found, the key line stays with it, a rerun is told the route exists', async () => {
    await fetch(`${s.litellmUrl}/__standin/fail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.masterKey}` },
      body: JSON.stringify({ route: '/model/new', count: 1, mode: 'lose-answer' }),
    });
    const args = [
      'models',
      'add',
      'openai/gpt-4.1-mini',
      '--api-key-env',
      'LOST_ANSWER_KEY',
      '--api-base',
      cloud.url,
    ];
    const r = await run(args, { LOST_ANSWER_KEY: 'sk-lost-answer-provider' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      readFileSync(join(env.HAGW_DATA_DIR!, '.env'), 'utf8'),
      /^LOST_ANSWER_KEY=sk-lost-answer-provider$/m,
    );
    const again = await run(args, { LOST_ANSWER_KEY: 'sk-lost-answer-provider' });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /There is already a route "gpt-4\.1-mini"/);
  });

  test('bad input: one line each, exit 2, the .env untouched', async () => {
    const envFile = join(env.HAGW_DATA_DIR!, '.env');
    const before = readFileSync(envFile, 'utf8');
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['models', 'add', 'openai/gpt-9'], /--api-key-env needs the name of the variable/],
      [
        ['models', 'add', 'openai/gpt-9', '--api-key-env', 'OPENAI_API_KEY'],
        /no chat model "gpt-9" for openai; accepted: gpt-4\.1-mini, gpt-4o, gpt-4o-mini\./,
        { OPENAI_API_KEY: 'sk-x' },
      ],
      [
        [
          'models',
          'add',
          'anthropic/claude-3-5-haiku-20241022',
          '--api-key-env',
          'ANTHROPIC_API_KEY',
        ],
        /ANTHROPIC_API_KEY is not set in this shell/,
      ],
      [
        ['models', 'add', 'openai/gpt-4o', '--api-key-env', 'OPENAI_API_KEY'],
        /OPENAI_API_KEY in the stack's \.env holds a different key/,
        { OPENAI_API_KEY: 'sk-another' },
      ],
      [
        ['models', 'add', 'groq/llama'],
        /No local server serves "groq\/llama"; served now: local-chat \(vLLM\)\. Cloud models: openai\/<model>/,
      ],
      // The gateway's own secrets never become a provider key (LiteLLM would send them upstream).
      [
        ['models', 'add', 'openai/gpt-4o', '--api-key-env', 'HAGW_LITELLM_MASTER_KEY'],
        /HAGW_LITELLM_MASTER_KEY is one of the gateway's own variables/,
      ],
      [
        ['models', 'add', 'openai/gpt-4o', '--api-key-env', 'LITELLM_SALT_KEY'],
        /LITELLM_SALT_KEY is one of the gateway's own variables/,
        { LITELLM_SALT_KEY: 'sk-salt' },
      ],
      [
        ['models', 'add', 'openai/gpt-4o', '--api-key-env', 'MY_OPENAI_KEY'],
        /The value of MY_OPENAI_KEY is one of this stack's own secrets/,
        { MY_OPENAI_KEY: env.HAGW_LITELLM_MASTER_KEY! },
      ],
      [
        ['models', 'add', 'openai/gpt-4o', '--api-key-env', 'MY_OPENAI_KEY'],
        /The value of MY_OPENAI_KEY is one of this stack's own secrets/,
        { MY_OPENAI_KEY: 'x' },
      ],
      [
        ['models', 'add', 'local-chat', '--name', 'chat\u001b[2J'],
        /--name "chat\\u001b\[2J" is not a route name/,
      ],
      [
        ['models', 'add', 'local-chat', '--name', 'x'.repeat(5000)],
        /is not a route name: up to 64/,
      ],
      [['audit', '--since', '90d'], /--since "90d" is not a duration of 1m to 30d/],
      [['audit', '--status', 'failed'], /--status is success or error/],
      [['models', 'frobnicate'], /usage: hagw models/],
    ];
    for (const [args, msg, extra] of cases) {
      const r = await run(args, extra);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, msg);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.equal(readFileSync(envFile, 'utf8'), before);
  });

  test('LiteLLM without store_model_in_db: the add fails with the setting to change, .env as it was', async () => {
    const off = await startStandins({ STORE_MODEL_IN_DB: 'False' });
    try {
      const r = await run(['models', 'add', 'openai/gpt-4o', '--api-key-env', 'NEW_KEY'], {
        HAGW_LITELLM_URL: off.litellmUrl,
        HAGW_LITELLM_MASTER_KEY: off.masterKey,
        NEW_KEY: 'sk-new',
      });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /STORE_MODEL_IN_DB/);
      assert.doesNotMatch(readFileSync(join(env.HAGW_DATA_DIR!, '.env'), 'utf8'), /NEW_KEY/);
    } finally {
      await off.close();
    }
  });
});
