// What a Caddyfile lets through to the model servers from beyond loopback. The door's promise is
// the OpenAI API and nothing else: LiteLLM's management routes have had pre-auth bypasses
// (GHSA-4xpc-pv4p-pm3w, CVE-2026-42208, CVE-2026-42271), and vLLM and Ollama have no keys at all.
// The doctor sends a table of probe paths through each site's routes, as Caddy would match them,
// and names what reaches an upstream it should not. A matcher it cannot evaluate counts as letting
// the probe through: for a door, unknown is unsafe.
import { type CaddyDirective, expandImports, parseCaddyfile, snippetsOf } from './caddyfile-tree';
import { isLoopback } from './compose-audit';

/** LiteLLM's management surface (proxy_server.py and its management_endpoints routers). */
export const managementProbes: readonly string[] = [
  '/key/generate',
  '/key/list',
  '/key/info',
  '/key/update',
  '/key/delete',
  '/key/block',
  '/key/regenerate',
  '/user/new',
  '/user/list',
  '/team/new',
  '/team/list',
  '/organization/new',
  '/customer/new',
  '/budget/new',
  '/model/new',
  '/model/info',
  '/v1/model/info',
  '/model/delete',
  '/spend/logs',
  '/spend/logs/ui',
  '/global/spend',
  '/global/spend/keys',
  '/config/update',
  '/config/list',
  '/get/config/callbacks',
  '/get/litellm_model_cost_map',
  '/guardrails/list',
  '/mcp-rest/test/connection',
  '/mcp-rest/tools/list',
  '/credentials',
  '/sso/key/generate',
  '/ui',
  '/ui/',
  '/docs',
  '/redoc',
  '/openapi.json',
  '/metrics',
  '/routes',
];

/** What a client of the OpenAI API calls: reaching vLLM or Ollama this way skips every key. */
const clientProbes = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/models'];

export type DoorUpstream = 'litellm' | 'vllm' | 'ollama';

export interface DoorLeak {
  site: string;
  upstream: DoorUpstream;
  /** The upstream as written ("litellm:4000"). */
  target: string;
  /** Probe paths that reach it (the first few). */
  paths: string[];
  /** A matcher the doctor could not evaluate stood on the way (so the leak may be narrower). */
  unsure: boolean;
}

export interface DoorHostPass {
  site: string;
  target: string;
}

export interface DoorAudit {
  leaks: DoorLeak[];
  hostPassThrough: DoorHostPass[];
}

const upstreamOf = (target: string): DoorUpstream | null => {
  const t = target.toLowerCase();
  if (/vllm|:8000\b/.test(t)) return 'vllm';
  if (/ollama|:11434\b/.test(t)) return 'ollama';
  if (/litellm|:4000\b/.test(t)) return 'litellm';
  return null;
};

type Matcher = (path: string) => boolean | 'unknown';

/** Caddy's path matcher: case-insensitive; a leading or trailing * is suffix or prefix. */
const pathGlob = (pattern: string): ((p: string) => boolean) => {
  const pat = pattern.toLowerCase();
  return (p) => {
    const path = p.toLowerCase();
    if (pat === '*') return true;
    if (!pat.includes('*')) return path === pat;
    if (pat.startsWith('*') && pat.endsWith('*') && pat.length > 1)
      return path.includes(pat.slice(1, -1));
    if (pat.endsWith('*') && !pat.slice(0, -1).includes('*'))
      return path.startsWith(pat.slice(0, -1));
    if (pat.startsWith('*') && !pat.slice(1).includes('*')) return path.endsWith(pat.slice(1));
    const re = new RegExp(
      `^${pat
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*')}$`,
    );
    return re.test(path);
  };
};

/** A Go RE2 pattern as a JS RegExp, (?i) included; null when JS cannot read it. */
const goRegexp = (pattern: string): RegExp | null => {
  const i = pattern.startsWith('(?i)');
  try {
    return new RegExp(i ? pattern.slice(4) : pattern, i ? 'i' : '');
  } catch {
    return null;
  }
};

const loopbackOnly = (ranges: readonly string[]): boolean =>
  ranges.length > 0 && ranges.every((r) => isLoopback(r.replace(/\/\d+$/, '')));

