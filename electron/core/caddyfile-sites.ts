// The sites a Caddyfile serves over TLS: top-level block addresses, placeholders resolved with
// their defaults ({$HAGW_SITE_ADDRESS:gateway.home.arpa}), without the global options block and
// port-only or http:// addresses (no certificate to watch there), and without snippet definitions
// (`(gateway) { … }` is a named block that sites import, not a site).

const isNotTlsSite = (address: string): boolean =>
  address === '' ||
  address.startsWith(':') ||
  address.startsWith('http://') ||
  /^\(.*\)$/.test(address);

export const caddyfileSites = (
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): string[] => {
  const out: string[] = [];
  let depth = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (depth === 0 && line.endsWith('{') && line !== '{') {
      const addresses = line
        .slice(0, -1)
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean);
      for (const a of addresses) {
        const resolved = a.replace(
          /\{\$([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g,
          (_m, name: string, def: string | undefined) => env[name] ?? def ?? '',
        );
        if (isNotTlsSite(resolved)) continue;
        out.push(resolved.replace(/^https:\/\//, '').replace(/:\d+$/, ''));
      }
    }
    for (const ch of line) {
      if (ch === '{') depth++;
      if (ch === '}') depth = Math.max(0, depth - 1);
    }
  }
  return [...new Set(out)];
};
