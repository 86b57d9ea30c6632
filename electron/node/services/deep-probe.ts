import { localServiceOf } from '../../core/engine-health';
import type { RouteProbe } from '../../shared/status';
import { httpRequest } from './http-json';
import type { LiteLlmClient } from './litellm-client';

/**
 * `hagw status --deep`: one tiny call per local route whose container runs, through LiteLLM on
 * loopback (a one-token completion, or a one-word embedding), because a healthy container can
 * hide a dead engine.
 */
export const probeLocalRoutes = async (
  litellm: Pick<LiteLlmClient, 'modelInfo'>,
  o: {
    litellmUrl: string;
    masterKey: () => Promise<string | null>;
    now: () => number;
    /** false: the service is known not to run (a profile that is off): its route is not tried. */
    running: (service: string) => boolean;
  },
): Promise<RouteProbe[]> => {
  const key = await o.masterKey();
  const info = await litellm.modelInfo();
  const local = info.data
    .map((r) => ({
      route: r.model_name,
      service: localServiceOf(r.litellm_params.api_base ?? undefined),
      embedding: r.model_info?.mode === 'embedding',
    }))
    .filter((r): r is typeof r & { service: string } => r.service !== null && o.running(r.service));
  return Promise.all(
    local.map(async (r): Promise<RouteProbe> => {
      const t0 = o.now();
      const body = r.embedding
        ? { model: r.route, input: 'ping' }
        : { model: r.route, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 };
      try {
        const a = await httpRequest(
          `LiteLLM at ${o.litellmUrl}`,
          `${o.litellmUrl}/v1/${r.embedding ? 'embeddings' : 'chat/completions'}`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(key ? { authorization: `Bearer ${key}` } : {}),
            },
            body: JSON.stringify(body),
            timeoutMs: 60_000,
            maxBytes: 1024 * 1024,
          },
        );
        const error =
          a.status === 200
            ? null
            : (() => {
                try {
                  return (
                    (JSON.parse(a.text) as { error?: { message?: string } }).error?.message ?? null
                  );
                } catch {
                  return null;
                }
              })();
        return {
          route: r.route,
          service: r.service,
          ok: a.status === 200,
          status: a.status,
          ms: o.now() - t0,
          error:
            a.status === 200 ? null : `HTTP ${a.status}${error ? `: ${error.slice(0, 200)}` : ''}`,
        };
      } catch (e) {
        return {
          route: r.route,
          service: r.service,
          ok: false,
          status: null,
          ms: o.now() - t0,
          error: e instanceof Error ? e.message : String(e),
        };
      }
    }),
  );
};
