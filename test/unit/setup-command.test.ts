import assert from 'node:assert/strict';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dotenvValues } from '../../electron/node/compose/dotenv-file';
import { SetupReport } from '../../electron/shared/setup';
import { cli } from '../support/cli-harness';
import { repoRoot } from '../support/fixtures';

const nvsmi = join(repoRoot, 'test', 'standins', 'bin', 'nvidia-smi');
const scenario = (name: string) => join(repoRoot, 'test', 'standins', 'scenarios', `${name}.json`);
const env = (dataDir: string, extra: Record<string, string> = {}) => ({
  HAGW_DATA_DIR: dataDir,
  DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}`,
  HAGW_NVIDIA_SMI: nvsmi,
  ...extra,
});

test('hagw setup on a 3090: .env at 0600 with sk- master key, 24 GB profile; a rerun keeps every secret', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-setup-'));
  const r = await cli(
    ['setup', '--json'],
    env(d, { NVSMI_STANDIN_SCENARIO: scenario('healthy-load') }),
  );
  const report = SetupReport.parse(JSON.parse(r.stdout));
  assert.equal(report.profile.name, '24GB');
  assert.deepEqual(report.gpus, [
    { index: 0, name: 'NVIDIA GeForce RTX 3090', memoryTotalMiB: 24576 },
  ]);
  const file = join(d, '.env');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const first = dotenvValues(readFileSync(file, 'utf8'));
  assert.match(first.LITELLM_MASTER_KEY ?? '', /^sk-[0-9a-f]{64}$/);
  assert.equal(first.COMPOSE_PROFILES, 'gpu,coder');
  assert.doesNotMatch(
    r.stdout,
    new RegExp(first.LITELLM_MASTER_KEY ?? 'x'),
    'no secret in the output',
  );

  const again = SetupReport.parse(
    JSON.parse(
      (await cli(['setup', '--json'], env(d, { NVSMI_STANDIN_SCENARIO: scenario('healthy-load') })))
        .stdout,
    ),
  );
  assert.deepEqual(again.written, []);
  assert.deepEqual(dotenvValues(readFileSync(file, 'utf8')), first);
});

test('two 24 GB cards: tensor-parallel 32B', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-setup-'));
  const report = SetupReport.parse(
    JSON.parse(
      (
        await cli(
          ['setup', '--json', '--dry-run'],
          env(d, { NVSMI_STANDIN_SCENARIO: scenario('dual-3090-idle') }),
        )
      ).stdout,
    ),
  );
  assert.equal(report.profile.name, '2x24GB');
  assert.deepEqual(readdirSync(d), [], '--dry-run writes nothing');
});

test('from a copied .env.example: placeholders replaced, the old file kept as a 0600 backup', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-setup-'));
  copyFileSync(join(repoRoot, 'compose', '.env.example'), join(d, '.env'));
  const report = SetupReport.parse(
    JSON.parse(
      (await cli(['setup', '--json'], env(d, { NVSMI_STANDIN_SCENARIO: scenario('healthy-load') })))
        .stdout,
    ),
  );
  assert.ok(report.written.includes('LITELLM_MASTER_KEY'));
  assert.ok(report.backup && statSync(report.backup).mode % 0o1000 === 0o600);
  const v = dotenvValues(readFileSync(join(d, '.env'), 'utf8'));
  assert.doesNotMatch(v.LITELLM_MASTER_KEY ?? '', /CHANGE-ME/);
  assert.equal(v.COMPOSE_PROFILES, 'gpu', 'a profile already in the file stays');
});

test('no nvidia-smi: Ollama profile with a warning; the exit code follows the findings', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-setup-'));
  const r = await cli(['setup', '--json'], env(d, { HAGW_NVIDIA_SMI: join(d, 'no-nvidia-smi') }));
  const report = SetupReport.parse(JSON.parse(r.stdout));
  assert.equal(report.profile.name, 'cpu');
  assert.match(
    report.findings.map((f) => f.message).join('\n'),
    /No NVIDIA GPU found .*no-nvidia-smi not found/,
  );
  // Ports are this machine's: 1 only when one of them is really taken (an error finding).
  assert.equal(r.code, report.findings.some((f) => f.severity === 'error') ? 1 : 0);
});

test('a key on two lines: one line after setup, the non-empty secret kept, and the change reported', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-setup-'));
  const real = `sk-${'7'.repeat(64)}`;
  writeFileSync(join(d, '.env'), `LITELLM_MASTER_KEY=${real}\nOTHER=1\nLITELLM_MASTER_KEY=\n`, {
    mode: 0o600,
  });
  const r = await cli(
    ['setup', '--json'],
    env(d, { NVSMI_STANDIN_SCENARIO: scenario('healthy-load') }),
  );
  const report = SetupReport.parse(JSON.parse(r.stdout));
  const text = readFileSync(join(d, '.env'), 'utf8');
  assert.equal(text.match(/^LITELLM_MASTER_KEY=/gm)?.length, 1, text);
  assert.equal(dotenvValues(text).LITELLM_MASTER_KEY, real);
  assert.ok(report.kept.includes('LITELLM_MASTER_KEY'));
  assert.ok(report.changes.some((c) => /LITELLM_MASTER_KEY stood on 2 lines/.test(c)));
  assert.ok(report.backup);
  assert.match(readFileSync(report.backup, 'utf8'), /LITELLM_MASTER_KEY=\n/);
});

test('a symlinked .env is written through the link; a 0755 data directory is tightened to 0700', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-setup-'));
  chmodSync(d, 0o755);
  const elsewhere = join(mkdtempSync(join(tmpdir(), 'hagw-dotfiles-')), 'gateway.env');
  writeFileSync(elsewhere, 'OTHER=1\n', { mode: 0o600 });
  symlinkSync(elsewhere, join(d, '.env'));
  const r = await cli(
    ['setup', '--json'],
    env(d, { NVSMI_STANDIN_SCENARIO: scenario('healthy-load') }),
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lstatSync(join(d, '.env')).isSymbolicLink(), true, 'still a link');
  assert.match(readFileSync(elsewhere, 'utf8'), /^LITELLM_MASTER_KEY=sk-/m);
  assert.equal(statSync(elsewhere).mode & 0o777, 0o600);
  assert.equal(statSync(d).mode & 0o777, 0o700);
  assert.ok(
    SetupReport.parse(JSON.parse(r.stdout)).changes.some((c) => /mode 0755; now 0700/.test(c)),
  );
});

test('DNS-01: --public-name NAME --dns cloudflare writes the name, the mode and the token (0600, never printed); the doctor then sees the built Caddy', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-setup-'));
  const noGpu = { HAGW_NVIDIA_SMI: join(d, 'no-nvidia-smi') };
  await cli(['setup'], env(d, noGpu));
  const file = join(d, '.env');
  const before = readFileSync(file, 'utf8');
  const args = ['setup', '--public-name', 'ai.example.org', '--dns', 'cloudflare'];

  // Refused, each with one line that says what to do, and the .env untouched.
  const refusals: [string[], Record<string, string>, RegExp][] = [
    [args, {}, /Set CLOUDFLARE_API_TOKEN in this shell .*Zone\.DNS edit/],
    [args, { CLOUDFLARE_API_TOKEN: 'Bearer abc' }, /does not look like a Cloudflare API token/],
    [['setup', '--public-name', 'ai.example.org', '--dns', 'route53'], {}, /accepted: cloudflare/],
    [['setup', '--public-name', 'gpu.home.arpa', '--dns', 'cloudflare'], {}, /LAN-only name/],
    [['setup', '--public-name', '192.168.1.10', '--dns', 'cloudflare'], {}, /IP address/],
    [['setup', '--public-name', 'ai.example.org'], {}, /needs --dns \(cloudflare\)/],
  ];
  for (const [argv, extra, message] of refusals) {
    const r = await cli(argv, env(d, { ...noGpu, ...extra }));
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), before, `${argv.join(' ')} left the .env as it was`);
  }

  const token = 'cfTok_0123456789abcdefghijklmnopqrstuvwxyzAB';
  const r = await cli([...args, '--json'], env(d, { ...noGpu, CLOUDFLARE_API_TOKEN: token }));
  const report = SetupReport.parse(JSON.parse(r.stdout));
  assert.deepEqual([...report.written].sort(), [
    'CLOUDFLARE_API_TOKEN',
    'HAGW_SITE_ADDRESS',
    'HAGW_TLS',
  ]);
  assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), 'the token is never printed');
  assert.match(report.changes.join('\n'), /HAGW_TLS internal -> dns-cloudflare: .*caddy-dns/);
  const values = dotenvValues(readFileSync(file, 'utf8'));
  assert.equal(values.HAGW_SITE_ADDRESS, 'ai.example.org');
  assert.equal(values.HAGW_TLS, 'dns-cloudflare');
  assert.equal(values.CLOUDFLARE_API_TOKEN, token);
  assert.equal(statSync(file).mode & 0o777, 0o600);

  // The doctor reads the stack as hagw runs it: Caddy is the local build (no pin asked of it),
  // and the DNS findings stay quiet while the token is there.
  const doctor = async () =>
    JSON.parse((await cli(['doctor', '--json'], env(d, noGpu))).stdout) as {
      findings: { id: string; message: string }[];
    };
  const ok = await doctor();
  assert.ok(!ok.findings.some((f) => f.id.startsWith('tls:')), JSON.stringify(ok.findings));
  const unpinned = ok.findings.find((f) => f.id === 'unpinned')?.message ?? '';
  assert.match(unpinned, /litellm: /, 'the other services are still asked to pin');
  assert.doesNotMatch(unpinned, /caddy: /);
  writeFileSync(file, readFileSync(file, 'utf8').replace(`CLOUDFLARE_API_TOKEN=${token}`, ''));
  assert.ok((await doctor()).findings.some((f) => f.id === 'tls:dns-token'));

  // Back to the LAN CA: the mode only; the name and token lines are the operator's to keep.
  const back = await cli(['setup', '--dns', 'internal', '--json'], env(d, noGpu));
  assert.deepEqual(SetupReport.parse(JSON.parse(back.stdout)).written, ['HAGW_TLS']);
  assert.equal(dotenvValues(readFileSync(file, 'utf8')).HAGW_TLS, 'internal');
});

test('two setups at once: the second waits for the first and keeps its secrets; .env and any backup agree', async () => {
  const d = mkdtempSync(join(tmpdir(), 'hagw-setup-'));
  const e = env(d, { NVSMI_STANDIN_SCENARIO: scenario('healthy-load') });
  const [a, b] = await Promise.all([cli(['setup', '--json'], e), cli(['setup', '--json'], e)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const written = [a, b].map((r) => SetupReport.parse(JSON.parse(r.stdout)).written.length);
  assert.equal(
    written.filter((n) => n > 0).length,
    1,
    `exactly one run wrote: ${written.join(', ')}`,
  );
  const keys = readdirSync(d)
    .filter((f) => f.startsWith('.env'))
    .map((f) => dotenvValues(readFileSync(join(d, f), 'utf8')).LITELLM_MASTER_KEY)
    .filter(Boolean);
  assert.ok(keys.length >= 1);
  assert.equal(new Set(keys).size, 1, 'one master key in every copy');
});
