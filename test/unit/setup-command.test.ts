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
import { dotenvValues } from '../../electron/node/dotenv-file';
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
