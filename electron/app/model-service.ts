import { realpath } from 'node:fs/promises';
import { GatewayError, toErrorInfo } from '../core/gateway-error';
import {
  checkCloudModel,
  checkEnvName,
  checkRouteName,
  providerKeyProblem,
  stackSecretNames,
  checkReferencePrice,
  cloudProviders,
  parseModelSpec,
} from '../core/model-spec';
import { modelTable, sameServer, splitRoute, type ServedList } from '../core/model-table';
import type { ModelNewRequest } from '../shared/litellm';
import type { ModelRow, ModelsReport } from '../shared/models';
import { readFileIfExists, writeFileAtomic } from '../node/storage/atomic-file';
import { dotenvValues } from '../node/compose/dotenv-file';
import { httpRequest } from '../node/services/http-json';
import type { LiteLlmClient } from '../node/services/litellm-client';
import { updateStackEnv } from '../node/compose/stack-env-file';

const bad = (message: string) => new GatewayError('BAD_INPUT', message);

/** The stack's own model servers: how LiteLLM names each, and where this machine reaches it. */
interface StackServer {
  kind: 'vllm' | 'ollama';
  apiBase: string;
  probe: string;
}

export interface AddModelOptions {
  /** The route name clients send as "model" (default: the served or cloud model's name). */
  name?: string;
  /** One more deployment of a route on another server (a second GPU host). */
  apiBase?: string;
  /** The variable in this shell that holds the cloud provider's key. */
  apiKeyEnv?: string;
  /** Reference price, $ per 1M tokens (local models; the default is GPT-4o-mini class). */
  priceIn?: number;
  priceOut?: number;
}

/** A reference cloud price for local models, so budgets count their calls (0/0 skips them). */
export const defaultReferencePrice = { in: 0.15, out: 0.6 };

/**
 * `hagw models` and the dashboard's Models view: LiteLLM's routes against what vLLM and Ollama
 * serve, and adding or removing routes through LiteLLM's model API (no restart).
 */
export class ModelService {
  private readonly servers: StackServer[];

  constructor(
    private readonly deps: {
      litellm: LiteLlmClient;
      /** Every key's alias and allowlist (the key service's rows). */
      keyRows: () => Promise<readonly { key_alias: string | null; models: string[] }[]>;
      vllmUrl: string;
      ollamaUrl: string;
      envFile: string;
      env: NodeJS.ProcessEnv;
      now: () => Date;
    },
  ) {
    // The stack's vLLMs through the wake service: a route added for one of them goes through it
    // too, so a request never reaches a sleeping engine (which would kill it).
    this.servers = [
      { kind: 'vllm', apiBase: 'http://waker:4200/local-chat/v1', probe: deps.vllmUrl },
      { kind: 'vllm', apiBase: 'http://waker:4200/local-coder/v1', probe: 'http://127.0.0.1:8001' },
      { kind: 'vllm', apiBase: 'http://waker:4200/local-embed/v1', probe: 'http://127.0.0.1:8002' },
      { kind: 'ollama', apiBase: 'http://ollama:11434', probe: deps.ollamaUrl },
    ];
  }

  async list(): Promise<ModelsReport> {
    try {
      const [info, keys] = await Promise.all([this.deps.litellm.modelInfo(), this.deps.keyRows()]);
      const extra = info.data
        .map((r) => ({ r, kind: localKindOf(r.litellm_params.model) }))
        .filter(
          (x): x is { r: typeof x.r; kind: 'vllm' | 'ollama' } =>
            x.kind !== null &&
            !!x.r.litellm_params.api_base &&
            !this.servers.some((s) => sameServer(s.apiBase, x.r.litellm_params.api_base!)),
        )
        .map((x) => ({
          kind: x.kind,
          apiBase: x.r.litellm_params.api_base!,
          probe: x.r.litellm_params.api_base!,
        }));
      const served = await Promise.all(
        uniqueServers([...this.servers, ...extra]).map((s) => this.served(s)),
      );
      const allow = keys
        .filter((k) => k.key_alias && !k.key_alias.includes('.rotating-'))
        .map((k) => ({ alias: k.key_alias!, models: k.models }));
      return { models: modelTable(info.data, served, allow), error: null };
    } catch (e) {
      return { models: [], error: toErrorInfo(e).message };
    }
  }

