import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCaddyLogLine } from '../../electron/core/caddy-log';
import { caddyfileSites } from '../../electron/core/caddyfile-sites';
import { evaluateSite, type CertProbe } from '../../electron/core/cert-status';
import { fixturePayload } from '../support/fixtures';

const events = (file: string) =>
  fixturePayload(`caddy/${file}`)
    .split('\n')
    .map(parseCaddyLogLine)
    .filter((e) => e !== null);

test('the recorded Caddy 2.6.2 + Pebble run: obtained, renewed, then failures, matched on msg', () => {
  const e = events('caddy-2.6.2-pebble-2.4.0-e2e-obtain-renew-fail.jsonl.txt');
  assert.deepEqual(
    e.slice(0, 2).map((x) => x.msg),
    ['certificate obtained successfully', 'certificate renewed successfully'],
  );
  const fail = e.find((x) => x.msg === 'could not get certificate from issuer');
  assert.deepEqual(fail?.identifiers, ['gpu.example.com']);
  assert.match(fail?.error ?? '', /connection refused/);
  const retry = e.find((x) => x.msg === 'will retry');
  assert.deepEqual(
    retry?.identifiers,
    ['gpu.example.com'],
    'taken from the error text when no field names it',
  );
  assert.equal(retry?.retryingInS, 60);
});

test('journald-prefixed public reports: their intermediate steps are neither failure nor recovery', () => {
  // "acquiring lock", "renewing certificate", "trying to solve challenge": progress, not outcomes.
  assert.deepEqual(events('caddy-log-renew-internal-acme-issue7589.jsonl.txt'), []);
  assert.deepEqual(events('caddy-log-acme-zerossl-http01-nilcc396.jsonl.txt'), []);
  assert.deepEqual(
    events('caddy-2.6.2-internal-issuer-90s-renew.jsonl.txt').map((e) => [e.kind, e.identifiers]),
    [
      ['recovery', ['gpu.home.arpa']],
      ['recovery', ['gpu.home.arpa']],
    ],
  );
  assert.equal(
    parseCaddyLogLine(
      'Mar 22 22:40:12 host caddy[773]: {"level":"error","ts":1774219212.5,"logger":"x","msg":"will retry","error":"[a.b] boom","attempt":2,"retrying_in":120}',
    )?.attempt,
    2,
  );
  assert.equal(parseCaddyLogLine('not json at all'), null);
});

const t0 = 1_796_104_775_000;
const cert = (from: number, fp = 'A'): CertProbe => ({
  ok: true,
  notBefore: from,
  notAfter: from + 90_000,
  issuer: 'Pebble Intermediate CA',
  names: ['gpu.example.com'],
  fingerprint: fp,
});
const fail = (at: number) => ({
  at,
  kind: 'failure' as const,
  msg: 'could not get certificate from issuer',
  identifiers: ['gpu.example.com'],
  error: 'connection refused',
  attempt: null,
  retryingInS: null,
});
const ok = (at: number) => ({
  at,
  kind: 'recovery' as const,
  msg: 'certificate renewed successfully',
  identifiers: ['gpu.example.com'],
  error: null,
  attempt: null,
  retryingInS: null,
});

test('a 90 s certificate: ok, renewal-failing from the log and from the lifetime, expiring, expired, back to ok', () => {
  const s1 = evaluateSite(null, 'gpu.example.com', 8443, cert(t0), [], t0 + 10_000);
  assert.equal(s1.status, 'ok');
  const s2 = evaluateSite(s1, 'gpu.example.com', 8443, cert(t0), [fail(t0 + 20_000)], t0 + 21_000);
  assert.deepEqual([s2.status, s2.lastError], ['renewal-failing', 'connection refused']);
  // No log at all, but past a third of the lifetime plus slack: renewal is failing all the same.
  assert.equal(
    evaluateSite(null, 'gpu.example.com', 8443, cert(t0), [], t0 + 70_000).status,
    'renewal-failing',
  );
  assert.equal(
    evaluateSite(null, 'gpu.example.com', 8443, cert(t0), [], t0 + 85_000).status,
    'expiring',
  );
  assert.equal(
    evaluateSite(null, 'gpu.example.com', 8443, cert(t0), [], t0 + 95_000).status,
    'expired',
  );
  const renewed = evaluateSite(
    s2,
    'gpu.example.com',
    8443,
    cert(t0 + 60_000, 'B'),
    [fail(t0 + 20_000), ok(t0 + 60_000)],
    t0 + 61_000,
  );
  assert.deepEqual([renewed.status, renewed.fingerprint, renewed.lastError], ['ok', 'B', null]);
  assert.equal(
    evaluateSite(s1, 'gpu.example.com', 8443, { ok: false, error: 'ECONNREFUSED' }, [], t0).status,
    'unreachable',
  );
});

test('a 90-day certificate keeps the documented 1 day slack and 7 days of expiring', () => {
  const from = Date.UTC(2026, 9, 1);
  const probe: CertProbe = {
    ok: true,
    notBefore: from,
    notAfter: from + 90 * 86_400_000,
    issuer: 'R11',
    names: [],
    fingerprint: 'X',
  };
  assert.equal(evaluateSite(null, 'h', 443, probe, [], from + 59 * 86_400_000).status, 'ok');
  assert.equal(
    evaluateSite(null, 'h', 443, probe, [], from + 61.5 * 86_400_000).status,
    'renewal-failing',
  );
  assert.equal(evaluateSite(null, 'h', 443, probe, [], from + 84 * 86_400_000).status, 'expiring');
});

test('sites of the bundled Caddyfile: the LAN name, not the metrics port', async () => {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(new URL('../../compose/caddy/Caddyfile', import.meta.url), 'utf8');
  assert.deepEqual(caddyfileSites(text, {}), ['gateway.home.arpa']);
  assert.deepEqual(caddyfileSites(text, { HAGW_SITE_ADDRESS: 'ai.example.org' }), [
    'ai.example.org',
  ]);
  assert.deepEqual(caddyfileSites(fixturePayload('caddy/caddy-pebble-e2e-Caddyfile.txt'), {}), [
    'gpu.example.com',
  ]);
});
