import type { TunnelIngress } from '../../core/doctor-rules';
import { readFileIfExists } from '../storage/atomic-file';
import { mountedFile } from './compose-mounts';
import { parse } from 'yaml';

type Raw = Record<string, unknown>;

/** A file that does not parse names no targets (the compose file's own checks name it). */
const tryParse = (f: () => unknown): unknown => {
  try {
    return f();
  } catch {
    return null;
  }
};

/** Every "Proxy" target in a tailscale serve config, however deep. */
const proxies = (v: unknown): string[] =>
  v && typeof v === 'object'
    ? Object.entries(v as Raw).flatMap(([k, x]) =>
        k === 'Proxy' && typeof x === 'string' ? [x] : proxies(x),
      )
    : [];

/**
 * What the remote-access tunnels send traffic to, from the files compose mounts into them: the
 * cloudflared ingress services and the tailscale serve proxies. Unreadable files give no targets
 * (the compose file's own checks name a missing mount).
 */
export const readTunnelIngress = async (
  compose: Raw | null,
  composeDir: string,
): Promise<TunnelIngress[]> => {
  const out: TunnelIngress[] = [];
  const cf = mountedFile(compose, 'cloudflared', '/etc/cloudflared/config.yml', composeDir);
  const cfText = cf ? await readFileIfExists(cf) : null;
  if (cf && cfText !== null) {
    const doc = tryParse(() => parse(cfText) as unknown);
    const ingress = (doc as { ingress?: unknown } | null)?.ingress;
    out.push({
      service: 'cloudflared',
      file: cf,
      targets: (Array.isArray(ingress) ? ingress : [])
        .map((r) => (r as { service?: unknown }).service)
        .filter((x): x is string => typeof x === 'string'),
    });
  }
  const ts = mountedFile(compose, 'tailscale', '/config/serve.json', composeDir);
  const tsText = ts ? await readFileIfExists(ts) : null;
  if (ts && tsText !== null) {
    const doc = tryParse(() => JSON.parse(tsText) as unknown);
    out.push({ service: 'tailscale', file: ts, targets: proxies(doc) });
  }
  return out;
};
