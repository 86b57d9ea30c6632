// The doctor's door rule: the bundled Caddyfile lets only the OpenAI API through; the one this
// project shipped before (every path but /metrics to LiteLLM) and other permissive shapes are
// critical, naming the site and the routes; a proxy that passes Host through is a warning.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { auditCaddyDoor, managementProbes } from '../../electron/core/caddy-door';
import { repoRoot } from '../support/fixtures';

const bundled = readFileSync(join(repoRoot, 'compose', 'caddy', 'Caddyfile'), 'utf8');
const env = {};

test('the bundled Caddyfile: no leak and no Host pass-through, on both doors', () => {
  const a = auditCaddyDoor(bundled, env);
  assert.deepEqual(a, { leaks: [], hostPassThrough: [] });
});

test('the Caddyfile shipped before the allow-list: management routes reach LiteLLM from both doors', () => {
  // Before this change (git history of compose/caddy/Caddyfile): handle /metrics* {respond 404},
  // the Batch API to the batch service, and `handle { reverse_proxy litellm:4000 }` for the rest.
  const old = `
{
	default_bind {$HAGW_CADDY_BIND:0.0.0.0}
}
(gateway) {
	handle /metrics* {
		respond 404
	}
	@batch path /v1/files /v1/files/* /v1/batches /v1/batches/*
	handle @batch {
		reverse_proxy {$HAGW_BATCH_UPSTREAM:batch:4100}
	}
	handle {
		reverse_proxy {$HAGW_UPSTREAM:litellm:4000} {
			flush_interval -1
		}
	}
}
{$HAGW_SITE_ADDRESS:gateway.home.arpa} {
	import gateway
}
http://:8080 {
	import gateway
}
`;
  const a = auditCaddyDoor(old, env);
  assert.deepEqual(
    a.leaks.map((l) => [l.site, l.upstream, l.target, l.paths[0]]),
    [
      ['gateway.home.arpa', 'litellm', 'litellm:4000', '/key/generate'],
      ['http://:8080', 'litellm', 'litellm:4000', '/key/generate'],
    ],
  );
  assert.ok(!a.leaks[0]!.paths.includes('/metrics'), 'the /metrics handle is honoured');
  assert.deepEqual(
    a.hostPassThrough.map((h) => h.site),
    ['gateway.home.arpa', 'http://:8080'],
  );
  // The same file bound to loopback alone has no door beyond the machine.
  assert.deepEqual(auditCaddyDoor(old, { HAGW_CADDY_BIND: '127.0.0.1' }).leaks, []);
});

test('a prefix rule wider than the API, a stripped prefix, and vLLM behind any route are leaks', () => {
  const wide = `ai.lan {
	handle /v1/* {
		reverse_proxy litellm:4000 {
			header_up Host ai.lan
		}
	}
	handle_path /admin/* {
		reverse_proxy 10.0.0.5:4000
	}
	handle /raw/* {
		reverse_proxy vllm:8000
	}
}`;
  const a = auditCaddyDoor(wide, env);
  const byTarget = Object.fromEntries(a.leaks.map((l) => [l.target, l.paths]));
  assert.deepEqual(byTarget['litellm:4000'], ['/v1/model/info']);
  assert.equal(byTarget['10.0.0.5:4000']?.[0], '/key/generate', 'handle_path strips /admin');
  assert.equal(byTarget['vllm:8000'], undefined, 'no probe starts with /raw/');
  // vLLM on the catch-all: every client route reaches it with no key.
  const open = auditCaddyDoor('ai.lan {\n\treverse_proxy vllm:8000\n}', env);
  assert.equal(open.leaks[0]?.upstream, 'vllm');
  assert.equal(open.leaks[0]?.paths[0], '/v1/chat/completions');
  assert.deepEqual(
    a.hostPassThrough.map((h) => h.target),
    ['10.0.0.5:4000'],
  );
});

test('matchers: a negated allow-list, loopback-only clients, and what cannot be evaluated', () => {
  const notApi = `ai.lan {
	@notapi not path /v1/chat/completions /v1/models
	respond @notapi 404
	reverse_proxy litellm:4000 {
		header_up Host {host}
	}
}`;
  const a = auditCaddyDoor(notApi, env);
  // `respond` before the proxy is not followed: the proxy itself has no matcher, so it leaks.
  assert.equal(a.leaks.length, 1);
  assert.deepEqual(
    a.hostPassThrough.map((h) => h.site),
    ['ai.lan'],
    "{host} is the client's",
  );
  const local = auditCaddyDoor(
    'ai.lan {\n\t@local remote_ip 127.0.0.1/8 ::1\n\thandle @local {\n\t\treverse_proxy litellm:4000\n\t}\n}',
    env,
  );
  assert.deepEqual(local.leaks, []);
  const cel = auditCaddyDoor(
    "ai.lan {\n\t@x expression path('/v1/*')\n\treverse_proxy @x litellm:4000 {\n\t\theader_up Host ai.lan\n\t}\n}",
    env,
  );
  assert.equal(cel.leaks[0]?.unsure, true);
});

test('the probe table covers the routes the advisories name', () => {
  for (const p of [
    '/key/generate',
    '/mcp-rest/test/connection',
    '/ui',
    '/spend/logs',
    '/config/update',
  ])
    assert.ok(managementProbes.includes(p), p);
});
