import type { Checked } from './key-policy';

/**
 * How Caddy gets the site's certificate. `internal`: its own CA (the LAN default). `dns-cloudflare`:
 * Let's Encrypt through the DNS-01 challenge, which needs a Caddy build with the provider's module
 * (compose/caddy/Dockerfile) and an API token, and no inbound port at all.
 */
export const tlsModes = ['internal', 'dns-cloudflare'] as const;
export type TlsMode = (typeof tlsModes)[number];

/** `--dns` values: the DNS providers whose Caddy module the stack knows how to build. */
export const dnsProviders = {
  cloudflare: {
    mode: 'dns-cloudflare',
    token: 'CLOUDFLARE_API_TOKEN',
    overlay: 'caddy/dns-cloudflare.yml',
    howToGet:
      'a Cloudflare API token with Zone.Zone read and Zone.DNS edit on that zone (dash.cloudflare.com > My Profile > API Tokens)',
  },
} as const;
export type DnsProvider = keyof typeof dnsProviders;

/** The mode the stack's .env selects; anything unknown is the safe default. */
export const tlsModeOf = (env: Readonly<Record<string, string | undefined>>): TlsMode =>
  (tlsModes as readonly string[]).includes(env.HAGW_TLS ?? '')
    ? (env.HAGW_TLS as TlsMode)
    : 'internal';

/** The compose overlay (relative to the compose folder) a mode needs on top of docker-compose.yml. */
export const tlsOverlay = (mode: TlsMode): string | null =>
  Object.values(dnsProviders).find((p) => p.mode === mode)?.overlay ?? null;

export const checkDnsProvider = (name: string): Checked<DnsProvider> =>
  name in dnsProviders
    ? { ok: true, value: name as DnsProvider }
    : {
        ok: false,
        error: `--dns "${name}" is not a provider the stack can build Caddy for; accepted: ${Object.keys(dnsProviders).join(', ')} (or "internal" for the LAN CA).`,
      };

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A public name Let's Encrypt will issue for: a fully qualified DNS name under a real TLD. Not an
 * IP, not a wildcard (one site, one name), not a LAN-only suffix (.local, .lan, .home.arpa,
 * .internal), which no public CA can validate.
 */
export const checkPublicName = (raw: string): Checked<string> => {
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  const fail = (why: string): Checked<string> => ({
    ok: false,
    error: `--public-name "${raw}" ${why}; give the full name clients will use, e.g. ai.example.org.`,
  });
  if (/^[\d.]+$/.test(name) || name.includes(':')) return fail('is an IP address, not a name');
  if (name.includes('*')) return fail('is a wildcard');
  if (name.length > 253 || labels.length < 2 || !labels.every((l) => label.test(l)))
    return fail('is not a valid DNS name');
  if (/(^|\.)(local|lan|home\.arpa|internal|localhost|test|invalid)$/.test(name))
    return fail('is a LAN-only name that no public CA issues for (keep "tls internal" for it)');
  if (!/^[a-z]{2,63}$/.test(labels[labels.length - 1]!) && !labels.at(-1)!.startsWith('xn--'))
    return fail('does not end in a top-level domain');
  return { ok: true, value: name };
};

/**
 * The token's shape, loosely (Cloudflare's are 40 characters today; a format change must not lock
 * anyone out): catches a pasted "Bearer ...", quotes, spaces or a truncated copy.
 */
export const checkDnsToken = (provider: DnsProvider, value: string): Checked<string> => {
  const v = value.trim();
  return /^[A-Za-z0-9_-]{32,200}$/.test(v)
    ? { ok: true, value: v }
    : {
        ok: false,
        error: `${dnsProviders[provider].token} does not look like a Cloudflare API token (letters, digits, _ or -, no spaces); make ${dnsProviders[provider].howToGet}.`,
      };
};
