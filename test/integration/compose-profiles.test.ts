// Every profile of the bundled compose file, alone and together, as `config` of docker-compose
// 1.29 (Debian's) and of docker compose v2 where it is installed, reads it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/fixtures';

const profiles = [
  '',
  'gpu',
  'coder',
  'ollama',
  'tailscale',
  'cloudflared',
  'logs',
  'gpu,coder,ollama,tailscale,cloudflared,logs',
];
const envFile = join(mkdtempSync(join(tmpdir(), 'hagw-profiles-')), '.env');
writeFileSync(
  envFile,
  'POSTGRES_PASSWORD=x\nLITELLM_MASTER_KEY=sk-x\nLITELLM_SALT_KEY=sk-y\nHAGW_BATCH_SECRET=z\nGRAFANA_ADMIN_PASSWORD=g\n',
);

const run = (file: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      file,
      args,
      { env: { ...process.env, ...env }, cwd: join(repoRoot, 'compose') },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

const tools: { name: string; file: string; pre: string[] }[] = [
  { name: 'docker-compose 1.29', file: 'docker-compose', pre: [] },
  { name: 'docker compose v2', file: 'docker', pre: ['compose'] },
];

for (const tool of tools)
  test(`${tool.name}: config accepts every profile; the tunnels publish nothing and join only "edge"`, async (t) => {
    const v = await run(tool.file, [...tool.pre, 'version'], {});
    if (v.code !== 0) {
      t.skip(`${tool.name} is not installed on this machine (Debian ships 1.29 only)`);
      return;
    }
    for (const p of profiles) {
      const r = await run(
        tool.file,
        [...tool.pre, '--env-file', envFile, '-p', 'hagw', '-f', 'docker-compose.yml', 'config'],
        { COMPOSE_PROFILES: p },
      );
      assert.equal(r.code, 0, `[${p}] ${r.stderr}`);
      for (const tunnel of ['tailscale', 'cloudflared'].filter((x) => p.split(',').includes(x))) {
        const block = r.stdout.split(/\n {2}(?=\S)/).find((b) => b.startsWith(`${tunnel}:`)) ?? '';
        assert.ok(block !== '', `${tunnel} missing from [${p}]`);
        assert.doesNotMatch(block, /\n {4}ports:/, `${tunnel} publishes a port`);
        assert.match(block, /\n {4}networks:\n {6}edge/, `${tunnel} networks`);
        assert.doesNotMatch(block, /\n {6}default/, `${tunnel} on the default network`);
      }
    }
    // The DNS-01 overlay: Caddy becomes a local build with the module, HAGW_TLS selects the
    // snippet, and a missing token stops compose with the variable to set.
    const overlay = [...tool.pre, '--env-file', envFile, '-p', 'hagw'];
    const files = ['-f', 'docker-compose.yml', '-f', 'caddy/dns-cloudflare.yml', 'config'];
    const noToken = await run(tool.file, [...overlay, ...files], {});
    assert.notEqual(noToken.code, 0);
    assert.match(noToken.stderr, /CLOUDFLARE_API_TOKEN/);
    const dns = await run(tool.file, [...overlay, ...files], { CLOUDFLARE_API_TOKEN: 'cf-x' });
    assert.equal(dns.code, 0, dns.stderr);
    const caddy = dns.stdout.split(/\n {2}(?=\S)/).find((b) => b.startsWith('caddy:')) ?? '';
    assert.match(caddy, /\n {4}build:/);
    assert.match(caddy, /context: \S*compose\/caddy\n/);
    assert.match(caddy, /HAGW_TLS: dns-cloudflare/);
    assert.match(caddy, /image: hagw-caddy-dns-cloudflare:/);
  });
