import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DoctorReport } from '../../electron/shared/doctor';
import { cli } from '../support/cli-harness';
import { repoRoot } from '../support/fixtures';
import { createOsvStandin } from '../standins/osv-standin';
import type { AddressInfo } from 'node:net';

const setupEnv = async (dir: string) => {
  await cli(['setup'], {
    HAGW_DATA_DIR: dir,
    HAGW_NVIDIA_SMI: join(dir, 'none'),
    DOCKER_HOST: `unix://${join(dir, 'none.sock')}`,
  });
};
const doctor = async (
  dir: string,
  compose?: string,
  extra: string[] = [],
  env: Record<string, string> = {},
) => {
  const r = await cli(['doctor', '--json', ...(compose ? ['--compose', compose] : []), ...extra], {
    ...env,
    HAGW_DATA_DIR: dir,
    HAGW_NVIDIA_SMI: join(dir, 'none'),
    DOCKER_HOST: `unix://${join(dir, 'none.sock')}`,
  });
  return { code: r.code, report: DoctorReport.parse(JSON.parse(r.stdout)), stderr: r.stderr };
};
const ids = (r: DoctorReport, severity = 'critical') =>
  r.findings
    .filter((f) => f.severity === severity)
    .map((f) => f.id)
    .sort();

test('the bundled compose/ passes its own doctor: no critical finding (with a setup-made .env)', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  await setupEnv(d);
  const { code, report } = await doctor(d);
  assert.deepEqual(ids(report), []);
  assert.equal(code, 0);
  assert.ok(report.findings.every((f) => f.message.length > 0 && f.fix.length > 0));
});

test('images by tag are one finding listing every service, with the one command that pins them all', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  await setupEnv(d);
  const { report } = await doctor(d);
  const byTag = report.findings.filter((f) => f.id.startsWith('unpinned'));
  assert.equal(byTag.length, 1);
  assert.equal(byTag[0]!.service, null);
  for (const svc of [
    'litellm: ghcr.io/berriai/litellm:',
    'caddy: caddy:',
    'redis: redis:',
    'batch: node:',
  ])
    assert.ok(byTag[0]!.message.includes(svc), `${svc} in ${byTag[0]!.message}`);
  assert.match(byTag[0]!.fix, /^Run "hagw stack pin" to pin them all/);
  // All pinned but one (every profile's services are audited): the finding names it, and the
  // command pins just that one.
  const digest = `sha256:${'a'.repeat(64)}`;
  writeFileSync(
    join(d, '.env'),
    `${readFileSync(join(d, '.env'), 'utf8')}\n${[
      'VLLM',
      'OLLAMA',
      'LITELLM',
      'POSTGRES',
      'CADDY',
      'PROMETHEUS',
      'GRAFANA',
      'REDIS',
      'BATCH',
      'WAKER',
      'TAILSCALE',
      'CLOUDFLARED',
      'LOKI',
      'ALLOY',
    ]
      .map((v) => `${v}_IMAGE=example/${v.toLowerCase()}@${digest}`)
      .join('\n')}\n`,
  );
  const one = (await doctor(d)).report.findings.filter((f) => f.id.startsWith('unpinned'));
  assert.deepEqual(
    one.map((f) => [f.service, f.fix.split(' to ')[0]]),
    [['gpu-exporter', 'Run "hagw stack pin gpu-exporter"']],
  );
});

test('the batch service and Redis published beyond loopback are critical too', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  await setupEnv(d);
  cpSync(join(repoRoot, 'compose'), join(d, 'compose'), { recursive: true });
  const file = join(d, 'compose', 'docker-compose.yml');
  const text = readFileSync(file, 'utf8')
    .replace("'127.0.0.1:4100:4100'", "'4100:4100'")
    .replace(
      '    volumes:\n      - redis:/data',
      "    ports: ['6379:6379']\n    volumes:\n      - redis:/data",
    );
  writeFileSync(file, text);
  const { code, report } = await doctor(d, file, ['--env-file', join(d, '.env')]);
  assert.equal(code, 1);
  assert.deepEqual(
    ids(report).filter((id) => id.startsWith('exposed:')),
    ['exposed:batch:4100', 'exposed:redis:6379'],
  );
});

