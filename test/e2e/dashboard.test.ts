/// <reference lib="dom" />
// The renderer in Chromium through `hagw ui`, against the real core and the integration stack
// (run by test/e2e/run.sh on the private dockerd). Screenshots go to docs/screenshots for the README.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { composeSql } from '../../electron/node/compose/compose-sql';
import { localDate } from '../../electron/core/calendar-date';
import { SettingsFile } from '../../electron/node/storage/settings-file';
import { GpuAlertLimitsReport } from '../../electron/shared/settings';
import { dotenvValues } from '../../electron/node/compose/dotenv-file';
import { createDocker } from '../../electron/node/docker/create-docker';
import { createApp } from '../../electron/app/create-app';
import { loopbackFetch } from '../../electron/node/services/loopback-fetch';
import { launchChromium } from '../support/browser';
import { repoRoot } from '../support/fixtures';
import { startReceiver } from '../support/push-receiver';
import { chatLine, jsonl, submitBatch } from '../support/openai-batch';
import { views as dashboardViews } from '../../renderer/src/view-list';
import { hagw } from '../support/run-hagw';
import { freshSpendLogTable } from '../support/spend-log-table';
import { startUi, type UiProcess } from '../support/ui-process';

const shots = join(repoRoot, 'docs', 'screenshots');
const require = createRequire(import.meta.url);
let browser: Browser;
let ui: UiProcess;
let page: Page;

before(async () => {
  assert.ok(
    process.env.DOCKER_HOST && process.env.HAGW_COMPOSE_FILE,
    'run through test/e2e/run.sh',
  );
  const up = await hagw(['stack', 'up', '--wait', '--timeout', '180']);
  assert.equal(up.code, 0, up.stderr);
  ui = await startUi(process.env);
  browser = await launchChromium();
  // Copy key writes to the clipboard: grant it, as a person clicking in their own browser would.
  const context = await browser.newContext({
    viewport: { width: 960, height: 680 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
});
after(async () => {
  await browser?.close();
  await ui?.stop();
  await hagw(['stack', 'down']);
});

const pill = () => page.getByTestId('stack-state');

/** A project's OpenAI client, through Caddy with its own key. */
const viaCaddy = (apiKey: string) =>
  new OpenAI({
    apiKey,
    baseURL: 'https://gateway.home.arpa:18443/v1',
    fetch: loopbackFetch(),
    maxRetries: 0,
  });

/** `hagw keys create <args>`, and that key's client through Caddy. */
const keyClient = async (args: string[]) => {
  const made = await hagw(['keys', 'create', ...args, '--json']);
  assert.equal(made.code, 0, made.stderr);
  return viaCaddy((JSON.parse(made.stdout) as { rawKey: string }).rawKey);
};

/** Opens a view from the navigation, as a person would. */
const show = (label: string, p: Page = page) =>
  p
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: label, exact: true })
    .click();

describe('first run', () => {
  test('with no .env the dashboard offers setup; it writes the secrets and shows the profile for the GPU', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hagw-first-run-'));
    const first = await startUi({
      ...process.env,
      HAGW_DATA_DIR: data,
      HAGW_NVIDIA_SMI: join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi'),
      NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test', 'standins', 'scenarios', 'healthy-load.json'),
    });
    const p = await browser.newPage({ viewport: { width: 960, height: 680 } });
    try {
      await p.goto(first.url);
      await p.getByRole('button', { name: 'Set up the stack' }).click();
      await p.getByTestId('setup-report').waitFor();
      assert.match((await p.getByTestId('setup-report').textContent()) ?? '', /Model profile 24GB/);
      assert.equal(statSync(join(data, '.env')).mode & 0o777, 0o600);
      assert.doesNotMatch(await p.content(), /sk-[0-9a-f]{64}/, 'no secret reaches the page');
      await p.screenshot({ path: join(shots, 'first-run.png') });
    } finally {
      await p.close();
      await first.stop();
    }
  });
});

describe('a failing GPU', () => {
  test('a fan reading turned into ERR! is critical on the dashboard, with the reason', async () => {
    const bad = await startUi({
      ...process.env,
      NVSMI_STANDIN_SCENARIO: join(repoRoot, 'test', 'standins', 'scenarios', 'error-tokens.json'),
    });
    const p = await browser.newPage({ viewport: { width: 960, height: 680 } });
    try {
      // A link that names the view opens it (the token rides along in the fragment).
      await p.goto(bad.url.replace('#', '#gpu&'));
      await p.waitForFunction(
        () => /critical/.test(document.querySelector('[data-testid=gpu-0]')?.textContent ?? ''),
        null,
        { timeout: 15_000 },
      );
      assert.match(await p.getByTestId('gpu-0').innerText(), /\t—\t— \/ 350 W\tcritical/);
      assert.match(
        (await p.getByTestId('gpu-finding').first().textContent()) ?? '',
        /fan reading turned into "ERR!"/,
      );
      await p.getByTestId('gpu-panel').screenshot({ path: join(shots, 'gpu-critical.png') });
    } finally {
      await p.close();
      await bad.stop();
    }
  });
});

