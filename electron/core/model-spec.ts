import type { Checked } from './key-policy';
import type { ModelCostMap } from '../shared/litellm';

/** The cloud providers `hagw models add` knows how to route and price (LiteLLM's provider names). */
export const cloudProviders = ['openai', 'anthropic', 'together_ai'] as const;
export type CloudProvider = (typeof cloudProviders)[number];

export type ModelSpec =
  { kind: 'local'; served: string } | { kind: 'cloud'; provider: CloudProvider; model: string };

/**
 * "openai/gpt-4o-mini" is a cloud model; anything else is a name a local server serves (vLLM names
 * such as "Qwen/Qwen2.5-7B" have slashes too, so an unknown prefix is looked up locally first).
 */
export const parseModelSpec = (spec: string): Checked<ModelSpec> => {
  const s = spec.trim();
  if (s === '' || /\s/.test(s))
    return { ok: false, error: `"${spec}" is not a model name (no spaces).` };
  const i = s.indexOf('/');
  const prefix = i > 0 ? s.slice(0, i) : '';
  if ((cloudProviders as readonly string[]).includes(prefix)) {
    const model = s.slice(i + 1);
    if (model === '') return { ok: false, error: `Name the model after "${prefix}/".` };
    return { ok: true, value: { kind: 'cloud', provider: prefix as CloudProvider, model } };
  }
  return { ok: true, value: { kind: 'local', served: s } };
};

/** LiteLLM's cost map keys OpenAI and Anthropic models bare and Together's with their prefix. */
export const costEntry = (map: ModelCostMap, provider: string, model: string) => {
  const bare = map[model];
  if (bare && bare.litellm_provider === provider) return bare;
  const prefixed = map[`${provider}/${model}`];
  return prefixed && prefixed.litellm_provider === provider ? prefixed : null;
};

/** The chat models LiteLLM prices for a provider, as `hagw models add` accepts them. */
export const chatModelsOf = (map: ModelCostMap, provider: string): string[] =>
  Object.entries(map)
    .filter(([, v]) => v.litellm_provider === provider && v.mode === 'chat')
    .map(([k]) => (k.startsWith(`${provider}/`) ? k.slice(provider.length + 1) : k))
    .sort();

/** A cloud model LiteLLM has a chat price for, or the list of those it has. */
export const checkCloudModel = (
  map: ModelCostMap,
  provider: CloudProvider,
  model: string,
): Checked<{ inputCostPerToken: number; outputCostPerToken: number }> => {
  const e = costEntry(map, provider, model);
  if (e && e.mode === 'chat' && typeof e.input_cost_per_token === 'number')
    return {
      ok: true,
      value: {
        inputCostPerToken: e.input_cost_per_token,
        outputCostPerToken: e.output_cost_per_token ?? 0,
      },
    };
  const known = chatModelsOf(map, provider);
  const shown = known.slice(0, 25).join(', ');
  return {
    ok: false,
    error: `LiteLLM's cost map has no chat model "${model}" for ${provider}; accepted: ${shown || 'none'}${known.length > 25 ? ` and ${known.length - 25} more` : ''}.`,
  };
};

/** A provider key's variable name, as the stack's .env and a shell both accept it. */
export const checkEnvName = (name: string | undefined): Checked<string> =>
  name && /^[A-Z][A-Z0-9_]{1,63}$/.test(name)
    ? { ok: true, value: name }
    : {
        ok: false,
        error: `--api-key-env needs the name of the variable that holds the provider key (e.g. OPENAI_API_KEY), got "${name ?? ''}".`,
      };

/**
 * A route name clients type and `hagw models` prints: printable, no spaces, at most 64. Control
 * characters would reach every terminal that lists the routes.
 */
export const checkRouteName = (name: string): Checked<string> =>
  /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,63}$/.test(name)
    ? { ok: true, value: name }
    : {
        ok: false,
        error: `--name ${JSON.stringify(name.length > 70 ? `${name.slice(0, 67)}...` : name)} is not a route name: up to 64 letters, digits and . _ : / @ + -, starting with a letter or digit.`,
      };

/** The stack's own secrets, by name in its .env: never a cloud provider's key. */
export const stackSecretNames = [
  'LITELLM_MASTER_KEY',
  'LITELLM_SALT_KEY',
  'POSTGRES_PASSWORD',
  'GRAFANA_ADMIN_PASSWORD',
  'HAGW_BATCH_SECRET',
  'TS_AUTHKEY',
  'CLOUDFLARE_TUNNEL_TOKEN',
  'CLOUDFLARE_API_TOKEN',
] as const;

/**
 * A provider key must be a provider's: the gateway's own variables (HAGW_*, LITELLM_*, the stack's
 * secrets, compose's) are refused by name, and any value equal to a stack secret by value, since
 * LiteLLM would send it to the provider on the first call.
 */
export const providerKeyProblem = (
  name: string,
  value: string,
  stackSecrets: readonly string[],
): string | null => {
  if (
    /^(HAGW_|LITELLM_|POSTGRES_|GRAFANA_|COMPOSE_|DOCKER_)/.test(name) ||
    (stackSecretNames as readonly string[]).includes(name) ||
    /_IMAGE(_SOURCE)?$/.test(name)
  )
    return `${name} is one of the gateway's own variables, not a provider key; export the provider's key under its own name (e.g. OPENAI_API_KEY). Nothing was written.`;
  if (stackSecrets.some((s) => s.length > 0 && s === value))
    return `The value of ${name} is one of this stack's own secrets (the master key, salt key or a password); LiteLLM would send it to the provider. Export the provider's key instead. Nothing was written.`;
  return null;
};

/** $ per 1M tokens from the CLI -> $ per token; local models need a price or budgets are skipped. */
export const checkReferencePrice = (
  inputPerMillion: number,
  outputPerMillion: number,
): Checked<{ inputCostPerToken: number; outputCostPerToken: number }> => {
  const ok = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1000;
  if (!ok(inputPerMillion) || !ok(outputPerMillion))
    return { ok: false, error: '--price-in and --price-out are $ per 1M tokens, 0-1000.' };
  if (inputPerMillion === 0 && outputPerMillion === 0)
    return {
      ok: false,
      error:
        'A model priced 0/0 bypasses every LiteLLM budget; give a reference price (the default is $0.15 in / $0.60 out per 1M tokens).',
    };
  return {
    ok: true,
    value: {
      inputCostPerToken: inputPerMillion / 1_000_000,
      outputCostPerToken: outputPerMillion / 1_000_000,
    },
  };
};