/** One matcher line ("path /a /b", "vars_regexp name {http.request.uri} re", "not path /x"). */
const matcherLine = (tokens: readonly string[]): Matcher => {
  const [kind = '', ...args] = tokens;
  switch (kind) {
    case 'path': {
      const globs = args.map(pathGlob);
      return (p) => globs.some((g) => g(p));
    }
    case 'path_regexp': {
      const re = goRegexp(args[args.length - 1] ?? '');
      return (p) => (re ? re.test(p) : 'unknown');
    }
    case 'vars_regexp': {
      const [variable = '', pattern = ''] = args.length >= 3 ? args.slice(1) : args;
      if (!/^\{(http\.request\.uri(\.path)?|path|uri)\}$/.test(variable)) return () => 'unknown';
      const re = goRegexp(pattern);
      return (p) => (re ? re.test(p) : 'unknown');
    }
    case 'not': {
      const inner = matcherLine(args);
      return (p) => {
        const r = inner(p);
        return r === 'unknown' ? 'unknown' : !r;
      };
    }
    case 'remote_ip':
    case 'client_ip':
      // Only loopback clients: nobody beyond the machine gets through.
      return () => !loopbackOnly(args.filter((a) => a !== 'forwarded'));
    case 'method':
    case 'header':
    case 'header_regexp':
    case 'host':
    case 'protocol':
    case 'query':
      // The client chooses these freely: they narrow nothing for an attacker.
      return () => true;
    default:
      return () => 'unknown';
  }
};

/** Matchers AND together; 'unknown' poisons a true into 'unknown'. */
const all =
  (ms: readonly Matcher[]): Matcher =>
  (p) => {
    let unsure = false;
    for (const m of ms) {
      const r = m(p);
      if (r === false) return false;
      if (r === 'unknown') unsure = true;
    }
    return unsure ? 'unknown' : true;
  };

/** Named matchers of a site: `@name <line>` or `@name { lines }`. */
const namedMatchers = (directives: readonly CaddyDirective[]): Map<string, Matcher> => {
  const out = new Map<string, Matcher>();
  const walk = (ds: readonly CaddyDirective[]) => {
    for (const d of ds) {
      const name = d.tokens[0] ?? '';
      if (name.startsWith('@')) {
        const lines = d.children.length > 0 ? d.children.map((c) => c.tokens) : [d.tokens.slice(1)];
        out.set(name, all(lines.map(matcherLine)));
      }
      walk(d.children);
    }
  };
  walk(directives);
  return out;
};

/** The matcher token right after a directive name: "@name", "/path", "*", or none. */
const matcherToken = (d: CaddyDirective): string | null => {
  const t = d.tokens[1];
  return t && (t.startsWith('@') || t.startsWith('/') || t === '*') ? t : null;
};

const resolveMatcher = (token: string | null, named: ReadonlyMap<string, Matcher>): Matcher => {
  if (token === null || token === '*') return () => true;
  if (token.startsWith('/')) return matcherLine(['path', token]);
  return named.get(token) ?? (() => 'unknown');
};

interface Proxy {
  target: string;
  upstream: DoorUpstream;
  directive: CaddyDirective;
  /** Whether a request for this path (as the client sends it) reaches the proxy. */
  reaches: Matcher;
  /** The path the upstream sees for a probe (handle_path strips its prefix). */
  requestFor: (probe: string) => string;
}

const routeDirectives = new Set(['handle', 'route', 'handle_path']);

