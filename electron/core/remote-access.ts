import type { Checked } from './key-policy';

export type TunnelKind = 'tailscale' | 'cloudflare';

/** Each tunnel's compose profile and service, and the .env variable its secret lives in. */
export const tunnels = {
  tailscale: { profile: 'tailscale', service: 'tailscale', secret: 'TS_AUTHKEY' },
  cloudflare: { profile: 'cloudflared', service: 'cloudflared', secret: 'CLOUDFLARE_TUNNEL_TOKEN' },
} as const;

export const profileList = (csv: string | undefined): string[] =>
  (csv ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** COMPOSE_PROFILES with one profile switched on or off, the others kept in their order. */
export const withProfile = (csv: string | undefined, profile: string, on: boolean): string => {
  const rest = profileList(csv).filter((p) => p !== profile);
  return (on ? [...rest, profile] : rest).join(',');
};

/**
 * The secret's shape, so a token pasted into the wrong variable is caught before compose starts a
 * container that loops on "invalid key": Tailscale auth keys start "tskey-", Cloudflare tunnel
 * tokens are base64 JSON ("eyJ...").
 */
export const checkTunnelSecret = (kind: TunnelKind, value: string): Checked<string> => {
  const v = value.trim();
  const ok =
    kind === 'tailscale'
      ? /^tskey-[A-Za-z0-9-]{8,}$/.test(v)
      : /^eyJ[A-Za-z0-9_=+/-]{40,}$/.test(v);
  return ok
    ? { ok: true, value: v }
    : {
        ok: false,
        error:
          kind === 'tailscale'
            ? `${tunnels.tailscale.secret} does not look like a Tailscale auth key (tskey-auth-...); make one at https://login.tailscale.com/admin/settings/keys.`
            : `${tunnels.cloudflare.secret} does not look like a Cloudflare tunnel token (eyJ...); copy it from the tunnel's "Install connector" page.`,
      };
};