test('exposed vLLM, Ollama and Grafana, TLS off, a default master key and Postgres password: all critical, exit 1', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  cpSync(join(repoRoot, 'compose'), join(d, 'compose'), { recursive: true });
  const file = join(d, 'compose', 'docker-compose.yml');
  const text = readFileSync(file, 'utf8')
    .replace("'127.0.0.1:8000:8000'", "'8000:8000'")
    .replace("'127.0.0.1:11434:11434'", "'[::]:11434:11434'")
    .replace("'127.0.0.1:3000:3000'", "'0.0.0.0:3000:3000'");
  writeFileSync(file, text);
  const caddy = join(d, 'compose', 'caddy', 'Caddyfile');
  writeFileSync(
    caddy,
    readFileSync(caddy, 'utf8').replace(
      '\tadmin {$HAGW_CADDY_ADMIN:localhost:2019}',
      '\tadmin localhost:2019\n\tauto_https off',
    ),
  );
  // The project directory's .env, as compose reads it for this file.
  writeFileSync(
    join(d, 'compose', '.env'),
    'LITELLM_MASTER_KEY=sk-1234\nPOSTGRES_PASSWORD=dbpassword9090\n',
  );
  const { code, report } = await doctor(d, file);
  assert.equal(code, 1);
  assert.deepEqual(ids(report), [
    'exposed:grafana:3000',
    'exposed:ollama:11434',
    'exposed:vllm:8000',
    'master-key:default',
    'postgres:default-password',
    'tls-off:auto_https',
  ]);
  const vllm = report.findings.find((f) => f.id === 'exposed:vllm:8000');
  assert.match(vllm?.message ?? '', /every interface.*no key and no rate limit/);
  assert.match(vllm?.fix ?? '', /docker-compose\.yml.*"127\.0\.0\.1:8000:8000"/);
});

test('invalid YAML, a missing file and a Caddyfile it cannot read are findings, never a crash', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  await setupEnv(d);
  writeFileSync(join(d, 'bad.yml'), 'services:\n  vllm:\n    ports: [unclosed\n');
  const bad = await doctor(d, join(d, 'bad.yml'));
  assert.ok(
    bad.report.findings.some(
      (f) => f.id.startsWith('unreadable:') && /invalid YAML at line \d/.test(f.message),
    ),
  );
  assert.equal(bad.code, 1, 'nothing was audited: a cron job must see it');
  const missing = await doctor(d, join(d, 'nope.yml'));
  assert.ok(missing.report.findings.some((f) => /does not exist/.test(f.message)));
  assert.equal(missing.code, 1);
  // A folder, or a device that never ends: refused by what they are, never read.
  for (const [file, why] of [
    [d, /is a folder, not a file/],
    ['/dev/zero', /is not a regular file/],
  ] as const) {
    const r = await doctor(d, file);
    assert.equal(r.code, 1, file);
    assert.ok(r.report.findings.some((f) => f.severity === 'critical' && why.test(f.message)));
  }
  cpSync(join(repoRoot, 'compose'), join(d, 'compose'), { recursive: true });
  writeFileSync(
    join(d, 'compose', 'caddy', 'Caddyfile'),
    'gateway.home.arpa {\n  reverse_proxy litellm:4000\n',
  );
  const caddy = await doctor(d, join(d, 'compose', 'docker-compose.yml'));
  assert.ok(
    caddy.report.findings.some((f) => /Caddyfile parser does not understand it/.test(f.message)),
  );
});

