// `hagw notify` against a receiver on 127.0.0.1: bad input refused with exit 2 and nothing saved,
// secrets stored 0600 and never printed, and each channel's format as its service documents it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { NotifyReport, NotifyTestReport } from '../../electron/shared/notify';
import { cli } from '../support/cli-harness';
import { startReceiver } from '../support/push-receiver';

let rx: Awaited<ReturnType<typeof startReceiver>>;
let env: Record<string, string>;
let dir: string;
before(async () => {
  rx = await startReceiver();
  dir = mkdtempSync(join(tmpdir(), 'hagw-notify-'));
  env = { HAGW_DATA_DIR: dir, DOCKER_HOST: 'unix:///nonexistent.sock' };
});
after(() => rx.close());

const notify = (...args: string[]) => cli(['notify', ...args], env);
/** The receiver is on 127.0.0.1: a private target, confirmed as a homelab would. */
const addLocal = (...args: string[]) => notify('add', ...args, '--allow-private');

test('an unknown type or a bad URL is one line that says what is accepted, exit 2, nothing saved', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['add', 'slack', `${rx.url}/x`],
      /unknown channel type "slack"; push channel types: ntfy, webhook, discord/,
    ],
    [['add', 'ntfy', 'ftp://ntfy.example/topic'], /must be http:\/\/ or https:\/\//],
    [['add', 'ntfy', 'not a url'], /is not a URL/],
    [['add', 'ntfy', `${rx.url}/`], /the server and one topic/],
    [['add', 'discord', `${rx.url}/hook`], /api\/webhooks\/<id>\/<token>/],
    // Discord's webhook hosts only, https only.
    [['add', 'discord', 'https://evil.example/api/webhooks/1/t'], /api\/webhooks\/<id>\/<token>/],
    [['add', 'discord', 'http://discord.com/api/webhooks/1/t'], /api\/webhooks\/<id>\/<token>/],
    // Private targets ask to be confirmed; a token over plain http beyond loopback needs --insecure.
    [
      ['add', 'webhook', 'http://192.168.1.20:8123/api/webhook/x'],
      /192\.168\.1\.20 is a private address.*--allow-private/,
    ],
    [['add', 'webhook', 'http://169.254.169.254/latest'], /is a private address/],
    [['add', 'ntfy', `${rx.url}/t`], /127\.0\.0\.1 is a private address/],
    [
      ['add', 'ntfy', 'http://ntfy.example.org/t', '--token', 'tk_x'],
      /token would cross the network in clear text.*--insecure/,
    ],
    [['add', 'webhook', `https://example.org/${'x'.repeat(2100)}`], /over 2048 characters/],
    [['add', 'webhook', `${rx.url}/h`, '--token', 'x'], /--token is for ntfy/],
    [['add', 'webhook'], /usage: hagw notify add/],
    [
      ['add', 'webhook', `${rx.url}/h`, '--allow-private', '--name', 'evil\u001b]0;x\u0007'],
      /may not hold control characters/,
    ],
    [
      ['add', 'webhook', `${rx.url}/h`, '--allow-private', '--name', 'n'.repeat(5000)],
      /64 characters at most/,
    ],
    [['quiet', '25:00-07:00'], /HH:MM-HH:MM/],
    [['remove', 'ntfy-000000'], /no push channel "ntfy-000000"/],
    [['frobnicate'], /usage: hagw notify/],
  ];
  for (const [args, why] of cases) {
    const r = await notify(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, why);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.equal(existsSync(join(dir, 'channels.json')), false, 'nothing was saved');
});

test('a channel is stored 0600; list shows its origin only, never the topic or the token', async () => {
  const add = await addLocal('ntfy', `${rx.url}/hagw-secret-topic`, '--token', 'tk_secret123');
  assert.equal(add.code, 0, add.stderr);
  assert.equal(statSync(join(dir, 'channels.json')).mode & 0o777, 0o600);
  for (const args of [['list'], ['list', '--json']]) {
    const r = await notify(...args);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stdout + add.stdout, /hagw-secret-topic|tk_secret123/);
  }
  const report = NotifyReport.parse(JSON.parse((await notify('list', '--json')).stdout));
  assert.equal(report.channels[0]?.target, `${rx.url}/…`);
  assert.equal(report.channels[0]?.hasToken, true);
});

test('notify test: ntfy gets Title, Priority, Tags and the bearer token; a failing channel exits 1', async () => {
  const wh = await addLocal('webhook', `${rx.url}/fail/hook-path-secret`);
  assert.equal(wh.code, 0, wh.stderr);
  // notify add takes Discord's hosts alone: the Discord format is checked against the receiver
  // through a channel written into channels.json, as the app would read it.
  const file = join(dir, 'channels.json');
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { channels: unknown[] };
  stored.channels.push({
    id: 'discord-abcdef',
    type: 'discord',
    name: 'discord',
    url: `${rx.url}/api/webhooks/123/tok-en`,
    token: null,
    createdAt: new Date().toISOString(),
  });
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  const r = await notify('test', '--json');
  assert.equal(r.code, 1, 'one channel answered 500');
  const results = NotifyTestReport.parse(JSON.parse(r.stdout)).results;
  assert.deepEqual(
    results.map((x) => x.ok),
    [true, false, true],
  );
  assert.match(results[1]?.error ?? '', /answered HTTP 500/);
  assert.doesNotMatch(r.stdout + r.stderr, /hook-path-secret|tk_secret123/);

  const ntfy = rx.got.find((g) => g.path === '/hagw-secret-topic');
  assert.ok(ntfy);
  assert.equal(ntfy.method, 'POST');
  assert.equal(ntfy.headers.title, 'Homelab AI Gateway: test message');
  assert.equal(ntfy.headers.priority, '3');
  assert.equal(ntfy.headers.tags, 'information_source,hagw,notify');
  assert.equal(ntfy.headers.authorization, 'Bearer tk_secret123');
  assert.match(ntfy.body, /gets the gateway's alerts/);
  const [discord] = rx.json('/api/webhooks/123/tok-en') as { embeds: { title: string }[] }[];
  assert.equal(discord?.embeds[0]?.title, 'Homelab AI Gateway: test message');
});

test('quiet hours are saved and shown; "off" clears them', async () => {
  const on = await notify('quiet', '22:00-07:00');
  assert.equal(on.code, 0, on.stderr);
  assert.match(on.stdout, /Quiet hours: 22:00-07:00 \(criticals still go out\)/);
  assert.match(readFileSync(join(dir, 'channels.json'), 'utf8'), /"start": "22:00"/);
  const off = await notify('quiet', 'off');
  assert.match(off.stdout, /Quiet hours: off/);
});

test('remove deletes the channel by id', async () => {
  const before = NotifyReport.parse(JSON.parse((await notify('list', '--json')).stdout));
  const id = before.channels[0]?.id ?? '';
  assert.equal((await notify('remove', id)).code, 0);
  const after = NotifyReport.parse(JSON.parse((await notify('list', '--json')).stdout));
  assert.deepEqual(
    after.channels.map((c) => c.id),
    before.channels.slice(1).map((c) => c.id),
  );
});