/** Every proxy to a model server in a site, with what a request must match to get there. */
const proxiesOf = (directives: readonly CaddyDirective[], named: ReadonlyMap<string, Matcher>) => {
  const out: Proxy[] = [];
  const walk = (ds: readonly CaddyDirective[], guard: Matcher, prefix: string) => {
    // Sibling handle blocks are exclusive: a bare `handle` gets only what no other one matched.
    const handles = ds.filter((d) => d.tokens[0] === 'handle' || d.tokens[0] === 'handle_path');
    const specific = handles.filter((d) => matcherToken(d) !== null);
    for (const d of ds) {
      const kind = d.tokens[0] ?? '';
      if (routeDirectives.has(kind)) {
        const own = resolveMatcher(matcherToken(d), named);
        const others = specific
          .filter((s) => s !== d)
          .map((s) => resolveMatcher(matcherToken(s), named));
        const bare = matcherToken(d) === null && kind === 'handle';
        const here: Matcher = bare
          ? all([
              guard,
              (p) =>
                others.every((o) => o(p) === false) ||
                (others.some((o) => o(p) === 'unknown') ? 'unknown' : false),
            ])
          : all([guard, own]);
        const strip =
          kind === 'handle_path'
            ? (matcherToken(d) ?? '').replace(/\*$/, '').replace(/\/$/, '')
            : '';
        walk(d.children, here, prefix + strip);
      } else if (kind === 'reverse_proxy') {
        const m = matcherToken(d);
        const targets = d.tokens.slice(m ? 2 : 1);
        for (const target of targets) {
          const upstream = upstreamOf(target);
          if (!upstream) continue;
          out.push({
            target,
            upstream,
            directive: d,
            reaches: all([guard, resolveMatcher(m, named)]),
            requestFor: (probe) => prefix + probe,
          });
        }
      }
    }
  };
  walk(directives, () => true, '');
  return out;
};

/** `header_up Host <fixed>` in the proxy's block: a name that is not the client's own Host. */
const pinsHost = (d: CaddyDirective): boolean =>
  d.children.some(
    (c) =>
      c.tokens[0] === 'header_up' &&
      /^host$/i.test(c.tokens[1] ?? '') &&
      !!c.tokens[2] &&
      !/\{(host|hostport|http\.request\.host|http\.request\.hostport)\}/.test(c.tokens[2]),
  );

/** A site beyond loopback: not only localhost/127.x addresses, and not bound to loopback. */
const beyondLoopback = (site: CaddyDirective, defaultBind: string | null): boolean => {
  const bind = site.children.find((c) => c.tokens[0] === 'bind')?.tokens.slice(1) ?? [];
  const binds = bind.length > 0 ? bind : defaultBind ? defaultBind.split(/\s+/) : [];
  if (binds.length > 0 && binds.every((b) => isLoopback(b.replace(/^tcp\//, '')))) return false;
  const hosts = site.tokens.map((a) =>
    a
      .replace(/^https?:\/\//, '')
      .replace(/:\d*$/, '')
      .replace(/^\[|\]$/g, ''),
  );
  return !hosts.every((h) => h === 'localhost' || (h !== '' && isLoopback(h)));
};

/** Every leak and Host pass-through of a Caddyfile's sites beyond loopback. */
export const auditCaddyDoor = (
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): DoorAudit => {
  const blocks = parseCaddyfile(text, env);
  const snippets = snippetsOf(blocks);
  const global = blocks.find((b) => b.tokens.length === 0);
  const defaultBind =
    global?.children
      .find((c) => c.tokens[0] === 'default_bind')
      ?.tokens.slice(1)
      .join(' ') ?? null;
  const leaks: DoorLeak[] = [];
  const hostPassThrough: DoorHostPass[] = [];
  for (const site of blocks) {
    if (site.tokens.length === 0 || /^\(.+\)$/.test(site.tokens[0] ?? '')) continue;
    const body = expandImports(site.children, snippets);
    const expanded = { tokens: site.tokens, children: body };
    if (!beyondLoopback(expanded, defaultBind)) continue;
    const name = site.tokens.join(' ');
    for (const p of proxiesOf(body, namedMatchers(body))) {
      const probes =
        p.upstream === 'litellm' ? managementProbes : [...clientProbes, ...managementProbes];
      let unsure = false;
      const paths = probes.filter((probe) => {
        const r = p.reaches(p.requestFor(probe));
        if (r === 'unknown') unsure = true;
        return r !== false;
      });
      if (paths.length > 0)
        leaks.push({
          site: name,
          upstream: p.upstream,
          target: p.target,
          paths: paths.slice(0, 4),
          unsure,
        });
      if (p.upstream === 'litellm' && !pinsHost(p.directive))
        hostPassThrough.push({ site: name, target: p.target });
    }
  }
  return { leaks, hostPassThrough };
};