describe('dashboard through the hagw ui bridge', () => {
  test('without the token the page says how to get in, and shows no data', async () => {
    const bare = new URL(ui.url);
    bare.hash = '';
    const p = await browser.newPage();
    await p.goto(bare.href);
    await p.getByRole('alert').waitFor();
    assert.match(
      (await p.getByRole('alert').textContent()) ?? '',
      /Open the URL that "hagw ui" printed/,
    );
    assert.equal(await p.getByTestId('stack-state').count(), 0);
    await p.close();
  });

  test('running stack: every service, healthy, and LiteLLM with its version', async () => {
    await page.goto(ui.url);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=stack-state]')?.textContent === 'running',
    );
    const rows = await page.locator('[data-testid=services] tbody tr').allInnerTexts();
    assert.deepEqual(
      rows.map((r) => r.split('\t')[0]),
      [
        'batch',
        'caddy',
        'litellm',
        'postgres',
        'prometheus',
        'redis',
        'vllm',
        'vllm-embed',
        'waker',
      ],
    );
    assert.ok(
      rows.every((r) => /running\thealthy/.test(r)),
      rows.join('\n'),
    );
    assert.match((await page.getByTestId('litellm').textContent()) ?? '', /up \(v1\.101\.0\)/);
    assert.equal(page.url().includes('token='), false, 'the token left the address bar');
    await page.screenshot({ path: join(shots, 'dashboard-running.png') });
  });

  test('the GPU panel shows temperature, fan and health live; "I cleaned it" records today', async () => {
    await show('GPU & maintenance');
    await page.getByTestId('gpu-0').waitFor();
    assert.match(
      await page.getByTestId('gpu-0').innerText(),
      /68 °C.*\t62 %\t250\.4 \/ 350 W\tok/s,
    );
    await page.getByRole('button', { name: 'I cleaned it' }).click();
    const today = new Date().toISOString().slice(0, 10);
    await page
      .getByTestId('maintenance')
      .getByText(new RegExp(`last ${today}`))
      .waitFor();
    await page.screenshot({ path: join(shots, 'dashboard-gpu.png'), fullPage: true });
  });

  test('keys: create one for a new project, copy its .env lines in one click, delete it after confirming', async () => {
    await show('Keys & usage');
    await page.getByLabel('App name').fill('discord-bot');
    await page.getByLabel(/^Monthly budget/).fill('2');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('key-discord-bot').waitFor();
    await page.getByTestId('key-discord-bot').getByRole('button', { name: 'Copy key' }).click();
    await page
      .getByTestId('keys-message')
      .getByText(/Copied the \.env lines/)
      .waitFor();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(
      clip,
      /^OPENAI_BASE_URL=https:\/\/gateway\.home\.arpa:18443\/v1\nOPENAI_API_KEY=sk-[A-Za-z0-9]+\n$/,
    );
    assert.doesNotMatch(
      await page.content(),
      /sk-[A-Za-z0-9]{20,}/,
      'the raw key is never rendered into the page',
    );
    await page.getByLabel('App name').fill('my bot');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page
      .getByRole('alert')
      .getByText(/contains spaces; use dashes instead/)
      .waitFor();
    await page.screenshot({ path: join(shots, 'dashboard-keys.png'), fullPage: true });
    await page.getByTestId('key-discord-bot').getByRole('button', { name: 'Delete' }).click();
    await page
      .getByTestId('key-discord-bot')
      .getByRole('button', { name: 'Really delete' })
      .click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=key-discord-bot]'));
  });

  test('keys: a budget in tokens priced with the model; snippets shortened on screen and whole on the clipboard; Rotate: the old key is refused through Caddy, the new one answers', async () => {
    await show('Keys & usage');
    await page.getByLabel('App name').fill('ide-helper');
    await page.getByLabel(/^Monthly budget/).fill('2000000');
    await page.getByLabel(/^Budget in/).selectOption('tokens');
    await page.getByRole('button', { name: 'Create key' }).click();
    // local-chat's reference price ($0.15 in / $0.60 out per 1M): 2M tokens come to about $0.53.
    await page
      .getByTestId('keys-message')
      .getByText(/^Created ide-helper with a \$0\.\d{4} budget/)
      .waitFor();
    const row = page.getByTestId('key-ide-helper');
    await row.getByRole('button', { name: 'Snippets' }).click();
    const snippets = page.getByTestId('key-snippets');
    for (const kind of ['env', 'python', 'javascript', 'curl'])
      assert.match(
        (await snippets.getByTestId(`snippet-${kind}`).textContent()) ?? '',
        /sk-…[A-Za-z0-9]{4}/,
        `${kind} shows the key shortened`,
      );
    assert.doesNotMatch(await page.content(), /sk-[A-Za-z0-9]{20,}/, 'never the whole key');
    await snippets.getByRole('button', { name: 'Copy Python' }).click();
    await snippets.getByText('Copied the Python snippet for ide-helper.').waitFor();
    const python = await page.evaluate(() => navigator.clipboard.readText());
    const oldKey = /api_key="(sk-[A-Za-z0-9]+)"/.exec(python)?.[1] ?? '';
    assert.match(python, /OpenAI\(base_url="https:\/\/gateway\.home\.arpa:18443\/v1"/);
    const chat = (apiKey: string) =>
      viaCaddy(apiKey)
        .chat.completions.create({
          model: 'local-chat',
          messages: [{ role: 'user', content: 'hi' }],
        })
        .then(
          () => 200,
          // No status: no HTTP answer at all; the reason goes into the failure message.
          (e: { status?: number; message?: string }) => e.status ?? `no answer: ${e.message}`,
        );
    assert.equal(await chat(oldKey), 200);

    await row.getByRole('button', { name: 'Rotate' }).click();
    await row.getByRole('button', { name: 'Really rotate' }).click();
    await page
      .getByTestId('keys-message')
      .getByText(
        /^Rotated ide-helper: the old key no longer works\. Its new \.env lines are on the clipboard\./,
      )
      .waitFor();
    const env = await page.evaluate(() => navigator.clipboard.readText());
    const newKey = /OPENAI_API_KEY=(sk-[A-Za-z0-9]+)/.exec(env)?.[1] ?? '';
    assert.ok(newKey !== '' && newKey !== oldKey, 'a new key on the clipboard');
    assert.equal(await chat(oldKey), 401);
    assert.equal(await chat(newKey), 200);
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Really delete' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=key-ide-helper]'));
  });

  test("a key's spend bar crosses 80 % as its project calls through Caddy, and the budget alert appears", async () => {
    const oa = await keyClient(['obsidian', '--budget', '0.0002']);
    await page.reload();
    await show('Keys & usage');
    const meter = page.getByRole('meter', { name: 'obsidian budget used' });
    await meter.waitFor();
    assert.equal(Number(await meter.getAttribute('value')), 0);
    // A few calls at the local route's reference price until 80 % of $0.0002 is spent (bounded).
    for (let i = 0; i < 40; i++) {
      const over = await oa.chat.completions
        .create({
          model: 'local-chat',
          messages: [{ role: 'user', content: `note ${i}: summarise` }],
        })
        .then(
          () => false,
          () => true,
        );
      const { key } = JSON.parse((await hagw(['keys', 'show', 'obsidian', '--json'])).stdout) as {
        key: { budgetUsedPercent: number | null };
      };
      if (over || (key.budgetUsedPercent ?? 0) >= 80) break;
    }
    // The supervisor's tick raises the alert; the page follows it (alerts.changed) with no reload.
    await page
      .getByTestId('alerts-panel')
      .getByText(/obsidian (used \d+ % of its budget|is out of budget)/)
      .waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector('meter[aria-label="obsidian budget used"]')?.getAttribute('value'),
        ) >= 80,
      null,
      { timeout: 30_000 },
    );
    // Its traffic: the calls just made in the sparkline and the tokens-per-call histogram.
    await page.getByLabel('Traffic of key').selectOption('obsidian');
    const traffic = page.getByTestId('traffic-obsidian');
    for (const deadline = Date.now() + 30_000; ;) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(500);
      if ((await traffic.getByTestId('tokens-histogram').count()) > 0) break;
      assert.ok(Date.now() < deadline, 'no traffic for obsidian after 30 s');
    }
    assert.match(
      (await traffic.getByTestId('calls-sparkline').textContent()) ?? '',
      /[1-9]\d* calls? in the last hour, at most [1-9]\d* in one minute\./,
    );
    assert.ok(Number(await traffic.getByTestId('tokens-histogram').getAttribute('data-bins')) >= 1);
    assert.match(
      (await traffic.getByTestId('tokens-histogram').textContent()) ?? '',
      /Tokens per call over the last 24 h: [1-9]\d* calls?/,
    );
    // The row's own sparkline: the same last hour, for every key at a glance.
    await page.reload();
    await show('Keys & usage');
    const spark = page.getByTestId('key-obsidian').getByTestId('calls-sparkline');
    await spark.waitFor();
    assert.ok(Number(await spark.getAttribute('data-calls')) >= 1);
    await page.getByLabel('Traffic of key').selectOption('obsidian');
    await traffic.getByTestId('tokens-histogram').waitFor();
    await page.getByTestId('keys-panel').screenshot({ path: join(shots, 'dashboard-budget.png') });
    assert.equal((await hagw(['keys', 'delete', 'obsidian', '--yes'])).code, 0);
  });

  test('a key with more than 7 days of use gets a suggested budget beside it; Apply sets it in LiteLLM', async () => {
    const oa = await keyClient(['notes-bot', '--budget', '1']);
    // Nine days of use: the stand-in's clock (its own control route, master key) is set back nine
    // days and moved a day after each call, so its spend logs carry those days, as LiteLLM's would.
    const master = dotenvValues(
      readFileSync(join(process.env.HAGW_DATA_DIR ?? '', '.env'), 'utf8'),
    ).LITELLM_MASTER_KEY;
    const standin = (route: string, body: object) =>
      fetch(`${process.env.HAGW_LITELLM_URL ?? ''}/__standin/${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${master ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const day = 86_400_000;
    await standin('clock', { advanceMs: -9 * day });
    for (let d = 0; d < 9; d++) {
      await oa.chat.completions.create({
        model: 'local-chat',
        messages: [{ role: 'user', content: `day ${d}: file my notes` }],
      });
      await standin('clock', { advanceMs: day });
    }
    await standin('flush', {});
    await page.reload();
    await show('Keys & usage');
    const row = page.getByTestId('key-notes-bot');
    const apply = row.getByRole('button', { name: 'Apply to notes-bot' });
    await apply.waitFor();
    const suggested = Number(/\$([\d.]+)\s*Apply/.exec(await row.innerText())?.[1]);
    assert.ok(suggested > 0 && suggested !== 1, `suggested ${suggested}`);
    await apply.click();
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=key-notes-bot] button[data-apply]'),
    );
    for (const deadline = Date.now() + 15_000; ;) {
      const { key } = JSON.parse((await hagw(['keys', 'show', 'notes-bot', '--json'])).stdout) as {
        key: { maxBudget: number | null };
      };
      if (key.maxBudget === suggested) break;
      assert.ok(Date.now() < deadline, `LiteLLM's budget is ${key.maxBudget}, not ${suggested}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal((await hagw(['keys', 'delete', 'notes-bot', '--yes'])).code, 0);
  });

  test("certificates and the doctor: the served certificate from Caddy's local CA, no critical finding", async () => {
    await show('Certificates & doctor');
    await page.getByTestId('certs').waitFor();
    assert.match(
      await page.getByTestId('certs').innerText(),
      /gateway\.home\.arpa\tok\t.*Caddy Local Authority/s,
    );
    // The doctor's answer, not just its heading: the findings are read once it is there.
    await page.getByTestId('doctor-result').waitFor({ timeout: 30_000 });
    const findings = await page.getByTestId('doctor-finding').allInnerTexts();
    assert.ok(
      findings.every((f) => !f.startsWith('critical')),
      findings.join('\n'),
    );
    await page.getByTestId('safety-panel').screenshot({ path: join(shots, 'certs-doctor.png') });
  });

  test("the logs panel shows the service's own lines; images show what is pinned", async () => {
    await show('Overview');
    await page.getByRole('button', { name: 'Logs of vllm', exact: true }).click();
    await page
      .getByTestId('logs-panel')
      .getByText(/Starting vLLM API server/)
      .waitFor();
    const images = await page.locator('[data-testid=images] tbody tr').allInnerTexts();
    assert.ok(
      images.some((r) => /^vllm\tno\thagw-test\/vllm:latest/.test(r)),
      images.join('\n'),
    );
    await page.screenshot({ path: join(shots, 'dashboard-logs.png'), fullPage: true });
    await page.getByRole('button', { name: 'Close' }).click();
  });

  test('batch jobs: a batch sent with the openai client through Caddy shows with its app and progress', async () => {
    const oa = await keyClient(['summariser', '--budget', '2']);
    const ids = Array.from({ length: 12 }, (_, i) => `note-${i}`);
    const { batch: b } = await submitBatch(oa, jsonl(ids.map((id) => chatLine(id))));
    await show('Batches');
    // The supervisor's tick brings it to the page (batches.changed); no reload.
    const row = page.getByTestId('batches').locator('tr', { hasText: b.id });
    await row.getByText('completed').waitFor({ timeout: 60_000 });
    const cells = await row.innerText();
    assert.match(cells, /summariser\tcompleted\t\s*12\/12/);
    assert.equal(
      await row
        .getByRole('progressbar', { name: `${b.id}: 12 of 12 requests` })
        .getAttribute('value'),
      '12',
    );
    await page
      .getByTestId('batches-panel')
      .screenshot({ path: join(shots, 'dashboard-batches.png') });
  });

  test('a container killed from outside shows as partial, with its last log lines, pushed live', async () => {
    await show('Overview');
    const docker = createDocker(process.env.DOCKER_HOST ?? null);
    const [vllm] = await docker.listContainers({
      filters: {
        label: [
          `com.docker.compose.project=${process.env.HAGW_COMPOSE_PROJECT ?? ''}`,
          'com.docker.compose.service=vllm',
        ],
      },
    });
    await docker.getContainer(vllm!.Id).kill();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=stack-state]')?.textContent === 'partial',
      null,
      { timeout: 10_000 },
    );
    assert.match(await page.getByTestId('service-vllm').innerText(), /exited \(exit 137\)/);
    await page.getByTestId('log-vllm').waitFor();
    await page.screenshot({ path: join(shots, 'dashboard-partial.png') });
  });

  test('Start stack brings it back to running, with its progress shown live; Stop stack stops it', async () => {
    // Record every progress line the page shows while the start runs (stack.progress events).
    await page.evaluate(() => {
      const w = window as unknown as { progressSeen: string[] };
      w.progressSeen = [];
      new MutationObserver(() => {
        const t = document.querySelector('[data-testid=progress]')?.textContent;
        if (t && w.progressSeen.at(-1) !== t) w.progressSeen.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Start stack' }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=stack-state]')?.textContent === 'running',
      null,
      { timeout: 60_000 },
    );
    const seen = await page.evaluate(
      () => (window as unknown as { progressSeen: string[] }).progressSeen,
    );
    assert.ok(seen.length > 0, 'no progress line reached the dashboard during the start');
    await page.getByRole('button', { name: 'Stop stack' }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=stack-state]')?.textContent === 'stopped',
      null,
      { timeout: 60_000 },
    );
    assert.equal(await pill().textContent(), 'stopped');
    await page.screenshot({ path: join(shots, 'dashboard-stopped.png') });
  });

  test('push notifications: a bad URL is refused with what to write; a webhook is added and tested', async () => {
    const rx = await startReceiver();
    try {
      await show('Settings');
      const panel = page.getByTestId('notify-panel');
      await panel.getByLabel('Channel type').selectOption('webhook');
      await panel.getByLabel('Channel URL').fill('ftp://nope');
      await panel.getByRole('button', { name: 'Add channel' }).click();
      await page
        .getByTestId('notify-message')
        .filter({ hasText: /http:\/\/ or https:\/\// })
        .waitFor();
      // The receiver is on this machine: refused until the private target is confirmed.
      await panel.getByLabel('Channel URL').fill(`${rx.url}/hook-secret`);
      await panel.getByRole('button', { name: 'Add channel' }).click();
      await page
        .getByTestId('notify-message')
        .filter({ hasText: /127\.0\.0\.1 is a private address/ })
        .waitFor();
      await panel.getByLabel('A target on my own network').check();
      await panel.getByRole('button', { name: 'Add channel' }).click();
      await panel.getByTestId('channels').waitFor();
      assert.doesNotMatch(await panel.innerText(), /hook-secret/, 'the URL is shown redacted');
      await panel.getByRole('button', { name: 'Test' }).first().click();
      await page
        .getByTestId('notify-message')
        .filter({ hasText: /Delivered to webhook-/ })
        .waitFor();
      assert.equal(rx.json('/hook-secret')[0]?.id, 'notify:test');
      await panel.screenshot({ path: join(shots, 'dashboard-notify.png') });
    } finally {
      await rx.close();
    }
  });
  test('compatibility: "Check now" runs hagw compat through Caddy and shows each check', async () => {
    // The test before stopped the stack.
    const up = await hagw(['stack', 'up', '--wait', '--timeout', '180']);
    assert.equal(up.code, 0, up.stderr);
    await show('Overview');
    const panel = page.getByTestId('compat-panel');
    await panel.getByRole('button', { name: 'Check now' }).click();
    const result = panel.getByTestId('compat-result').filter({ hasText: 'gateway' });
    await result.waitFor();
    const summary = (await result.locator('summary').innerText()).replace(/\s+/g, ' ');
    // The stand-in follows the pinned LiteLLM line (budget exceeded is a 429), and the stack serves
    // local-embed: every check passes, the Responses API and base64 embeddings included.
    assert.match(summary, /gateway — 14 passed, 0 failed, 0 skipped, first token after \d+ ms/);
    assert.deepEqual(await result.locator('tbody tr.bad').allInnerTexts(), []);
    assert.doesNotMatch(
      await page.content(),
      /sk-[A-Za-z0-9]{20,}/,
      'no temporary key on the page',
    );
    await panel.screenshot({ path: join(shots, 'dashboard-compat.png') });
  });

  test('models, the audit trail and remote access: routes with prices, the calls just made, tunnels off with the command to turn one on', async () => {
    // The compat check above called through Caddy; a fresh load mounts the panels again.
    // LiteLLM's spend-log table as the real LiteLLM keeps it (schema.prisma; the stand-in keeps
    // its logs in memory): a week of calls in the real Postgres, for the growth line.
    const gw = createApp(resolveConfig(repoRoot, process.env), { env: process.env });
    try {
      const sql = composeSql(gw.stack.compose);
      await freshSpendLogTable(sql);
      await sql(
        `INSERT INTO "LiteLLM_SpendLogs" SELECT 'e2e-' || g, now() - (g * interval '15 minutes'), 0.0001 FROM generate_series(1, 672) g`,
      );
    } finally {
      gw.dispose();
    }
    await page.goto(ui.url);
    await show('Models & audit');
    const models = page.getByTestId('models-panel');
    await models.getByTestId('models').waitFor();
    const rows = await models.getByTestId('models').locator('tbody tr').allInnerTexts();
    const row = (name: string) => rows.find((r) => r.startsWith(`${name}\t`)) ?? '';
    assert.match(
      row('local-chat'),
      /^local-chat\tlocal\thttp:\/\/waker:4200\/local-chat\/v1\t\$0\.15\t\$0\.60\t/,
    );
    assert.match(row('local-coder'), /routed to nothing/);
    await models.screenshot({ path: join(shots, 'dashboard-models.png') });

    const audit = page.getByTestId('audit-panel');
    // LiteLLM writes spend logs in batches: ask again until the calls are there (30 s at most).
    const deadline = Date.now() + 30_000;
    await audit.getByLabel('Since').selectOption('1h');
    for (;;) {
      await audit.getByRole('button', { name: 'Show calls' }).click();
      await page.waitForTimeout(500);
      if ((await audit.locator('[data-testid=audit] tbody tr').count()) > 0) break;
      assert.ok(Date.now() < deadline, 'no calls in the audit view after 30 s');
    }
    const calls = await audit.locator('[data-testid=audit] tbody tr').allInnerTexts();
    assert.ok(
      calls.some((c) => /\tlocal-chat\t\d+\t\d+\tsuccess\t/.test(c)),
      calls.join('\n'),
    );
    await audit.getByLabel('Status').selectOption('error');
    await audit.getByRole('button', { name: 'Show calls' }).click();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-testid=audit] tbody tr')).every((r) =>
        /\terror\t/.test((r as HTMLElement).innerText),
      ),
    );
    assert.match(
      (await audit.getByTestId('audit-growth').textContent()) ?? '',
      /Spend-log table: 672 calls, [\d.]+ MiB; about 96 calls\/day, so 30 days kept ≈ [\d.]+ MiB of [\d.]+ GiB free\./,
    );
    await audit.screenshot({ path: join(shots, 'dashboard-audit.png') });

    await show('Certificates & doctor');
    const remote = page.getByTestId('remote-panel');
    assert.match(
      await remote.getByTestId('remote-tailscale').innerText(),
      /^Tailscale\toff\t—\tnot set\tTS_AUTHKEY=… hagw remote enable tailscale/,
    );
    assert.match(await remote.getByTestId('remote-cloudflare').innerText(), /off\t—\tnot set/);
    assert.doesNotMatch(await page.content(), /sk-[A-Za-z0-9]{20,}|tskey-|eyJ[A-Za-z0-9]{20,}/);
    await remote.screenshot({ path: join(shots, 'dashboard-remote.png') });
  });

  test('the Models view shows each model awake or asleep; Free the GPU puts them to sleep, Resume wakes the pinned one', async () => {
    const pin = await hagw(['models', 'set', 'local-chat', '--pin']);
    assert.equal(pin.code, 0, pin.stderr);
    await page.goto(ui.url);
    await show('Models & audit');
    const life = page.getByTestId('lifecycle');
    const state = (name: string) =>
      life.locator(`[data-testid=lifecycle-models] tbody tr:has(td:text-is("${name}"))`);
    await state('local-chat').locator('td:nth-child(2):text-is("awake")').waitFor();
    assert.match(await state('local-chat').innerText(), /^local-chat\tawake\t10\.8 GiB\t/);
    await life.getByTestId('gpu-switch').click();
    // Every model asleep (read again every 3 s), and the switch turned into Resume.
    await state('local-chat').locator('td:nth-child(2):text-is("asleep (level 1)")').waitFor();
    await state('local-embed').locator('td:nth-child(2):text-is("asleep (level 1)")').waitFor();
    await life.getByRole('button', { name: 'Resume models' }).waitFor();
    assert.match(
      (await life.getByTestId('lifecycle-budget').textContent()) ?? '',
      /the GPU is freed: requests get a 503 until Resume/,
    );
    await life.screenshot({ path: join(shots, 'dashboard-models-freed.png') });
    await life.getByRole('button', { name: 'Resume models' }).click();
    await state('local-chat').locator('td:nth-child(2):text-is("awake")').waitFor();
    // Unpinned, local-embed sleeps on until a request wants it.
    assert.match(await state('local-embed').innerText(), /asleep \(level 1\)/);
    // An idle time out of range is refused with its range, in the form's own words.
    await life.getByLabel('Idle minutes for local-chat').fill('2000');
    await state('local-chat').getByRole('button', { name: 'Save' }).click();
    await life
      .getByRole('alert')
      .filter({
        hasText: 'Idle minutes must be a whole number of minutes from 0 (never sleep) to 1440',
      })
      .waitFor();
    await hagw(['models', 'set', 'local-chat', '--unpin']);
    await hagw(['models', 'wake', 'local-embed']);
  });

  test('the GPU chart gains points as the stand-in plays its readings, and says in words what it draws', async () => {
    await show('GPU & maintenance');
    const chart = page.getByTestId('gpu-chart-0');
    await chart.waitFor();
    const points = async () => Number(await chart.getAttribute('data-points'));
    const first = await points();
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector('[data-testid=gpu-chart-0]')?.getAttribute('data-points')) >=
        n + 2,
      first,
      { timeout: 20_000 },
    );
    assert.match(
      (await chart.locator('figcaption').textContent()) ?? '',
      /GPU 0 \(NVIDIA GeForce RTX 3090\), last \d+ min: temperature \d+(–\d+)? °C \(slows down at \d+ °C\), fan \d+(–\d+)? %, power \d+(–\d+)? W\./,
    );
    assert.equal(await chart.locator('canvas').count(), 1);
  });

  test('the thermal trend: °C per W per day since the cleaning against its baseline, drawn and in words', async () => {
    // Two weeks of steady-load days as the dust tracker keeps them, the cleaning before them.
    const settings = new SettingsFile(process.env.HAGW_DATA_DIR ?? '');
    const day = (n: number) => localDate(Date.now() - n * 86_400_000);
    const bus = '00000000:09:00.0';
    await settings.update((s) => ({
      ...s,
      maintenance: { lastCleaned: day(20), snoozedUntil: null },
      dust: {
        days: Array.from({ length: 14 }, (_, i) => ({
          date: day(14 - i),
          busId: bus,
          r: 0.2 + i * 0.002,
          fan: 60,
          windows: 12,
        })),
        baselines: [{ busId: bus, r: 0.2, fan: 60, from: day(14) }],
        today: [],
      },
    }));
    await page.reload();
    await show('GPU & maintenance');
    const chart = page.getByTestId('thermal-chart');
    await chart.waitFor();
    assert.equal(await chart.getAttribute('data-points'), '14');
    assert.equal(await chart.locator('canvas').count(), 1);
    assert.match(
      (await chart.locator('figcaption').textContent()) ?? '',
      /GPU 00000000:09:00\.0: 0\.200–0\.226 °C\/W over 14 days since the cleaning; baseline 0\.200 °C\/W \(\+\d+\.\d %\)/,
    );
    await page.getByTestId('gpu-panel').screenshot({ path: join(shots, 'dashboard-thermal.png') });
  });

  test('Settings: quiet hours out of range are refused with the format; a saved value survives a restart of hagw ui', async () => {
    await show('Settings');
    const quiet = page.getByLabel('Quiet hours');
    await quiet.fill('25:00-07:00');
    await page.getByRole('button', { name: 'Save quiet hours' }).click();
    await page.getByTestId('notify-message').filter({ hasText: /HH:MM/ }).waitFor();
    await quiet.fill('23:00-06:30');
    await page.getByRole('button', { name: 'Save quiet hours' }).click();
    await page
      .getByTestId('notify-message')
      .filter({ hasText: 'Quiet hours 23:00-06:30.' })
      .waitFor();
    await ui.stop();
    ui = await startUi(process.env);
    await page.goto(ui.url);
    await show('Settings');
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>('input[aria-label="Quiet hours"]')?.value ===
        '23:00-06:30',
    );
    assert.match(
      (await page.getByTestId('gateway-url').textContent()) ?? '',
      /^https:\/\/gateway\.home\.arpa:18443\/v1$/,
    );
    await quiet.fill('');
    await page.getByRole('button', { name: 'Save quiet hours' }).click();
    await page.getByTestId('notify-message').filter({ hasText: 'Quiet hours off.' }).waitFor();
  });

  test('Settings: a GPU alert threshold out of range is refused with its range; a saved margin moves the warning, and the CLI reads the same', async () => {
    await show('Settings');
    const margin = page.getByLabel('Warn this many °C below the slowdown temperature');
    const save = page.getByRole('button', { name: 'Save thresholds' });
    const message = page.getByTestId('gpu-alerts-message');
    const limits = async () => {
      const r = await hagw(['gpu', 'limits', '--json']);
      assert.equal(r.code, 0, r.stderr);
      return GpuAlertLimitsReport.parse(JSON.parse(r.stdout));
    };
    await margin.fill('25');
    await save.click();
    await message.filter({ hasText: /25 is out of range; allowed 2-20 °C/ }).waitFor();
    assert.deepEqual((await limits()).changed, [], 'nothing of a refused change is saved');
    await page.getByTestId('gpu-warn-at').filter({ hasText: 'warns at 90 °C' }).waitFor();

    await page.getByLabel('Warn this many °C below the slowdown temperature').fill('10');
    await save.click();
    await message.filter({ hasText: /^Saved/ }).waitFor();
    await page
      .getByTestId('gpu-warn-at')
      .filter({ hasText: /GPU 0 \(NVIDIA GeForce RTX 3090\): warns at 85 °C, slows down at 95 °C/ })
      .waitFor();
    assert.deepEqual((await limits()).limits, { marginC: 10, spinUpC: null, siblingGapC: 10 });
    await page
      .getByTestId('gpu-alerts-panel')
      .screenshot({ path: join(shots, 'settings-gpu-alerts.png') });

    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    await message.filter({ hasText: 'Back to the defaults.' }).waitFor();
    assert.equal((await limits()).limits.marginC, 5);
  });

  test('the last 7 days: the supervisor keeps a summary a minute on disk, and the week chart shows it', async () => {
    await show('Overview');
    // The hagw ui running since the start has closed several minutes by now; wait for two.
    for (const deadline = Date.now() + 150_000; ;) {
      await show('GPU & maintenance');
      const points = Number(
        (await page
          .getByTestId('gpu-week-0')
          .getAttribute('data-points', { timeout: 5000 })
          .catch(() => '0')) ?? '0',
      );
      if (points >= 2) break;
      assert.ok(Date.now() < deadline, 'fewer than two minutes in the week chart after 150 s');
      await show('Overview');
      await page.waitForTimeout(10_000);
    }
    assert.match(
      (await page.getByTestId('gpu-week-0').locator('figcaption').textContent()) ?? '',
      /GPU 0, \d+ minutes over \d+ h: hottest 68 °C, fan 62 %, power 250 W\./,
    );
    assert.ok(readdirSync(join(process.env.HAGW_DATA_DIR ?? '', 'gpu-minutes')).length >= 1);
    // Each minute carries the models' lifecycle (the wake service runs in this stack): the week's
    // power by lifecycle state, and what sleeping saved once both were seen.
    const energy = page.getByTestId('lifecycle-energy');
    assert.match(await energy.innerText(), /All awake\t\d+(\.\d)? (min|h)\t\d+(\.\d)? W/);
    assert.match(
      (await energy.getByTestId('lifecycle-saved').textContent()) ?? '',
      /^Sleeping saved( [\d.]+ Wh this week|: not known yet)/,
    );
  });

  test("vLLM's queue over the last hour, with the outgrown-card line, as the server samples it", async () => {
    await show('GPU & maintenance');
    const chart = page.getByTestId('queue-chart');
    // The load watch reads vLLM's /metrics every 15 s: the first samples come within a minute.
    await chart.waitFor({ timeout: 60_000 });
    assert.ok(Number(await chart.getAttribute('data-points')) >= 1);
    assert.match(
      (await chart.locator('figcaption').textContent()) ?? '',
      /at most \d+ requests? waiting, \d+ now\. More than 5 for 10 minutes means the card is outgrown/,
    );
  });

  test('left open, the charts stay cheap: main-thread time with the GPU view live against a view with no chart', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    };
    const share = async (label: string) => {
      await show(label);
      await page.waitForTimeout(2000);
      const [t0, b0] = [Date.now(), await busy()];
      await page.waitForTimeout(20_000);
      return ((await busy()) - b0) / ((Date.now() - t0) / 1000);
    };
    const charts = await share('GPU & maintenance');
    const plain = await share('Batches');
    console.log(
      `# main-thread busy share over 20 s: GPU view (3 live charts) ${(charts * 100).toFixed(2)} %, Batches view ${(plain * 100).toFixed(2)} %`,
    );
    // Readings arrive every 2 s; drawing them must stay a small part of one core.
    assert.ok(charts < 0.05, `the GPU view kept the page ${(charts * 100).toFixed(1)} % busy`);
    await cdp.detach();
  });

  test('at 125 % zoom (880 CSS px across a 1100 px window) no view scrolls sideways', async () => {
    const p = await browser.newPage({ viewport: { width: 880, height: 700 } });
    try {
      await p.goto(ui.url);
      await p.getByTestId('stack-state').waitFor();
      for (const v of dashboardViews) {
        await show(v.label, p);
        await p.locator('main section').first().waitFor();
        await p.waitForTimeout(500);
        const [scroll, width] = await p.evaluate(() => [
          document.documentElement.scrollWidth,
          document.documentElement.clientWidth,
        ]);
        assert.ok(scroll <= width, `${v.id}: ${scroll} px wide in ${width} px`);
      }
    } finally {
      await p.close();
    }
  });

  test('every view in light and dark: no serious or critical accessibility violation (axe), a screenshot of each', async () => {
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    for (const scheme of ['light', 'dark'] as const) {
      // axe is injected as a script: this context alone lets it past the page's CSP.
      const context = await browser.newContext({
        viewport: { width: 1100, height: 800 },
        colorScheme: scheme,
        bypassCSP: true,
      });
      const p = await context.newPage();
      try {
        await p.goto(ui.url);
        await p.getByTestId('stack-state').waitFor();
        for (const v of dashboardViews) {
          await show(v.label, p);
          await p.waitForFunction(
            (title) => document.getElementById('view-title')?.textContent === title,
            v.label,
          );
          // Let the view's first answers arrive (the event stream keeps the network busy, so
          // "network idle" never comes): its sections, then a moment to render them.
          await p.locator('main section').first().waitFor();
          await p.waitForTimeout(1000);
          await p.addScriptTag({ content: axeSource });
          const result = (await p.evaluate(() =>
            (window as unknown as { axe: { run: (o: unknown) => Promise<unknown> } }).axe.run({
              runOnly: {
                type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
              },
            }),
          )) as {
            violations: {
              id: string;
              impact: string;
              help: string;
              nodes: { target: string[] }[];
            }[];
          };
          const bad = result.violations.filter(
            (x) => x.impact === 'serious' || x.impact === 'critical',
          );
          assert.deepEqual(
            bad.map(
              (x) =>
                `${v.id}/${scheme}: ${x.id} (${x.impact}) ${x.help} at ${x.nodes
                  .map((n) => n.target.join(' '))
                  .slice(0, 3)
                  .join(', ')}`,
            ),
            [],
          );
          await p.screenshot({ path: join(shots, `view-${v.id}-${scheme}.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    }
  });
});
