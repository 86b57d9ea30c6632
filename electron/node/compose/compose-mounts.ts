import { isAbsolute, resolve } from 'node:path';

/**
 * The host path a compose service mounts at `target` ("./caddy/Caddyfile:/etc/caddy/Caddyfile:ro"),
 * resolved against the compose file's folder as compose does; null when it mounts nothing there.
 */
export const mountedFile = (
  doc: Record<string, unknown> | null,
  service: string,
  target: string,
  composeDir: string,
): string | null => {
  const svc = ((doc?.services ?? {}) as Record<string, { volumes?: unknown } | null>)[service];
  const vol = (Array.isArray(svc?.volumes) ? svc.volumes : [])
    .map(String)
    .find((v) => v.split(':')[1] === target);
  if (!vol) return null;
  const host = vol.split(':')[0] ?? '';
  return isAbsolute(host) ? host : resolve(composeDir, host);
};
