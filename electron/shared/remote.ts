// Remote access: which tunnel profiles are on, whether their secret is set (never the secret),
// whether the container runs, and where Caddy listens on the LAN.
import { z } from 'zod';

export const TunnelStatus = z.object({
  /** Its compose profile is in COMPOSE_PROFILES. */
  enabled: z.boolean(),
  /** The auth key or tunnel token is in the stack's .env (the value is never shown). */
  secretSet: z.boolean(),
  /** The container's state (running, exited...), or null when there is none. */
  state: z.string().nullable(),
});
export type TunnelStatus = z.infer<typeof TunnelStatus>;

export const RemoteReport = z.object({
  tailscale: TunnelStatus,
  cloudflare: TunnelStatus.extend({
    /** The Cloudflare Access application recorded for the hostname, or null: a doctor warning. */
    accessApp: z.string().nullable(),
  }),
  /** HAGW_CADDY_BIND: the one interface Caddy publishes on (0.0.0.0: every interface). */
  lanBind: z.string(),
  error: z.string().nullable(),
});
export type RemoteReport = z.infer<typeof RemoteReport>;
