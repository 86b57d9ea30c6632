import type { Finding, ModelProfile } from '../shared/setup';

export interface GpuFact {
  index: number;
  name: string;
  memoryTotalMiB: number;
}

export interface SetupFacts {
  /** The stack's current .env values ({} when there is none). */
  existing: Record<string, string>;
  /** null: nvidia-smi absent or failing (gpuError says why). */
  gpus: GpuFact[] | null;
  gpuError: string | null;
  freeDiskBytes: number | null;
  diskPath: string | null;
  /** null inUse: could not check (e.g. no privilege to bind port 80). */
  ports: { port: number; inUse: boolean | null }[];
  /** The stack is already up: its own Caddy and LiteLLM hold the ports. */
  stackRunning: boolean;
}

export const secretKeys = [
  'LITELLM_MASTER_KEY',
  'LITELLM_SALT_KEY',
  'POSTGRES_PASSWORD',
  'GRAFANA_ADMIN_PASSWORD',
  'HAGW_BATCH_SECRET',
] as const;
export type SecretKey = (typeof secretKeys)[number];

const gib = 1024 ** 3;
export const wantedDiskBytes = 50 * gib;
/** A "24 GB" card reports 24564-24576 MiB, a "16 GB" one ~16376: compare with some slack. */
const class24 = 22_000;
const class16 = 15_000;
const class8 = 7_500;

/**
 * The embedding model (local-embed, bge-base-en-v1.5) wants about 1.2 GiB with its cache; its
 * share of the first card, in hundredths, comes out of what the chat model may take, so the
 * services on one card never ask for more than 95 % of it together.
 */
const embedMiB = 1200;
const cardShare = 0.95;
export const embedShare = (cardMiB: number): number =>
  Math.max(0.04, Math.ceil((embedMiB / cardMiB) * 100) / 100);

const vllm = (
  model: string,
  cardMiB: number,
  extra: Record<string, string> = {},
  others = 0,
): Record<string, string> => {
  const embed = embedShare(cardMiB);
  return {
    VLLM_MODEL: model,
    VLLM_MAX_MODEL_LEN: '16384',
    VLLM_GPU_MEMORY_UTILIZATION: (cardShare - embed - others).toFixed(2),
    VLLM_TENSOR_PARALLEL_SIZE: '1',
    VLLM_EMBED_GPU_MEMORY_UTILIZATION: embed.toFixed(2),
    ...extra,
  };
};

/** The model profile for the VRAM nvidia-smi reports (the seed's table). */
export const chooseProfile = (gpus: readonly GpuFact[] | null): ModelProfile => {
  const big = (gpus ?? []).filter((g) => g.memoryTotalMiB >= class24);
  const top = Math.max(0, ...(gpus ?? []).map((g) => g.memoryTotalMiB));
  if (big.length >= 2) {
    return {
      name: '2x24GB',
      description:
        'Qwen2.5-32B-Instruct AWQ split over two 24 GB cards (tensor parallel), bge-base embeddings beside it',
      composeProfiles: ['gpu'],
      env: vllm('Qwen/Qwen2.5-32B-Instruct-AWQ', big[0]!.memoryTotalMiB, {
        VLLM_TENSOR_PARALLEL_SIZE: '2',
      }),
    };
  }
  if (top >= class24) {
    return {
      name: '24GB',
      description:
        'Qwen2.5-14B-Instruct AWQ for chat plus Qwen2.5-Coder-3B AWQ for code and bge-base embeddings, on one 24 GB card',
      composeProfiles: ['gpu', 'coder'],
      env: {
        ...vllm('Qwen/Qwen2.5-14B-Instruct-AWQ', top, {}, 0.25),
        VLLM_CODER_MODEL: 'Qwen/Qwen2.5-Coder-3B-Instruct-AWQ',
        VLLM_CODER_MAX_MODEL_LEN: '8192',
        VLLM_CODER_GPU_MEMORY_UTILIZATION: '0.25',
      },
    };
  }
  if (top >= class16) {
    return {
      name: '16GB',
      description: 'Qwen2.5-7B-Instruct AWQ and bge-base embeddings on one 16 GB card',
      composeProfiles: ['gpu'],
      env: vllm('Qwen/Qwen2.5-7B-Instruct-AWQ', top),
    };
  }
  if (top >= class8) {
    return {
      name: '8GB',
      description: 'Qwen2.5-3B-Instruct AWQ and bge-base embeddings: the card has under 16 GB',
      composeProfiles: ['gpu'],
      env: vllm('Qwen/Qwen2.5-3B-Instruct-AWQ', top, { VLLM_MAX_MODEL_LEN: '8192' }),
    };
  }
  return {
    name: 'cpu',
    description: 'No usable NVIDIA GPU: Ollama on the CPU (ollama-chat, ollama-embed)',
    composeProfiles: ['ollama'],
    env: {},
  };
};

/** The weights of the models a profile names, in MiB (AWQ 4-bit): what a level-1 sleep keeps in RAM. */
const weightsMiB = (model: string | undefined): number => {
  const b = Number(/(\d+(?:\.\d+)?)B/i.exec(model ?? '')?.[1] ?? NaN);
  if (/bge-base/i.test(model ?? '')) return 420;
  return Number.isFinite(b) ? Math.round(b * 700) : 4000;
};

