// What the doctor needs from compose files, computed as compose would: variables interpolated
// (${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $VAR, $$), `extends` within a file,
// later files extending earlier ones, and ports in short and long syntax (IPv6 included).

export interface PortBinding {
  /** The host address; "0.0.0.0" (every interface) when the entry names none. */
  hostIp: string;
  published: string | null;
  target: string;
}

export interface AuditService {
  name: string;
  image: string | null;
  ports: PortBinding[];
  profiles: string[];
  networkMode: string | null;
  /** The compose networks it joins (["default"] when none is named). */
  networks: string[];
  logging: { driver: string | null; maxSize: string | null };
  environment: Record<string, string>;
  /** Built from a Dockerfile (compose `build:`): a local image no registry holds or pins. */
  built?: boolean;
}

type Raw = Record<string, unknown>;

/** Strings and numbers as compose writes them; anything else is not a port, a name or a value. */
const scalar = (v: unknown): string | null =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;

export const interpolate = (
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): string =>
  text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      m,
      braced: string | undefined,
      colon: string | undefined,
      op: string | undefined,
      arg: string | undefined,
      bare: string | undefined,
    ) => {
      if (m === '$$') return '$';
      const name = braced ?? bare ?? '';
      const value = env[name];
      const unset = value === undefined || (colon === ':' && value === '');
      if (op === '-') return unset ? (arg ?? '') : (value ?? '');
      if (op === '?') return unset ? '' : (value ?? '');
      return value ?? '';
    },
  );

const deepInterpolate = (
  v: unknown,
  env: Readonly<Record<string, string | undefined>>,
): unknown => {
  if (typeof v === 'string') return interpolate(v, env);
  if (Array.isArray(v)) return v.map((x) => deepInterpolate(x, env));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepInterpolate(x, env)]));
  return v;
};

/** "127.0.0.1:8000:8000", "[::1]:8000:8000", "8000:8000", "8000", "80:80/tcp", or the long syntax. */
export const parsePort = (entry: unknown): PortBinding | null => {
  if (typeof entry === 'number')
    return { hostIp: '0.0.0.0', published: null, target: String(entry) };
  if (entry && typeof entry === 'object') {
    const e = entry as Raw;
    if (e.target === undefined) return null;
    return {
      hostIp: typeof e.host_ip === 'string' && e.host_ip !== '' ? e.host_ip : '0.0.0.0',
      published: scalar(e.published),
      target: scalar(e.target) ?? '',
    };
  }
  if (typeof entry !== 'string') return null;
  const spec = entry.replace(/\/(tcp|udp|sctp)$/, '');
  const v6 = /^\[([^\]]+)\]:([^:]*):(.+)$/.exec(spec);
  if (v6) return { hostIp: v6[1]!, published: v6[2] || null, target: v6[3]! };
  const parts = spec.split(':');
  if (parts.length === 1) return { hostIp: '0.0.0.0', published: null, target: parts[0]! };
  if (parts.length === 2) return { hostIp: '0.0.0.0', published: parts[0]!, target: parts[1]! };
  // ip:published:target; an unbracketed IPv6 address has more colons than that.
  const target = parts.pop()!;
  const published = parts.pop()!;
  return { hostIp: parts.join(':') || '0.0.0.0', published: published || null, target };
};

export const isLoopback = (ip: string): boolean =>
  ip === '127.0.0.1' || ip === '::1' || ip === 'localhost' || /^127\./.test(ip);

const mergeService = (base: Raw, over: Raw): Raw => {
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(over)) {
    // Lists that compose appends across files; everything else is replaced.
    if (
      (k === 'ports' || k === 'volumes' || k === 'profiles') &&
      Array.isArray(out[k]) &&
      Array.isArray(v)
    )
      out[k] = [...(out[k] as unknown[]), ...(v as unknown[])];
    else if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      out[k] &&
      typeof out[k] === 'object' &&
      !Array.isArray(out[k])
    )
      out[k] = mergeService(out[k] as Raw, v as Raw);
    else out[k] = v;
  }
  return out;
};

const resolveExtends = (
  services: Record<string, Raw>,
  name: string,
  seen: Set<string> = new Set(),
): Raw => {
  const svc = services[name] ?? {};
  const ext = svc.extends;
  const from =
    typeof ext === 'string'
      ? ext
      : ext &&
          typeof ext === 'object' &&
          typeof (ext as Raw).service === 'string' &&
          (ext as Raw).file === undefined
        ? ((ext as Raw).service as string)
        : null;
  if (!from || seen.has(from) || !services[from]) return svc;
  const { extends: _e, ...rest } = svc;
  return mergeService(resolveExtends(services, from, new Set([...seen, name])), rest);
};

/** Parsed compose documents (later overriding earlier) into the services the doctor audits. */
export const auditServices = (
  docs: readonly Raw[],
  env: Readonly<Record<string, string | undefined>>,
): AuditService[] => {
  let merged: Record<string, Raw> = {};
  for (const doc of docs) {
    const services = (doc.services ?? {}) as Record<string, Raw | null>;
    const resolved: Record<string, Raw> = {};
    for (const name of Object.keys(services))
      resolved[name] = resolveExtends(services as Record<string, Raw>, name);
    for (const [name, svc] of Object.entries(resolved))
      merged = { ...merged, [name]: mergeService(merged[name] ?? {}, svc ?? {}) };
  }
  return Object.entries(merged).map(([name, raw]) => {
    const svc = deepInterpolate(raw, env) as Raw;
    const logging = (svc.logging ?? {}) as Raw;
    const envList = svc.environment;
    const environment: Record<string, string> = Array.isArray(envList)
      ? Object.fromEntries(
          envList.map((e) => String(e).split(/=(.*)/s).slice(0, 2) as [string, string]),
        )
      : Object.fromEntries(
          Object.entries((envList ?? {}) as Raw).map(([k, v]) => [k, scalar(v) ?? '']),
        );
    return {
      name,
      image: typeof svc.image === 'string' ? svc.image : null,
      ports: (Array.isArray(svc.ports) ? svc.ports : [])
        .map(parsePort)
        .filter((p): p is PortBinding => p !== null),
      profiles: Array.isArray(svc.profiles) ? svc.profiles.map(String) : [],
      networkMode: typeof svc.network_mode === 'string' ? svc.network_mode : null,
      networks: Array.isArray(svc.networks)
        ? svc.networks.map(String)
        : svc.networks && typeof svc.networks === 'object'
          ? Object.keys(svc.networks)
          : ['default'],
      logging: {
        driver: typeof logging.driver === 'string' ? logging.driver : null,
        maxSize:
          typeof (logging.options as Raw | undefined)?.['max-size'] === 'string'
            ? ((logging.options as Raw)['max-size'] as string)
            : null,
      },
      environment,
      built: svc.build !== undefined,
    };
  });
};
