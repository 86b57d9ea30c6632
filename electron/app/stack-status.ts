import { existsSync } from 'node:fs';
import { toErrorInfo } from '../core/gateway-error';
import type { Clock } from '../core/ports';
import type { StackController } from '../core/stack-controller';
import type { EndpointProbe, StatusReport } from '../shared/status';
import type { AppConfig } from '../node/platform/app-config';
import { probeLocalRoutes } from '../node/services/deep-probe';
import type { LiteLlmClient } from '../node/services/litellm-client';

/** LiteLLM's readiness: its version when it answers, what failed when it does not. */
export const probeLiteLlm = async (client: LiteLlmClient): Promise<EndpointProbe> => {
  try {
    const r = await client.readiness();
    return {
      url: client.baseUrl,
      reachable: true,
      version: r.litellm_version ?? null,
      error: null,
    };
  } catch (e) {
    return { url: client.baseUrl, reachable: false, version: null, error: toErrorInfo(e).message };
  }
};

export interface StackStatusDeps {
  config: AppConfig;
  stack: Pick<StackController, 'refresh'>;
  litellm: LiteLlmClient;
  masterKey: () => Promise<string | null>;
  clock: Clock;
}

/**
 * `hagw status`, the tray's status line and the dashboard's Stack view: the containers and
 * LiteLLM's readiness together; `deep` also tries one call on every local route.
 */
export const stackStatus = async (
  d: StackStatusDeps,
  o: { deep?: boolean } = {},
): Promise<StatusReport> => {
  const [snapshot, probe] = await Promise.all([d.stack.refresh(), probeLiteLlm(d.litellm)]);
  // Docker unreadable: every local route is tried, since none is known to be off.
  const known = snapshot.services.length > 0;
  const routes = o.deep
    ? await probeLocalRoutes(d.litellm, {
        litellmUrl: d.config.litellmUrl,
        masterKey: d.masterKey,
        now: () => d.clock.now(),
        running: (svc) =>
          !known || snapshot.services.some((s) => s.name === svc && s.state === 'running'),
      }).catch((e: unknown) => [
        {
          route: '*',
          service: 'litellm',
          ok: false,
          status: null,
          ms: 0,
          error: `the routes could not be listed: ${e instanceof Error ? e.message : String(e)}`,
        },
      ])
    : undefined;
  return {
    stack: snapshot,
    litellm: probe,
    setupNeeded: !existsSync(d.config.envFile),
    generatedAt: new Date(d.clock.now()).toISOString(),
    ...(routes ? { routes } : {}),
  };
};