/**
 * The wake service's list (HAGW_WAKER_MODELS) from the same values that start each vLLM, so its
 * VRAM budget and vLLM's own reservation cannot drift apart; and the card's size for the budget.
 */
export const wakerEnv = (
  env: Readonly<Record<string, string | undefined>>,
  profiles: readonly string[],
  cardMiB: number,
): Record<string, string> => {
  if (!profiles.includes('gpu')) return {};
  const entry = (name: string, url: string, util: string | undefined, model: string | undefined) =>
    `${name}=${url}|${util ?? '0.5'}|${weightsMiB(model)}`;
  const models = [
    entry('local-chat', 'http://vllm:8000', env.VLLM_GPU_MEMORY_UTILIZATION, env.VLLM_MODEL),
    ...(profiles.includes('coder')
      ? [
          entry(
            'local-coder',
            'http://vllm-coder:8001',
            env.VLLM_CODER_GPU_MEMORY_UTILIZATION,
            env.VLLM_CODER_MODEL,
          ),
        ]
      : []),
    entry(
      'local-embed',
      'http://vllm-embed:8002',
      env.VLLM_EMBED_GPU_MEMORY_UTILIZATION,
      env.VLLM_EMBED_MODEL ?? 'BAAI/bge-base-en-v1.5',
    ),
  ];
  return { HAGW_GPU_MEMORY_MIB: String(cardMiB), HAGW_WAKER_MODELS: models.join(';') };
};

/** Placeholders from .env.example are not secrets: they get replaced, never kept. */
const isPlaceholder = (v: string | undefined): boolean =>
  v === undefined || v.trim() === '' || /CHANGE-ME/.test(v);

export interface SetupPlan {
  write: Record<string, string>;
  kept: string[];
  profile: ModelProfile;
  findings: Finding[];
}

const portFinding = (p: { port: number; inUse: boolean | null }): Finding | null => {
  if (p.inUse === true) {
    const fix =
      p.port === 4000
        ? 'LiteLLM publishes 127.0.0.1:4000'
        : `or set HAGW_${p.port === 80 ? 'HTTP' : 'HTTPS'}_PORT in the stack's .env`;
    return {
      severity: 'error',
      message: `Port ${p.port} is already in use by another program; stop it (sudo ss -ltnp 'sport = :${p.port}' shows which) — ${fix}.`,
    };
  }
  if (p.inUse === null) {
    return {
      severity: 'info',
      message: `Port ${p.port} could not be checked without privileges; Docker will say so at start if it is taken.`,
    };
  }
  return null;
};

/**
 * What `hagw setup` writes, keeps and warns about. Pure: secrets are generated by the caller and
 * used only for keys that are missing (an existing secret is never overwritten).
 */
export const planSetup = (facts: SetupFacts, generated: Record<SecretKey, string>): SetupPlan => {
  const write: Record<string, string> = {};
  const kept: string[] = [];
  for (const k of secretKeys) {
    if (isPlaceholder(facts.existing[k])) write[k] = generated[k];
    else kept.push(k);
  }
  const profile = chooseProfile(facts.gpus);
  const planned = { ...profile.env, COMPOSE_PROFILES: profile.composeProfiles.join(',') };
  const apply = (entries: Record<string, string>) => {
    for (const [k, v] of Object.entries(entries)) {
      if (facts.existing[k] === undefined || facts.existing[k] === '') write[k] = v;
      else kept.push(k);
    }
  };
  apply(planned);
  // The wake service's models follow what will be in the .env (an operator's own values win).
  const merged = { ...planned, ...facts.existing, ...write };
  const cardMiB = Math.max(0, ...(facts.gpus ?? []).map((g) => g.memoryTotalMiB));
  apply(wakerEnv(merged, (merged.COMPOSE_PROFILES ?? '').split(','), cardMiB));
  const findings: Finding[] = [];
  if (facts.gpus === null) {
    findings.push({
      severity: 'warning',
      message: `No NVIDIA GPU found (${facts.gpuError ?? 'nvidia-smi not found'}): Ollama on the CPU is set up instead; expect a few tokens per second. Install the NVIDIA driver and run "hagw setup" again to switch.`,
    });
  } else if (profile.name === '8GB') {
    findings.push({
      severity: 'warning',
      message: `Largest card has ${Math.round(Math.max(...facts.gpus.map((g) => g.memoryTotalMiB)) / 1024)} GB: only a 3B model fits well.`,
    });
  }
  if (facts.freeDiskBytes !== null && facts.freeDiskBytes < wantedDiskBytes) {
    findings.push({
      severity: 'warning',
      message: `Only ${(facts.freeDiskBytes / gib).toFixed(1)} GB free on ${facts.diskPath ?? 'the Docker disk'}; model weights want about 50 GB. Free some space or move Docker's data root.`,
    });
  }
  if (!facts.stackRunning)
    for (const p of facts.ports) {
      const f = portFinding(p);
      if (f) findings.push(f);
    }
  return { write, kept, profile, findings };
};