  async add(spec: string, o: AddModelOptions): Promise<ModelRow> {
    if (o.name !== undefined) {
      const named = checkRouteName(o.name);
      if (!named.ok) throw bad(named.error);
    }
    const parsed = parseModelSpec(spec);
    if (!parsed.ok) throw bad(parsed.error);
    const routes = (await this.deps.litellm.modelInfo()).data;
    if (parsed.value.kind === 'cloud') {
      const { provider, model } = parsed.value;
      const name = o.name ?? model;
      const envName = checkEnvName(o.apiKeyEnv);
      if (!envName.ok) throw bad(envName.error);
      const key = this.deps.env[envName.value];
      if (!key)
        throw bad(
          `${envName.value} is not set in this shell: export ${envName.value}=<your ${provider} key> and run again; nothing was written.`,
        );
      const stackEnv = dotenvValues((await readFileIfExists(this.deps.envFile)) ?? '');
      const secrets = [
        ...stackSecretNames.map((n) => stackEnv[n] ?? ''),
        this.deps.env.HAGW_LITELLM_MASTER_KEY ?? '',
      ];
      const own = providerKeyProblem(envName.value, key, secrets);
      if (own) throw bad(own);
      const priced = checkCloudModel(await this.deps.litellm.costMap(), provider, model);
      if (!priced.ok) throw bad(priced.error);
      if (routes.some((r) => r.model_name === name))
        throw bad(`There is already a route "${name}"; pick another with --name.`);
      await this.withProviderKey(envName.value, key, () =>
        this.addRoute(name, {
          model_name: name,
          litellm_params: {
            model: `${provider}/${model}`,
            api_key: key,
            ...(o.apiBase ? { api_base: o.apiBase } : {}),
          },
          model_info: { mode: 'chat' },
        }),
      );
      return this.rowOf(name);
    }
    const price = checkReferencePrice(
      o.priceIn ?? defaultReferencePrice.in,
      o.priceOut ?? defaultReferencePrice.out,
    );
    if (!price.ok) throw bad(price.error);
    const body = o.apiBase
      ? await this.extraDeployment(parsed.value.served, o.apiBase, routes)
      : await this.localRoute(parsed.value.served, o.name, routes);
    await this.addRoute(body.model_name, {
      ...body,
      litellm_params: {
        ...body.litellm_params,
        input_cost_per_token: price.value.inputCostPerToken,
        output_cost_per_token: price.value.outputCostPerToken,
      },
      model_info: {
        mode: 'chat',
        input_cost_per_token: price.value.inputCostPerToken,
        output_cost_per_token: price.value.outputCostPerToken,
      },
    });
    return this.rowOf(body.model_name);
  }

  /** Removes every deployment of a route added through the API; config.yaml routes stay. */
  async remove(name: string): Promise<{ removed: number; keysStillListing: string[] }> {
    const routes = (await this.deps.litellm.modelInfo()).data.filter((r) => r.model_name === name);
    if (routes.length === 0)
      throw new GatewayError('NOT_FOUND', `No route "${name}"; see hagw models.`);
    const ids = routes
      .filter((r) => r.model_info.db_model === true && r.model_info.id)
      .map((r) => r.model_info.id!);
    if (ids.length === 0)
      throw new GatewayError(
        'CONFIG_ROUTE',
        `"${name}" comes from compose/litellm/config.yaml, not from hagw models add; remove it there and restart litellm (hagw stack restart litellm).`,
      );
    for (const id of ids) await this.deps.litellm.deleteModel(id);
    const keys = await this.deps.keyRows();
    return {
      removed: ids.length,
      keysStillListing: keys
        .filter((k) => k.key_alias && k.models.includes(name))
        .map((k) => k.key_alias!),
    };
  }

  private async rowOf(name: string): Promise<ModelRow> {
    const r = await this.list();
    const row = r.models.find((m) => m.name === name);
    if (!row)
      throw new GatewayError('LITELLM_GARBAGE', `LiteLLM took "${name}" but does not list it.`);
    return row;
  }

  private async localRoute(
    served: string,
    name: string | undefined,
    routes: readonly { model_name: string }[],
  ): Promise<ModelNewRequest> {
    const lists = await Promise.all(this.servers.map((s) => this.served(s)));
    const at = lists.find((l) => l.models?.includes(served));
    if (!at) {
      const now = lists
        .filter((l) => (l.models ?? []).length > 0)
        .map((l) => `${l.models!.join(', ')} (${l.kind === 'vllm' ? 'vLLM' : 'Ollama'})`);
      throw bad(
        `No local server serves "${served}"; served now: ${now.join('; ') || 'nothing (is the stack up?)'}. Cloud models: ${cloudProviders.map((p) => `${p}/<model>`).join(', ')} with --api-key-env NAME.`,
      );
    }
    const route = name ?? served;
    if (routes.some((r) => r.model_name === route))
      throw bad(
        `There is already a route "${route}"; pick another name with --name, or add a deployment to it with --api-base.`,
      );
    return {
      model_name: route,
      litellm_params: {
        model: `${at.kind === 'vllm' ? 'hosted_vllm' : 'ollama_chat'}/${served}`,
        api_base: at.apiBase,
      },
    };
  }

