import { GatewayError, toErrorInfo } from '../core/gateway-error';
import {
  checkTunnelSecret,
  profileList,
  type TunnelKind,
  tunnels,
  withProfile,
} from '../core/remote-access';
import type { RemoteReport } from '../shared/remote';
import { readFileIfExists } from '../node/storage/atomic-file';
import type { ComposeRunner } from '../node/compose/compose-runner';
import { dotenvValues } from '../node/compose/dotenv-file';
import { updateStackEnv } from '../node/compose/stack-env-file';

const bad = (message: string) => new GatewayError('BAD_INPUT', message);

/**
 * `hagw remote` and the dashboard's remote-access card: switches a tunnel's compose profile in the
 * stack's .env, keeps its secret there (0600, never echoed), and starts or removes only that
 * container. The secret comes from the shell's environment, never from argv or the renderer.
 */
export class RemoteService {
  constructor(
    private readonly deps: {
      envFile: string;
      /** The shell's environment: where TS_AUTHKEY / CLOUDFLARE_TUNNEL_TOKEN are read from. */
      env: NodeJS.ProcessEnv;
      compose: Pick<ComposeRunner, 'exec'>;
      /** Each compose service's container state, as the stack controller last saw it. */
      containers: () => Promise<readonly { name: string; state: string }[]>;
      now: () => Date;
    },
  ) {}

  async status(): Promise<RemoteReport> {
    const env = await this.stackEnv();
    const states = await this.deps.containers().catch(() => []);
    const profiles = profileList(env.COMPOSE_PROFILES);
    const tunnel = (kind: TunnelKind) => ({
      enabled: profiles.includes(tunnels[kind].profile),
      secretSet: Boolean(env[tunnels[kind].secret]),
      state: states.find((s) => s.name === tunnels[kind].service)?.state ?? null,
    });
    return {
      tailscale: tunnel('tailscale'),
      cloudflare: { ...tunnel('cloudflare'), accessApp: env.HAGW_CLOUDFLARE_ACCESS_APP || null },
      lanBind: env.HAGW_CADDY_BIND || '0.0.0.0',
      error: null,
    };
  }

  async enable(kind: TunnelKind, o: { accessApp?: string } = {}): Promise<RemoteReport> {
    const t = tunnels[kind];
    const env = await this.stackEnv();
    const fromShell = this.deps.env[t.secret];
    const values: Record<string, string> = {
      COMPOSE_PROFILES: withProfile(env.COMPOSE_PROFILES, t.profile, true),
    };
    if (fromShell) {
      const checked = checkTunnelSecret(kind, fromShell);
      if (!checked.ok) throw bad(`${checked.error} Nothing was written.`);
      values[t.secret] = checked.value;
    } else if (!env[t.secret])
      throw bad(
        kind === 'tailscale'
          ? `Set ${t.secret} in this shell (export ${t.secret}=tskey-auth-..., from https://login.tailscale.com/admin/settings/keys) and run again; nothing was written.`
          : `Set ${t.secret} in this shell (export ${t.secret}=eyJ..., the token of your tunnel in the Cloudflare dashboard) and run again; nothing was written.`,
      );
    if (o.accessApp !== undefined) {
      if (kind !== 'cloudflare')
        throw bad('--access-app is for cloudflare (a Cloudflare Access application).');
      if (!/^[\w .:-]{1,100}$/.test(o.accessApp))
        throw bad(
          "--access-app is the Access application's name: letters, digits, spaces and . _ : -",
        );
      values.HAGW_CLOUDFLARE_ACCESS_APP = o.accessApp;
    }
    return this.switchOn(kind, values);
  }

  /**
   * The dashboard's Enable: the secret must already be in the .env (a shell put it there); this
   * process's own environment is not asked, so a key exported where the app started is not taken.
   */
  async enableWithStoredSecret(kind: TunnelKind): Promise<RemoteReport> {
    const t = tunnels[kind];
    const env = await this.stackEnv();
    if (!env[t.secret])
      throw bad(
        `The ${kind} secret is not in the stack's .env yet: run "hagw remote enable ${kind}" in a shell with ${t.secret} set.`,
      );
    return this.switchOn(kind, {
      COMPOSE_PROFILES: withProfile(env.COMPOSE_PROFILES, t.profile, true),
    });
  }

  /** Writes the tunnel's .env values (its profile on), then starts that container alone. */
  private async switchOn(kind: TunnelKind, values: Record<string, string>): Promise<RemoteReport> {
    await updateStackEnv(this.deps.envFile, values, this.deps.now());
    await this.compose(['up', '-d', tunnels[kind].service], `starting ${tunnels[kind].service}`);
    return this.status();
  }

  async disable(kind: TunnelKind | undefined): Promise<RemoteReport> {
    const kinds: TunnelKind[] = kind ? [kind] : ['tailscale', 'cloudflare'];
    const env = await this.stackEnv();
    let profiles = env.COMPOSE_PROFILES ?? '';
    for (const k of kinds) profiles = withProfile(profiles, tunnels[k].profile, false);
    // The secrets stay (0600): enabling again needs no new key; `hagw doctor` reads the profile.
    if (profiles !== (env.COMPOSE_PROFILES ?? ''))
      await updateStackEnv(this.deps.envFile, { COMPOSE_PROFILES: profiles }, this.deps.now());
    await this.compose(
      ['rm', '-s', '-f', ...kinds.map((k) => tunnels[k].service)],
      'removing the tunnel',
    );
    return this.status();
  }

  private async stackEnv(): Promise<Record<string, string>> {
    const text = await readFileIfExists(this.deps.envFile);
    if (text === null)
      throw new GatewayError('NO_SETUP', 'No stack .env yet: run "hagw setup" first.');
    return dotenvValues(text);
  }

  private async compose(args: string[], what: string): Promise<void> {
    let r: { code: number | null; stderr: string };
    try {
      r = await this.deps.compose.exec(args);
    } catch (e) {
      throw new GatewayError(
        'COMPOSE_FAILED',
        `The .env is updated, but ${what} failed: ${toErrorInfo(e).message}`,
      );
    }
    if (r.code !== 0)
      throw new GatewayError(
        'COMPOSE_FAILED',
        `The .env is updated, but ${what} failed: ${r.stderr.trim().split('\n').pop() ?? `exit ${String(r.code)}`}`,
      );
  }
}
