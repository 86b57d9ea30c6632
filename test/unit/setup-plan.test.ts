import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseProfile, planSetup, type SetupFacts } from '../../electron/core/setup-plan';

const card = (index: number, mib: number) => ({ index, name: `GPU ${index}`, memoryTotalMiB: mib });
const secrets = {
  LITELLM_MASTER_KEY: 'sk-new',
  LITELLM_SALT_KEY: 'sk-salt',
  POSTGRES_PASSWORD: 'pg',
  GRAFANA_ADMIN_PASSWORD: 'gf',
  HAGW_BATCH_SECRET: 'batch',
};
const facts = (over: Partial<SetupFacts> = {}): SetupFacts => ({
  existing: {},
  gpus: [card(0, 24576)],
  gpuError: null,
  freeDiskBytes: 200 * 1024 ** 3,
  diskPath: '/var/lib/docker',
  ports: [],
  stackRunning: false,
  ...over,
});

test('profiles follow the VRAM table: 2x24, 24, 16, under 16, none', () => {
  assert.equal(chooseProfile([card(0, 24576), card(1, 24564)]).env.VLLM_TENSOR_PARALLEL_SIZE, '2');
  assert.equal(
    chooseProfile([card(0, 24576), card(1, 24564)]).env.VLLM_MODEL,
    'Qwen/Qwen2.5-32B-Instruct-AWQ',
  );
  const one = chooseProfile([card(0, 24576)]);
  assert.deepEqual(
    [one.env.VLLM_MODEL, one.env.VLLM_CODER_MODEL, one.composeProfiles],
    ['Qwen/Qwen2.5-14B-Instruct-AWQ', 'Qwen/Qwen2.5-Coder-3B-Instruct-AWQ', ['gpu', 'coder']],
  );
  assert.equal(chooseProfile([card(0, 16376)]).env.VLLM_MODEL, 'Qwen/Qwen2.5-7B-Instruct-AWQ');
  assert.equal(chooseProfile([card(0, 8192)]).name, '8GB');
  assert.deepEqual(chooseProfile(null).composeProfiles, ['ollama']);
  // A 24 GB and a 16 GB card are not a tensor-parallel pair.
  assert.equal(chooseProfile([card(0, 24576), card(1, 16376)]).name, '24GB');
});

test('a fresh setup writes every secret and the profile', () => {
  const p = planSetup(facts(), secrets);
  assert.equal(p.write.LITELLM_MASTER_KEY, 'sk-new');
  assert.equal(p.write.COMPOSE_PROFILES, 'gpu,coder');
  assert.deepEqual(p.kept, []);
});

test('an existing secret is never overwritten; a .env.example placeholder is', () => {
  const p = planSetup(
    facts({
      existing: {
        LITELLM_MASTER_KEY: 'sk-mine',
        POSTGRES_PASSWORD: 'CHANGE-ME',
        VLLM_MODEL: 'my/model',
      },
    }),
    secrets,
  );
  assert.equal(p.write.LITELLM_MASTER_KEY, undefined);
  assert.equal(p.write.POSTGRES_PASSWORD, 'pg');
  assert.equal(p.write.VLLM_MODEL, undefined, 'a model the user chose stays');
  assert.ok(p.kept.includes('LITELLM_MASTER_KEY') && p.kept.includes('VLLM_MODEL'));
});

test('no GPU: Ollama with a warning that says what to do', () => {
  const p = planSetup(facts({ gpus: null, gpuError: 'nvidia-smi not found' }), secrets);
  assert.equal(p.write.COMPOSE_PROFILES, 'ollama');
  assert.match(
    p.findings[0]?.message ?? '',
    /No NVIDIA GPU found \(nvidia-smi not found\).*Install the NVIDIA driver/,
  );
});

test('low disk and busy ports are named exactly; ports are not checked while the stack runs', () => {
  const p = planSetup(
    facts({
      freeDiskBytes: 12 * 1024 ** 3,
      ports: [
        { port: 443, inUse: true },
        { port: 80, inUse: null },
        { port: 4000, inUse: false },
      ],
    }),
    secrets,
  );
  const text = p.findings.map((f) => `${f.severity}: ${f.message}`).join('\n');
  assert.match(text, /warning: Only 12\.0 GB free on \/var\/lib\/docker/);
  assert.match(text, /error: Port 443 is already in use/);
  assert.match(text, /info: Port 80 could not be checked/);
  assert.doesNotMatch(text, /Port 4000/);
  assert.equal(
    planSetup(facts({ ports: [{ port: 443, inUse: true }], stackRunning: true }), secrets).findings
      .length,
    0,
  );
});

test("the wake service's models come from the same utilizations that start each vLLM", () => {
  const p = planSetup(facts(), secrets);
  assert.equal(p.write.HAGW_GPU_MEMORY_MIB, '24576');
  assert.equal(
    p.write.HAGW_WAKER_MODELS,
    `local-chat=http://vllm:8000|${p.write.VLLM_GPU_MEMORY_UTILIZATION}|9800;local-coder=http://vllm-coder:8001|0.25|2100;local-embed=http://vllm-embed:8002|${p.write.VLLM_EMBED_GPU_MEMORY_UTILIZATION}|420`,
  );
  // An operator's own utilization is what the budget counts.
  const own = planSetup(facts({ existing: { VLLM_GPU_MEMORY_UTILIZATION: '0.5' } }), secrets);
  assert.match(own.write.HAGW_WAKER_MODELS ?? '', /^local-chat=http:\/\/vllm:8000\|0\.5\|/);
  assert.equal(
    planSetup(facts({ gpus: null, gpuError: 'none' }), secrets).write.HAGW_WAKER_MODELS,
    undefined,
  );
});