  /** One more server for a route: it must answer and serve the route's model before it is added. */
  private async extraDeployment(
    name: string,
    apiBase: string,
    routes: readonly { model_name: string; litellm_params: { model: string } }[],
  ): Promise<ModelNewRequest> {
    let url: URL;
    try {
      url = new URL(apiBase);
    } catch {
      throw bad(`--api-base "${apiBase}" is not a URL; e.g. http://192.168.1.20:8000/v1.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw bad(`--api-base must be http:// or https://, got ${url.protocol}`);
    const existing = routes.find((r) => r.model_name === name);
    const model = existing?.litellm_params.model ?? `hosted_vllm/${name}`;
    const { upstream } = splitRoute(model);
    const list = await this.served({ kind: 'vllm', apiBase, probe: apiBase });
    if (list.models === null)
      throw new GatewayError(
        'UNREACHABLE',
        `${apiBase} does not answer /models; is vLLM running there?`,
      );
    if (!list.models.includes(upstream))
      throw bad(
        `${apiBase} does not serve "${upstream}" (it serves ${list.models.join(', ') || 'nothing'}); start vLLM there with --served-model-name ${upstream}.`,
      );
    return { model_name: name, litellm_params: { model, api_base: apiBase } };
  }

  private async served(s: {
    kind: 'vllm' | 'ollama';
    apiBase: string;
    probe: string;
  }): Promise<ServedList> {
    const base = s.probe.replace(/\/+$/, '');
    const url = /\/v1$/.test(base) ? `${base}/models` : `${base}/v1/models`;
    try {
      const r = await httpRequest(`${s.kind} at ${base}`, url, {
        timeoutMs: 3000,
        maxBytes: 1 << 20,
      });
      if (r.status !== 200) return { kind: s.kind, apiBase: s.apiBase, models: null };
      const data = (JSON.parse(r.text) as { data?: { id?: unknown }[] }).data ?? [];
      return {
        kind: s.kind,
        apiBase: s.apiBase,
        models: data.map((m) => m.id).filter((id): id is string => typeof id === 'string'),
      };
    } catch {
      return { kind: s.kind, apiBase: s.apiBase, models: null };
    }
  }

  /**
   * POST /model/new, and when its answer is lost (a timeout, a 5xx after the write) the route is
   * looked for: there, the add succeeded and what goes with it (the provider key in the .env)
   * stays; not there, the error stands and the caller undoes its side.
   */
  private async addRoute(name: string, body: ModelNewRequest): Promise<void> {
    try {
      await this.deps.litellm.addModel(body);
    } catch (e) {
      const there = await this.deps.litellm.modelInfo().then(
        (i) => i.data.some((r) => r.model_name === name),
        () => false,
      );
      if (!there) throw e;
    }
  }

  /**
   * The provider key goes into the stack's .env (0600) next to LiteLLM's encrypted copy, so the
   * route can be re-added after a database reset. A different key already under that name is never
   * overwritten; a failed add puts the file back as it was.
   */
  private async withProviderKey(name: string, key: string, add: () => Promise<unknown>) {
    const target = await realpath(this.deps.envFile).catch(() => this.deps.envFile);
    const before = await readFileIfExists(target);
    const current = before === null ? undefined : dotenvValues(before)[name];
    if (current !== undefined && current !== '' && current !== key)
      throw bad(
        `${name} in the stack's .env holds a different key; use another --api-key-env name, or remove that line first. Nothing was written.`,
      );
    if (current !== key) await updateStackEnv(this.deps.envFile, { [name]: key }, this.deps.now());
    try {
      await add();
    } catch (e) {
      if (current !== key) {
        if (before === null) await writeFileAtomic(target, '', 0o600);
        else await writeFileAtomic(target, before, 0o600);
      }
      throw e;
    }
  }
}

const localKindOf = (model: string): 'vllm' | 'ollama' | null => {
  const { provider } = splitRoute(model);
  return provider === 'hosted_vllm' ? 'vllm' : /^ollama(_chat)?$/.test(provider) ? 'ollama' : null;
};

const uniqueServers = <T extends { apiBase: string }>(all: readonly T[]): T[] =>
  all.filter((s, i) => all.findIndex((t) => sameServer(t.apiBase, s.apiBase)) === i);