test('a short master key and prompt storage (even with a retention) are named with the file to change', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  cpSync(join(repoRoot, 'compose'), join(d, 'compose'), { recursive: true });
  const cfg = join(d, 'compose', 'litellm', 'config.yaml');
  writeFileSync(
    cfg,
    readFileSync(cfg, 'utf8').replace(
      'store_prompts_in_spend_logs: false',
      'store_prompts_in_spend_logs: true',
    ),
  );
  writeFileSync(
    join(d, 'compose', '.env'),
    'LITELLM_MASTER_KEY=sk-short\nPOSTGRES_PASSWORD=Zx8!longrandom\n',
  );
  const { report } = await doctor(d, join(d, 'compose', 'docker-compose.yml'));
  assert.ok(report.findings.some((f) => f.id === 'master-key:short'));
  const prompts = report.findings.find((f) => f.id === 'litellm:prompt-storage');
  assert.ok(prompts);
  // The audit trail keeps 30 days; with prompts in it, that is 30 days of the projects' text.
  assert.match(prompts.message, /holds your projects' text for 30 days, about 10 KB a call/);
  assert.match(prompts.fix, /config\.yaml/);
});

test("--compose reads the .env compose reads (project dir or --env-file), not the data directory's", async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  // The data directory has a good key; the user's own stack has a weak one in its own .env.
  await setupEnv(d);
  cpSync(join(repoRoot, 'compose'), join(d, 'mine'), { recursive: true });
  writeFileSync(
    join(d, 'mine', '.env'),
    'LITELLM_MASTER_KEY=sk-1234\nPOSTGRES_PASSWORD=x9vT3qLm0Za8Pp\n',
  );
  const own = await doctor(d, join(d, 'mine', 'docker-compose.yml'));
  assert.deepEqual(
    ids(own.report).filter((id) => id.startsWith('master-key')),
    ['master-key:default'],
  );
  writeFileSync(
    join(d, 'other.env'),
    `LITELLM_MASTER_KEY=sk-${'a1'.repeat(32)}\nPOSTGRES_PASSWORD=x9vT3qLm0Za8Pp\n`,
  );
  const given = await doctor(d, join(d, 'mine', 'docker-compose.yml'), [
    '--env-file',
    join(d, 'other.env'),
  ]);
  assert.deepEqual(
    ids(given.report).filter((id) => id.startsWith('master-key') || id.startsWith('postgres')),
    [],
  );
});

test('a compose file without LiteLLM or Postgres gets no findings about them', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  writeFileSync(
    join(d, 'just-caddy.yml'),
    'services:\n  web:\n    image: caddy:2@sha256:' + 'a'.repeat(64) + "\n    ports: ['80:80']\n",
  );
  const { report } = await doctor(d, join(d, 'just-caddy.yml'));
  assert.deepEqual(
    report.findings.filter((f) => f.service === 'litellm' || f.service === 'postgres'),
    [],
  );
});

