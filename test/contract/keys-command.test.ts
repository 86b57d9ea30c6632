// The key lifecycle through the CLI against the LiteLLM stand-in (and vLLM behind it).
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreatedKey, KeysReport, UsageReport } from '../../electron/shared/keys';
import { cli } from '../support/cli-harness';
import { chatStatus, startStandins, type RunningStandins } from '../support/standins';

let s: RunningStandins;
let env: Record<string, string>;
before(async () => {
  s = await startStandins();
  env = {
    HAGW_DATA_DIR: mkdtempSync(join(tmpdir(), 'hagw-keys-')),
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    HAGW_GATEWAY_URL: 'https://gateway.home.arpa',
    DOCKER_HOST: 'unix:///nonexistent.sock',
  };
});
after(() => s.close());

const keys = async (...args: string[]) => cli(['keys', ...args], env);
const json = async <T>(schema: { parse: (v: unknown) => T }, ...args: string[]) => {
  const r = await keys(...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return schema.parse(JSON.parse(r.stdout));
};
const chat = (key: string) => chatStatus(s.litellmUrl, key);
const vault = () =>
  JSON.parse(readFileSync(join(env.HAGW_DATA_DIR!, 'keys.json'), 'utf8')) as {
    keys: Record<string, { key: string }>;
  };

describe('key lifecycle', () => {
  test('create: the raw key once, a tiny first-month quota, in the vault at 0600, and it works', async () => {
    const c = await json(CreatedKey, 'create', 'discord-bot');
    assert.deepEqual(
      [
        c.key.alias,
        c.key.models,
        c.key.maxBudget,
        c.key.budgetDuration,
        c.key.rpmLimit,
        c.key.inVault,
      ],
      ['discord-bot', ['local-chat'], 1, '30d', 60, true],
    );
    assert.equal(statSync(join(env.HAGW_DATA_DIR!, 'keys.json')).mode & 0o777, 0o600);
    assert.equal(vault().keys[c.key.tokenHash]?.key, c.rawKey);
    assert.equal(await chat(c.rawKey), 200);
    const human = await keys('create', 'obsidian');
    assert.equal(
      (human.stdout.match(/sk-[A-Za-z0-9]+/g) ?? []).length,
      2,
      'the raw key: once in the line, once in the .env snippet',
    );
  });

  test('list: the issue shape, budget percent, inVault', async () => {
    const r = await json(KeysReport, 'list');
    const k = r.keys.find((x) => x.alias === 'discord-bot');
    assert.ok(k);
    assert.deepEqual(Object.keys(k).sort(), [
      'alias',
      'blocked',
      'budgetDuration',
      'budgetResetAt',
      'budgetUsedPercent',
      'inVault',
      'maxBudget',
      'models',
      'rpmLimit',
      'spend',
      'tokenHash',
      'tpmLimit',
    ]);
    // A few cents of a dollar: spent, with a percent (rounded to 0.1 %).
    assert.ok(k.spend > 0 && k.budgetUsedPercent !== null);
    assert.equal(r.stale, false);
  });

  test('env: .env lines, Python, JS and curl with the gateway URL and the app key, never the master key', async () => {
    const c = await json(CreatedKey, 'env', 'discord-bot');
    assert.equal(
      c.snippets.env,
      `OPENAI_BASE_URL=https://gateway.home.arpa/v1\nOPENAI_API_KEY=${c.rawKey}\n`,
    );
    for (const text of Object.values(c.snippets)) {
      assert.ok(text.includes(c.rawKey));
      assert.ok(!text.includes(s.masterKey));
    }
    assert.match(c.snippets.python, /OpenAI\(base_url="https:\/\/gateway\.home\.arpa\/v1"/);
    assert.match(c.snippets.curl, /Authorization: Bearer sk-/);
  });

  test('update raises the budget (re-read from /key/info); block and unblock', async () => {
    const u = await json<{ key: { maxBudget: number | null; rpmLimit: number | null } }>(
      { parse: (v) => v as never },
      'update',
      'discord-bot',
      '--budget',
      '10',
      '--rpm',
      '120',
    );
    assert.deepEqual([u.key.maxBudget, u.key.rpmLimit], [10, 120]);
    const raw = (await json(CreatedKey, 'env', 'discord-bot')).rawKey;
    await keys('block', 'discord-bot');
    assert.equal(await chat(raw), 401);
    await keys('unblock', 'discord-bot');
    assert.equal(await chat(raw), 200);
  });

  test('rotate: a new key with the same settings works, the old one stops, the vault follows', async () => {
    const old = await json(CreatedKey, 'env', 'discord-bot');
    const r = await json(CreatedKey, 'rotate', 'discord-bot');
    assert.notEqual(r.rawKey, old.rawKey);
    assert.deepEqual([r.key.alias, r.key.maxBudget, r.key.rpmLimit], ['discord-bot', 10, 120]);
    assert.equal(await chat(r.rawKey), 200);
    assert.equal(await chat(old.rawKey), 401);
    assert.equal(vault().keys[old.key.tokenHash], undefined);
  });

  test('rotate whose answer to the new key is lost: the new key is found by alias and removed, the old one keeps its alias', async () => {
    const old = await json(CreatedKey, 'env', 'discord-bot');
    const standinFail = (route: string, mode: string, count = 1) =>
      fetch(`${s.litellmUrl}/__standin/fail`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.masterKey}` },
        body: JSON.stringify({ route, count, mode }),
      });
    await standinFail('/key/generate', 'lose-answer');
    const r = await keys('rotate', 'discord-bot');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Rotation failed, the old key still works/);
    assert.doesNotMatch(r.stderr, /already exists/);
    assert.equal(await chat(old.rawKey), 200);
    const list = (await json(KeysReport, 'list')).keys;
    assert.deepEqual(
      list.filter((k) => k.alias?.startsWith('discord-bot')).map((k) => k.alias),
      ['discord-bot'],
      'no nameless new key and no parked old one left',
    );
  });

  test("rotate whose old-key delete fails: the new key is printed, the old key's survival said, exit 1, finished next time", async () => {
    const old = await json(CreatedKey, 'env', 'discord-bot');
    // Both the delete and its one retry fail.
    await fetch(`${s.litellmUrl}/__standin/fail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.masterKey}` },
      body: JSON.stringify({ route: '/key/delete', count: 2, mode: '500' }),
    });
    const r = await keys('rotate', 'discord-bot', '--json');
    assert.equal(r.code, 1);
    const made = CreatedKey.parse(JSON.parse(r.stdout));
    assert.match(
      made.warning ?? '',
      /could not be deleted .* it still works until the next key command deletes it/,
    );
    assert.match(
      r.stderr,
      /^hagw: The old key \(now "discord-bot\.rotating-\d+"\) could not be deleted/,
    );
    assert.equal(await chat(made.rawKey), 200);
    assert.equal(await chat(old.rawKey), 200, 'still live, and said so');
    await keys('list');
    assert.equal(await chat(old.rawKey), 401, 'the next key command deleted it');
  });

  test('a failed rotate keeps the old key working under its alias', async () => {
    const old = await json(CreatedKey, 'env', 'discord-bot');
    await fetch(`${s.litellmUrl}/__standin/fail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.masterKey}` },
      body: JSON.stringify({ route: '/key/generate', count: 1 }),
    });
    const r = await keys('rotate', 'discord-bot');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Rotation failed, the old key still works/);
    assert.equal(await chat(old.rawKey), 200);
    assert.equal(
      (await json(KeysReport, 'list')).keys.filter((k) => k.alias === 'discord-bot').length,
      1,
    );
  });

  test('delete asks for --yes, then removes the key and its vault entry', async () => {
    const c = await json(CreatedKey, 'env', 'obsidian');
    const no = await keys('delete', 'obsidian');
    assert.equal(no.code, 2);
    assert.match(no.stderr, /add --yes/);
    assert.equal((await keys('delete', 'obsidian', '--yes')).code, 0);
    assert.equal(await chat(c.rawKey), 401);
    assert.equal(vault().keys[c.key.tokenHash], undefined);
  });
});

describe('bad input: a clear line, nothing half-created', () => {
  const count = async () => (await json(KeysReport, 'list')).keys.length;

  test('spaces, emoji, negative and absurd budgets, unknown models, both budgets at once', async () => {
    const before = await count();
    const cases: [string[], RegExp][] = [
      [['create', 'my bot'], /contains spaces; use dashes instead, e.g. my-bot/],
      [['create', 'bot🤖'], /may use only letters, digits.*e\.g\. bot\.$/m],
      [['create', 'a\nb!'], /^hagw: "a\\nb!" contains spaces; use dashes instead, e\.g\. a-b\.$/m],
      [
        ['create', 'x1', '--budget=-5'],
        /--budget \(USD\) must be a plain number \(like 5 or 0\.25\) from 0\.000001 to 10000/,
      ],
      [['create', 'x1', '--budget', '-5'], /--budget \(USD\) must be a plain number/],
      [['create', 'x2', '--budget', '1e9'], /must be a plain number .*got "1e9"/],
      [['create', 'x2', '--budget', '1e-9'], /got "1e-9"/],
      [['create', 'x2', '--budget', '0x10'], /got "0x10"/],
      [['create', 'x2', '--budget', '20000'], /from 0\.000001 to 10000/],
      [
        ['create', 'x2', '--rpm', '1e20'],
        /--rpm must be a whole number from 1 to 100000, got "1e20"/,
      ],
      [['create', 'x2', '--rpm', '-1'], /--rpm must be a whole number from 1 to 100000, got "-1"/],
      [['create', 'x2', '--parallel', '1e300'], /--parallel must be a whole number from 1 to 1000/],
      [['create', 'x3', '--models', 'gpt-9'], /Unknown model gpt-9; available: local-chat/],
      [['create', 'x4', '--budget', '5', '--tokens-per-month', '100'], /not both/],
      // A period that resets continuously, or one past what LiteLLM can add to a date.
      [
        ['create', 'x5', '--budget', '5', '--period', '0d'],
        /--period "0d" is not a budget period from 1h to 366d/,
      ],
      [
        ['create', 'x5', '--budget', '5', '--period', '99999999999d'],
        /--period "99999999999d" is not a budget period/,
      ],
      [['create', 'x5', '--budget', '5', '--period', '30s'], /from 1h to 366d/],
    ];
    for (const [args, re] of cases) {
      const r = await keys(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    assert.equal(await count(), before);
  });

  test("a duplicate alias is LiteLLM's own message, and no vault entry is added", async () => {
    await keys('create', 'dup-app');
    const entries = Object.keys(vault().keys).length;
    const r = await keys('create', 'dup-app');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Key with alias 'dup-app' already exists/);
    assert.equal(Object.keys(vault().keys).length, entries);
  });

  test('a vault that cannot be written: the key is undone in LiteLLM too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hagw-keys-broken-'));
    mkdirSync(join(dir, 'keys.json'));
    const r = await cli(['keys', 'create', 'orphan-check'], { ...env, HAGW_DATA_DIR: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nothing was created/);
    assert.equal(
      (await json(KeysReport, 'list')).keys.some((k) => k.alias === 'orphan-check'),
      false,
    );
  });

  test('tokens per month are priced with the model: 2,000,000 tokens of local-chat is $0.53', async () => {
    const c = await json(CreatedKey, 'create', 'token-budget', '--tokens-per-month', '2000000');
    assert.equal(c.key.maxBudget, 0.53);
  });
});

describe('usage and stale data', () => {
  test('usage: spend, budget %, calls/min, tokens per call, saved this month', async () => {
    const r = await cli(['usage', '--json'], env);
    const u = UsageReport.parse(JSON.parse(r.stdout));
    const bot = u.keys.find((k) => k.alias === 'discord-bot');
    assert.ok(bot);
    assert.ok(
      bot.callsPerMinute >= 1 && bot.tokensPerCall.p50 !== null && bot.savedThisMonthUsd > 0,
    );
    assert.equal(bot.suggestedBudgetUsd, null, 'no suggestion before 7 days of use');
    assert.ok(u.totalSavedThisMonthUsd >= bot.savedThisMonthUsd);
  });

  test('LiteLLM down: the last known list, marked stale, exit 0 and one line on stderr', async () => {
    const r = await cli(['keys', 'list', '--json'], {
      ...env,
      HAGW_LITELLM_URL: 'http://127.0.0.1:1',
    });
    assert.equal(r.code, 0);
    const report = KeysReport.parse(JSON.parse(r.stdout));
    assert.equal(report.stale, true);
    assert.ok(report.keys.some((k) => k.alias === 'discord-bot'));
    assert.match(r.stderr, /last known list/);
  });
});

describe('calls per minute from LiteLLM /metrics', () => {
  test('between two reads a minute apart, the rate is the counter growth, not the spend logs', async () => {
    const { KeyService } = await import('../../electron/app/key-service');
    const { KeyVault } = await import('../../electron/node/storage/key-vault');
    const { LiteLlmClient } = await import('../../electron/node/services/litellm-client');
    let now = Date.now();
    const dir = mkdtempSync(join(tmpdir(), 'hagw-rate-'));
    const svc = new KeyService(
      new LiteLlmClient({ baseUrl: s.litellmUrl, masterKey: () => Promise.resolve(s.masterKey) }),
      new KeyVault(dir),
      join(dir, 'cache.json'),
      () => Promise.resolve('https://g'),
      () => new Date(now),
    );
    const c = await svc.create({ alias: 'rate-check', budgetUsd: 5 });
    await svc.usage();
    for (let i = 0; i < 12; i++) await chat(c.rawKey);
    now += 60_000;
    const u = await svc.usage();
    assert.equal(u.keys.find((k) => k.alias === 'rate-check')?.callsPerMinute, 12);
  });
});

describe('faults after /key/generate: nothing left behind, a retry works', () => {
  const fail = (route: string, count = 1, mode = '500') =>
    fetch(`${s.litellmUrl}/__standin/fail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.masterKey}` },
      body: JSON.stringify({ route, count, mode }),
    });
  const aliases = async () => (await json(KeysReport, 'list')).keys.map((k) => k.alias);

  test('a 500 on the /key/info after generate: the key is deleted again, and the retry works', async () => {
    await fail('/key/info');
    const r = await keys('create', 'after-info');
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /the key was removed again, so "hagw keys create after-info" can be retried/,
    );
    assert.ok(!(await aliases()).includes('after-info'));
    assert.ok(
      !Object.values(vault().keys).some((k) => (k as { alias?: string }).alias === 'after-info'),
    );
    assert.equal((await keys('create', 'after-info')).code, 0);
  });

  test('the answer to generate is lost: the key it made is found by its alias and deleted', async () => {
    await fail('/key/generate', 1, 'lose-answer');
    const r = await keys('create', 'lost-answer');
    assert.equal(r.code, 1);
    assert.ok(!(await aliases()).includes('lost-answer'), 'no live key left behind');
    assert.equal((await keys('create', 'lost-answer')).code, 0, 'no "alias already exists"');
  });

  test('clean-up that cannot reach LiteLLM is written down, said, and finished by the next key command', async () => {
    await fail('/key/info');
    await fail('/key/delete');
    const r = await keys('create', 'pending-app');
    assert.equal(r.code, 1);
    // Not "removed again" while it is live: it says so, and that the next command finishes it.
    assert.doesNotMatch(r.stderr, /removed again/);
    assert.match(
      r.stderr,
      /removing it failed too: that key is still live in LiteLLM until the next key command deletes it/,
    );
    // Asked of LiteLLM itself: any hagw keys command would finish the clean-up first.
    const live = async () =>
      (
        (await (
          await fetch(`${s.litellmUrl}/key/list?return_full_object=true`, {
            headers: { authorization: `Bearer ${s.masterKey}` },
          })
        ).json()) as { keys: { key_alias: string | null }[] }
      ).keys.map((k) => k.key_alias);
    assert.ok((await live()).includes('pending-app'), 'the delete failed this time');
    // The next key command, whichever: a plain list finishes it.
    assert.equal((await keys('list')).code, 0);
    assert.ok(!(await live()).includes('pending-app'));
    assert.equal((await keys('create', 'pending-app')).code, 0);
  });

  test('keys delete whose answer is lost: the key is asked for again; gone or not, no raw key stays in the vault', async () => {
    const inVault = (alias: string) =>
      Object.values(vault().keys).some((k) => (k as { alias?: string }).alias === alias);
    assert.equal((await keys('create', 'del-lost')).code, 0);
    await fail('/key/delete', 1, 'lose-answer');
    const lost = await keys('delete', 'del-lost', '--yes');
    assert.equal(lost.code, 0, `LiteLLM did delete it: ${lost.stderr}`);
    assert.equal(inVault('del-lost'), false);
    assert.equal((await keys('create', 'del-500')).code, 0);
    await fail('/key/delete', 1, '500');
    const refused = await keys('delete', 'del-500', '--yes');
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /did not confirm deleting "del-500".*may still be live until the next key command deletes it/,
    );
    assert.equal(inVault('del-500'), false, 'the raw key is gone from this machine');
    // The next key command finishes the delete.
    await keys('list');
    assert.ok(!(await aliases()).includes('del-500'));
  });

  test('a pending clean-up file cut short is moved aside with a warning, not read as nothing pending', async () => {
    const file = join(env.HAGW_DATA_DIR!, 'keys-cache.json.pending-cleanup');
    writeFileSync(file, '{"jobs":[{"token":"abc');
    const r = await keys('list');
    assert.equal(r.code, 0);
    assert.match(
      r.stderr,
      /pending key clean-up file .* moved it to .*\.bad-.* Keys it named may still be live/,
    );
    assert.ok(
      readdirSync(env.HAGW_DATA_DIR!).some((f) =>
        f.startsWith('keys-cache.json.pending-cleanup.bad-'),
      ),
    );
  });

  test('a wrong master key is a configuration error: exit 1 with the fix, never the stale list', async () => {
    const r = await cli(['keys', 'list'], { ...env, HAGW_LITELLM_MASTER_KEY: 'sk-wrong' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /rejected the master key.*LITELLM_MASTER_KEY/);
    assert.equal(r.stdout, '');
  });

  test('LiteLLM down and no list ever read: exit 1, never "No keys yet"', async () => {
    const r = await cli(['keys', 'list'], {
      ...env,
      HAGW_DATA_DIR: mkdtempSync(join(tmpdir(), 'hagw-keys-empty-')),
      HAGW_LITELLM_URL: 'http://127.0.0.1:1',
    });
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout + r.stderr, /No keys yet/);
    assert.match(r.stderr, /^hagw: LiteLLM at http:\/\/127\.0\.0\.1:1 refused the connection/);
  });
});

describe('damaged key state files', () => {
  test('a vault and a key cache of the wrong shape are moved aside with a warning', async () => {
    const d = mkdtempSync(join(tmpdir(), 'hagw-keys-bad-'));
    writeFileSync(join(d, 'keys.json'), '{"version": 1, "keys": null}');
    writeFileSync(join(d, 'keys-cache.json'), '[1, 2]');
    const r = await cli(['keys', 'list', '--json'], {
      ...env,
      HAGW_DATA_DIR: d,
      HAGW_LITELLM_URL: 'http://127.0.0.1:1',
    });
    assert.doesNotMatch(r.stderr, /TypeError|Cannot read properties/);
    assert.match(r.stderr, /keys-cache\.json is not a valid key list cache/);
    const listed = readdirSync(d);
    assert.ok(
      listed.some((f) => f.startsWith('keys-cache.json.bad-')),
      listed.join(' '),
    );
    const create = await cli(['keys', 'create', 'vault-check'], { ...env, HAGW_DATA_DIR: d });
    assert.equal(create.code, 0, create.stderr);
    assert.match(r.stderr + create.stderr, /keys\.json is not a valid key vault/);
    assert.ok(readdirSync(d).some((f) => f.startsWith('keys.json.bad-')));
  });
});
