import type { ModelInfoResponse } from '../shared/litellm';
import type { ModelDeployment, ModelRow } from '../shared/models';

/** What one model server (vLLM or Ollama) answered on /v1/models; models null: it did not answer. */
export interface ServedList {
  kind: 'vllm' | 'ollama';
  /** The server as LiteLLM's routes name it (http://vllm:8000/v1). */
  apiBase: string;
  models: string[] | null;
}

export interface KeyAllowlist {
  alias: string;
  models: readonly string[];
}

type Route = ModelInfoResponse['data'][number];

/** The providers that are a server on this machine or the LAN; everything else bills a cloud. */
const localKind = (provider: string): 'vllm' | 'ollama' | null =>
  provider === 'hosted_vllm' ? 'vllm' : /^ollama(_chat)?$/.test(provider) ? 'ollama' : null;

export const splitRoute = (model: string): { provider: string; upstream: string } => {
  const i = model.indexOf('/');
  return i < 0
    ? { provider: 'openai', upstream: model }
    : { provider: model.slice(0, i), upstream: model.slice(i + 1) };
};

/** http://vllm:8000/v1/ and http://vllm:8000 are the same server. */
export const sameServer = (a: string, b: string): boolean => {
  const norm = (u: string) => u.replace(/\/+$/, '').replace(/\/v1$/, '');
  return norm(a) === norm(b);
};

const kindName = { vllm: 'vLLM', ollama: 'Ollama' } as const;

const deploymentOf = (r: Route, servers: readonly ServedList[]): ModelDeployment => {
  const apiBase = r.litellm_params.api_base ?? null;
  const { provider, upstream } = splitRoute(r.litellm_params.model);
  if (localKind(provider) === null || apiBase === null) return { apiBase, serving: null };
  const server = servers.find((s) => sameServer(s.apiBase, apiBase));
  if (!server) return { apiBase, serving: null };
  return { apiBase, serving: server.models?.includes(upstream) ?? false };
};

const price = (v: number | null | undefined): number | null => (typeof v === 'number' ? v : null);

const problemOf = (
  kind: 'local' | 'cloud',
  upstream: string,
  deployments: readonly ModelDeployment[],
  cost: { input: number | null; output: number | null },
  servers: readonly ServedList[],
): string | null => {
  const down = deployments.filter((d) => d.serving === false);
  if (kind === 'local' && down.length > 0 && down.length === deployments.length) {
    const silent = servers.find(
      (s) => s.models === null && sameServer(s.apiBase, down[0]!.apiBase ?? ''),
    );
    return silent
      ? `routed to nothing: ${kindName[silent.kind]} at ${silent.apiBase} does not answer`
      : `routed to nothing: no server serves ${upstream}`;
  }
  if (down.length > 0)
    return `${down.length} of ${deployments.length} deployments do not serve ${upstream}: ${down.map((d) => d.apiBase).join(', ')}`;
  if ((cost.input ?? 0) === 0 && (cost.output ?? 0) === 0)
    return kind === 'cloud' && cost.input === null
      ? "no price in LiteLLM's cost map: budgets do not count its calls"
      : 'priced 0/0: LiteLLM skips budget checks for it; add it again with a reference price';
  return null;
};

/**
 * One row per LiteLLM route (its deployments folded in) and one per served model that no route
 * reaches, each with what is wrong with it. Pure: the node side fetches the three inputs.
 */
export const modelTable = (
  routes: readonly Route[],
  servers: readonly ServedList[],
  keys: readonly KeyAllowlist[],
): ModelRow[] => {
  const byName = new Map<string, Route[]>();
  for (const r of routes) byName.set(r.model_name, [...(byName.get(r.model_name) ?? []), r]);
  const rows: ModelRow[] = [...byName].map(([name, group]) => {
    const first = group[0]!;
    const { provider, upstream } = splitRoute(first.litellm_params.model);
    const local = localKind(provider);
    const kind = local === null ? 'cloud' : 'local';
    const deployments = group.map((r) => deploymentOf(r, servers));
    const cost = {
      input: price(first.model_info.input_cost_per_token),
      output: price(first.model_info.output_cost_per_token),
    };
    return {
      name,
      kind,
      servedBy: local !== null && deployments.some((d) => d.serving === true) ? local : null,
      route: first.litellm_params.model,
      inputCostPerToken: cost.input,
      outputCostPerToken: cost.output,
      apps: keys
        .filter((k) => k.models.length === 0 || k.models.includes(name))
        .map((k) => k.alias),
      problem: problemOf(kind, upstream, deployments, cost, servers),
      deployments,
      removable: group.some((r) => r.model_info.db_model === true),
    };
  });
  for (const s of servers)
    for (const served of s.models ?? []) {
      const routed = routes.some((r) => {
        const { provider, upstream } = splitRoute(r.litellm_params.model);
        return (
          localKind(provider) === s.kind &&
          upstream === served &&
          sameServer(r.litellm_params.api_base ?? '', s.apiBase)
        );
      });
      if (!routed)
        rows.push({
          name: served,
          kind: 'local',
          servedBy: s.kind,
          route: null,
          inputCostPerToken: null,
          outputCostPerToken: null,
          apps: [],
          problem: `served by ${kindName[s.kind]} but not routed: hagw models add ${served}`,
          deployments: [{ apiBase: s.apiBase, serving: true }],
          removable: false,
        });
    }
  return rows;
};
