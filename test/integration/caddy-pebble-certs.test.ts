// Certificates for real: Debian's Pebble 2.4.0 (a real ACME server) issues 90 s certificates to
// Debian's Caddy 2.6.2, all on 127.0.0.1. Pebble paused with SIGSTOP (never restarted: a restarted
// Pebble forgets Caddy's account and Caddy 2.6.2 never re-registers) -> renewal-failing; SIGCONT ->
// ok again. hagw certs reads the site from the compose file's Caddyfile and Caddy's JSON log.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CertsReport } from '../../electron/shared/certs';
import { cli } from '../support/cli-harness';

const dir = mkdtempSync(join(process.env.HAGW_IT_DIR ?? '/tmp', 'certs-'));
const data = join(dir, 'data');
const env = {
  HAGW_DATA_DIR: data,
  HAGW_COMPOSE_FILE: join(dir, 'docker-compose.yml'),
  DOCKER_HOST: `unix://${join(dir, 'none.sock')}`,
};
let pebble: ChildProcess;
let caddy: ChildProcess;

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
const until = async <T>(fn: () => Promise<T | null>, ms: number, what: string): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
};
const certs = async () =>
  CertsReport.parse(JSON.parse((await cli(['certs', '--json'], env)).stdout)).sites[0]!;

before(async () => {
  mkdirSync(data, { recursive: true, mode: 0o700 });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'pebble.key'),
      '-out',
      join(dir, 'pebble.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  writeFileSync(
    join(dir, 'pebble.json'),
    JSON.stringify({
      pebble: {
        listenAddress: '127.0.0.1:14000',
        managementListenAddress: '127.0.0.1:15000',
        certificate: join(dir, 'pebble.pem'),
        privateKey: join(dir, 'pebble.key'),
        httpPort: 19080,
        tlsPort: 19443,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
        certificateValidityPeriod: 90,
      },
    }),
  );
  writeFileSync(
    join(dir, 'Caddyfile'),
    `{\n\tadmin localhost:2998\n\thttp_port 19080\n\thttps_port 19443\n\tdefault_bind 127.0.0.1\n\tacme_ca https://127.0.0.1:14000/dir\n\tacme_ca_root ${join(dir, 'pebble.pem')}\n\trenew_interval 5s\n\tstorage file_system ${join(dir, 'caddy-data')}\n\tskip_install_trust\n\tlog {\n\t\toutput file ${join(dir, 'caddy.log')}\n\t\tformat json\n\t}\n}\ngpu.example.com {\n\trespond "ok"\n}\n`,
  );
  // How hagw finds the site: the compose file mounts this Caddyfile into caddy, as the bundled one does.
  writeFileSync(
    env.HAGW_COMPOSE_FILE,
    'services:\n  caddy:\n    image: caddy\n    volumes:\n      - ./Caddyfile:/etc/caddy/Caddyfile:ro\n',
  );
  writeFileSync(join(data, '.env'), 'HAGW_HTTPS_PORT=19443\n', { mode: 0o600 });
  writeFileSync(
    join(data, 'settings.json'),
    JSON.stringify({ version: 1, caddyLogFile: join(dir, 'caddy.log') }),
    { mode: 0o600 },
  );
  pebble = spawn('pebble', ['-config', join(dir, 'pebble.json')], {
    env: { ...process.env, PEBBLE_VA_ALWAYS_VALID: '1', PEBBLE_WFE_NONCEREJECT: '0' },
    stdio: 'ignore',
  });
  await until(async () => ((await listening(14000)) ? true : null), 15_000, 'pebble');
  caddy = spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: 'ignore',
  });
});
after(() => {
  pebble?.kill('SIGCONT');
  pebble?.kill();
  caddy?.kill();
});

test('issued by Pebble: ok; Pebble paused: renewal-failing from the lifetime and the log; resumed: ok', async () => {
  const issued = await until(
    async () => {
      const s = await certs();
      return s.status === 'ok' && /Pebble/.test(s.issuer ?? '') ? s : null;
    },
    30_000,
    'the first certificate',
  );
  assert.equal(issued.host, 'gpu.example.com');
  assert.ok(issued.daysLeft !== null && issued.daysLeft * 86_400 <= 90);

  pebble.kill('SIGSTOP');
  const failing = await until(
    async () => {
      const s = await certs();
      return s.status === 'renewal-failing' ? s : null;
    },
    100_000,
    'renewal-failing',
  );
  assert.ok(failing.lastError, 'it says why');

  // Caddy logs the failed attempt once its request to the paused Pebble gives up.
  const fromLog = await until(
    async () => {
      const s = await certs();
      return s.lastError &&
        /could not|nonce|timeout|deadline|context|refused/i.test(s.lastError) &&
        !/should have renewed/.test(s.lastError)
        ? s
        : null;
    },
    120_000,
    "the failure in Caddy's log",
  ).catch(() => null);

  pebble.kill('SIGCONT');
  const recovered = await until(
    async () => {
      const s = await certs();
      return s.status === 'ok' ? s : null;
    },
    150_000,
    'recovery',
  );
  assert.equal(recovered.lastError, null);
  assert.ok(fromLog, "renewal-failing was also seen in Caddy's own log");
});