test('tunnels: an ingress around Caddy, a tunnel on the stack network or with a port is critical; Access unrecorded a warning', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  cpSync(join(repoRoot, 'compose'), join(d, 'compose'), { recursive: true });
  const composeFile = join(d, 'compose', 'docker-compose.yml');
  const env = join(d, 'compose', '.env');
  writeFileSync(
    env,
    'LITELLM_MASTER_KEY=sk-Zx8longrandomvalue0123456789abcdef\nPOSTGRES_PASSWORD=Zx8!longrandom\nCOMPOSE_PROFILES=cloudflared,tailscale\n',
  );
  // As shipped: both doors lead to Caddy only; with the profile on and no Access app, one warning.
  const clean = await doctor(d, composeFile);
  assert.deepEqual(
    ids(clean.report).filter((i) => i.startsWith('tunnel:')),
    [],
  );
  assert.deepEqual(
    ids(clean.report, 'warning').filter((i) => i.startsWith('tunnel:')),
    ['tunnel:cloudflared:access'],
  );
  writeFileSync(
    join(d, 'compose', 'cloudflared', 'config.yml'),
    'ingress:\n  - hostname: ai.example.com\n    service: http://litellm:4000\n  - service: http_status:404\n',
  );
  writeFileSync(
    join(d, 'compose', 'tailscale', 'serve.json'),
    readFileSync(join(d, 'compose', 'tailscale', 'serve.json'), 'utf8').replace(
      'http://caddy:8080',
      'http://vllm:8000',
    ),
  );
  writeFileSync(
    composeFile,
    readFileSync(composeFile, 'utf8').replace(
      '    networks:\n      - edge\n    depends_on:\n      caddy:\n        condition: service_started\n    restart: unless-stopped\n    logging: *default-logging\n\n  cloudflared:',
      "    networks:\n      - edge\n      - default\n    ports:\n      - '41641:41641/udp'\n    depends_on:\n      caddy:\n        condition: service_started\n    restart: unless-stopped\n    logging: *default-logging\n\n  cloudflared:",
    ),
  );
  writeFileSync(env, `${readFileSync(env, 'utf8')}HAGW_CLOUDFLARE_ACCESS_APP=homelab gateway\n`);
  // The tunnel door (http://:8080, not published) is no TLS finding; the LAN site on 80 is.
  assert.ok(!ids(clean.report).includes('tls-off:http-site'));
  const caddyfile = join(d, 'compose', 'caddy', 'Caddyfile');
  writeFileSync(
    caddyfile,
    readFileSync(caddyfile, 'utf8').replace(
      '{$HAGW_SITE_ADDRESS:gateway.home.arpa} {',
      'http://{$HAGW_SITE_ADDRESS:gateway.home.arpa} {',
    ),
  );
  const { report, code } = await doctor(d, composeFile);
  assert.ok(ids(report).includes('tls-off:http-site'));
  assert.equal(code, 1);
  const tunnel = report.findings.filter(
    (f) => f.id.startsWith('tunnel:') || f.service === 'tailscale',
  );
  assert.deepEqual(tunnel.map((f) => `${f.severity} ${f.id}`).sort(), [
    'critical exposed:tailscale:41641',
    'critical tunnel:cloudflared:ingress',
    'critical tunnel:cloudflared:ingress',
    'critical tunnel:tailscale:ingress',
    'critical tunnel:tailscale:network',
  ]);
  const vllm = tunnel.find((f) => f.id === 'tunnel:tailscale:ingress');
  assert.match(
    vllm?.message ?? '',
    /tailscale sends remote traffic to http:\/\/vllm:8000, around Caddy.*without any key/,
  );
  assert.match(vllm?.fix ?? '', /serve\.json, send everything to http:\/\/caddy:8080/);
});

test('logs profile: Loki as shipped keeps 30 days; retention off or longer is a warning naming the file', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  cpSync(join(repoRoot, 'compose'), join(d, 'compose'), { recursive: true });
  const composeFile = join(d, 'compose', 'docker-compose.yml');
  writeFileSync(
    join(d, 'compose', '.env'),
    'LITELLM_MASTER_KEY=sk-Zx8longrandomvalue0123456789abcdef\nPOSTGRES_PASSWORD=Zx8!longrandom\nCOMPOSE_PROFILES=logs\n',
  );
  const logs = (r: DoctorReport) => r.findings.filter((f) => f.id === 'logs:retention');
  assert.deepEqual(logs((await doctor(d, composeFile)).report), []);
  const config = join(d, 'compose', 'loki', 'config.yaml');
  const shipped = readFileSync(config, 'utf8');
  writeFileSync(
    config,
    shipped
      .replace('retention_enabled: true', 'retention_enabled: false')
      .replace('retention_period: 720h', 'retention_period: 0s'),
  );
  const [off] = logs((await doctor(d, composeFile)).report);
  assert.equal(off?.severity, 'warning');
  assert.match(off?.message ?? '', /retention_enabled is not true; .*retention_period is not set/);
  assert.match(off?.fix ?? '', new RegExp(`In ${config.replace(/[.]/g, '\\.')}, set`));
  writeFileSync(config, shipped.replace('retention_period: 720h', 'retention_period: 8w'));
  assert.match(
    logs((await doctor(d, composeFile)).report)[0]?.message ?? '',
    /retention_period is 8w, over 30 days/,
  );
  // The same file with the profile off: nothing to say about a Loki that does not run.
  writeFileSync(
    join(d, 'compose', '.env'),
    'LITELLM_MASTER_KEY=sk-Zx8longrandomvalue0123456789abcdef\nPOSTGRES_PASSWORD=Zx8!longrandom\n',
  );
  assert.deepEqual(logs((await doctor(d, composeFile)).report), []);
});

test('the door: a Caddyfile that forwards everything to LiteLLM is critical naming the site and route; Host pass-through a warning', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
  cpSync(join(repoRoot, 'compose'), join(d, 'compose'), { recursive: true });
  writeFileSync(join(d, 'compose', '.env'), `LITELLM_MASTER_KEY=sk-${'c'.repeat(64)}\n`);
  const file = join(d, 'compose', 'docker-compose.yml');
  const clean = await doctor(d, file);
  assert.ok(!clean.report.findings.some((f) => f.id.startsWith('door:')));
  const caddyfile = join(d, 'compose', 'caddy', 'Caddyfile');
  // An operator's "simpler" door: everything to LiteLLM.
  writeFileSync(
    caddyfile,
    '{$HAGW_SITE_ADDRESS:gateway.home.arpa} {\n\ttls internal\n\treverse_proxy {$HAGW_UPSTREAM:litellm:4000}\n}\n',
  );
  const { code, report } = await doctor(d, file);
  const leak = report.findings.find((f) => f.id === 'door:gateway.home.arpa:litellm');
  assert.equal(leak?.severity, 'critical');
  assert.match(
    leak?.message ?? '',
    /gateway\.home\.arpa forwards \/key\/generate, .* to LiteLLM \(litellm:4000\)/,
  );
  assert.match(leak?.fix ?? '', /respond 404 to everything else/);
  const host = report.findings.find((f) => f.id === 'door:gateway.home.arpa:host');
  assert.equal(host?.severity, 'warning');
  assert.match(host?.fix ?? '', /header_up Host/);
  assert.equal(code, 1);
});

test('advisories: an affected LiteLLM pin is critical with the fix; OSV down is one line; the setting turns it off', async () => {
  const osv = createOsvStandin();
  await new Promise<void>((r) => osv.server.listen(0, '127.0.0.1', r));
  const osvEnv = { HAGW_OSV_URL: `http://127.0.0.1:${(osv.server.address() as AddressInfo).port}` };
  try {
    const d = mkdtempSync(join(tmpdir(), 'hagw-doctor-'));
    await setupEnv(d);
    writeFileSync(
      join(d, '.env'),
      `${readFileSync(join(d, '.env'), 'utf8')}\nLITELLM_IMAGE=ghcr.io/berriai/litellm@sha256:${'b'.repeat(64)}\nLITELLM_IMAGE_SOURCE=ghcr.io/berriai/litellm:v1.80.11-stable.1\n`,
    );
    const { code, report } = await doctor(d, undefined, [], osvEnv);
    const adv = report.findings.find((f) => f.id === 'advisory:litellm:GHSA-4xpc-pv4p-pm3w');
    assert.equal(adv?.severity, 'critical');
    assert.match(
      adv?.message ?? '',
      /litellm 1\.80\.11, affected by GHSA-4xpc-pv4p-pm3w \(CVE-2026-49468\), critical: .*fixed in 1\.84\.0/,
    );
    assert.match(adv?.fix ?? '', /hagw stack update litellm/);
    assert.equal(code, 1);
    // Postgres, Redis and the batch image have no advisory source: named, not skipped.
    assert.match(
      report.findings.find((f) => f.id === 'advisories:not-checked')?.message ?? '',
      /postgres \(postgres:16: no advisory source/,
    );
    // OSV down: the doctor still finishes, with the last answer and since when.
    osv.mode = 'down';
    const down = await doctor(d, undefined, [], osvEnv);
    assert.match(
      down.report.findings.find((f) => f.id === 'advisories:unknown')?.message ?? '',
      /^Advisories unknown since \d{4}-\d{2}-\d{2} for .*litellm.*: OSV answered HTTP 503/,
    );
    assert.ok(down.report.findings.some((f) => f.id === 'advisory:litellm:GHSA-4xpc-pv4p-pm3w'));
    // Off: nothing is sent.
    osv.mode = 'ok';
    osv.queries.length = 0;
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ version: 1, advisoryCheck: false }));
    const off = await doctor(d, undefined, [], osvEnv);
    assert.ok(off.report.findings.some((f) => f.id === 'advisories:off'));
    assert.equal(osv.queries.length, 0);
  } finally {
    osv.server.closeAllConnections();
    osv.server.close();
  }
});
