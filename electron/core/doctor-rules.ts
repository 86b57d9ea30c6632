// `hagw doctor`: the unsafe or fragile stack, found before an attacker or a full disk does. Pure:
// every rule reads the parsed files and the machine's facts; each finding says what to change,
// in which file, in one sentence.
import { growthWarning, type SpendLogGrowth } from './spend-log-growth';
import { auditCaddyDoor } from './caddy-door';
import { resolveEnv } from './caddyfile-tree';
import { type AuditService, isLoopback } from './compose-audit';
import { parseImageRef } from './image-pins';
import { checkPublicName, dnsProviders, tlsModeOf } from './tls-mode';

export interface DoctorFinding {
  id: string;
  severity: 'critical' | 'warning' | 'info';
  service: string | null;
  message: string;
  fix: string;
}

export interface DoctorInput {
  composeFile: string;
  envFile: string;
  caddyFile: string | null;
  litellmConfigFile: string | null;
  services: readonly AuditService[];
  env: Readonly<Record<string, string>>;
  caddyfileText: string | null;
  litellmConfig: Record<string, unknown> | null;
  /** The user chose plain HTTP for a LAN-only gateway (settings). */
  lanOnlyHttp: boolean;
  machine: {
    gpuPresent: boolean;
    nvidiaRuntime: boolean;
    dockerWithoutSudo: boolean | null;
    freeDiskBytes: number | null;
    dbVolumeBytes: number | null;
    /** Growth per day, from the size remembered at the previous run. */
    dbGrowthBytesPerDay: number | null;
    daemonLogMaxSize: string | null;
    /** The audit trail's table and its 30-day projection; null/absent when Postgres did not answer. */
    spendLogs?: SpendLogGrowth | null;
  };
  /** Where each remote-access tunnel sends its traffic (cloudflared ingress, tailscale serve). */
  tunnels?: readonly TunnelIngress[];
  /** The logs profile's Loki configuration (loki/config.yaml), when the compose file mounts one. */
  lokiConfigFile?: string | null;
  lokiConfig?: Record<string, unknown> | null;
  /** Findings of other parts (unreadable files, certificates) to include as they are. */
  extra?: readonly DoctorFinding[];
}

/** No auth, no rate limit, or admin data: these never listen beyond the machine. */
export const privateServices = [
  'vllm',
  'vllm-coder',
  'vllm-embed',
  'ollama',
  'litellm',
  'postgres',
  'prometheus',
  'grafana',
  'gpu-exporter',
  // No auth at all: the batch queue, and the app keys sealed in it.
  'redis',
  // Reached directly it skips Caddy's TLS: app keys would cross the LAN in clear text.
  'batch',
  // The wake service forwards to the vLLMs without a key, like vLLM itself.
  'waker',
  // The logs profile: Loki has no auth, and Alloy holds the Docker socket.
  'loki',
  'alloy',
];

const wellKnownMasterKeys = new Set([
  'sk-1234',
  'sk-12345',
  'sk-123456',
  'sk-master',
  'sk-admin',
  'sk-CHANGE-ME',
  'sk-change-me',
  'sk-litellm',
  'sk-password',
]);
const defaultDbPasswords = new Set([
  '',
  'dbpassword9090',
  'postgres',
  'password',
  'litellm',
  'CHANGE-ME',
  'changeme',
  'admin',
]);
const gb = 1024 ** 3;

export interface TunnelIngress {
  service: 'cloudflared' | 'tailscale';
  file: string;
  /** Every upstream URL its configuration names. */
  targets: string[];
}

/** Caddy is the one door: every service but Caddy stays on loopback, tunnels included. */
const exposed = (i: DoctorInput): DoctorFinding[] =>
  i.services
    .filter((s) => s.name !== 'caddy' && s.networkMode !== 'host')
    .flatMap((s) =>
      s.ports
        .filter((p) => !isLoopback(p.hostIp))
        .map((p) => ({
          id: `exposed:${s.name}:${p.target}`,
          severity: 'critical' as const,
          service: s.name,
          message: `${s.name} is published on ${p.hostIp === '0.0.0.0' || p.hostIp === '::' ? 'every interface' : p.hostIp} (port ${p.published ?? p.target}): anyone on the network can use it${s.name.startsWith('vllm') || s.name === 'ollama' ? ' with no key and no rate limit' : ''}.`,
          fix: `In ${i.composeFile}, bind it to loopback: "127.0.0.1:${p.published ?? p.target}:${p.target}" (Caddy is the only door to the LAN).`,
        })),
    );

const tunnelServices = ['cloudflared', 'tailscale'] as const;

/**
 * A tunnel is a door to Caddy and nothing else: its ingress names Caddy, it publishes no port and
 * it sits on a network where Caddy is all there is to reach.
 */
const tunnels = (i: DoctorInput): DoctorFinding[] => {
  const out: DoctorFinding[] = [];
  for (const t of i.tunnels ?? [])
    for (const target of t.targets.filter((u) => !/^https?:\/\/caddy(:\d+)?(\/|$)/.test(u)))
      out.push({
        id: `tunnel:${t.service}:ingress`,
        severity: 'critical',
        service: t.service,
        message: `${t.service} sends remote traffic to ${target}, around Caddy: whatever is there is reachable from the internet${/litellm|vllm|ollama/.test(target) ? ' without Caddy (vLLM and Ollama without any key)' : ''}.`,
        fix: `In ${t.file}, send everything to http://caddy:8080 (the tunnel door).`,
      });
  for (const s of i.services.filter((x) => (tunnelServices as readonly string[]).includes(x.name)))
    if (s.networks.includes('default') || s.networkMode !== null)
      out.push({
        id: `tunnel:${s.name}:network`,
        severity: 'critical',
        service: s.name,
        message: `${s.name} is on the stack's ${s.networkMode ? `${s.networkMode} network mode` : 'default network'}: a wrong ingress rule would reach LiteLLM, vLLM or Postgres directly.`,
        fix: `In ${i.composeFile}, give ${s.name} the "edge" network only (networks: [edge]).`,
      });
  const profiles = (i.env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim());
  if (profiles.includes('cloudflared') && !i.env.HAGW_CLOUDFLARE_ACCESS_APP)
    out.push({
      id: 'tunnel:cloudflared:access',
      severity: 'warning',
      service: 'cloudflared',
      message:
        'The Cloudflare tunnel is on with no Cloudflare Access policy recorded: anyone who finds the hostname reaches the gateway (a key is still required).',
      fix: 'Put an Access application (Google SSO, allowed e-mails) in front of the hostname (README, Remote access), then record it: hagw remote enable cloudflare --access-app "<name>".',
    });
  return out;
};

/** What Caddy's {$VAR} placeholders see: its container's environment over the stack's .env. */
const caddyEnv = (i: DoctorInput): Record<string, string> => ({
  ...i.env,
  ...i.services.find((s) => s.name === 'caddy')?.environment,
});

const upstreamNames = { litellm: 'LiteLLM', vllm: 'vLLM', ollama: 'Ollama' } as const;

/**
 * The door beyond loopback answers the OpenAI API and nothing else: a route that forwards LiteLLM's
 * management API (or anything at all to vLLM or Ollama, which have no keys) is critical; a proxy to
 * LiteLLM that passes the client's Host through is a warning (GHSA-4xpc-pv4p-pm3w).
 */
const door = (i: DoctorInput): DoctorFinding[] => {
  if (i.caddyfileText === null) return [];
  const audit = auditCaddyDoor(i.caddyfileText, caddyEnv(i));
  const file = i.caddyFile ?? 'the Caddyfile';
  return [
    ...audit.leaks.map((l) => ({
      id: `door:${l.site}:${l.upstream}`,
      severity: 'critical' as const,
      service: 'caddy',
      message: `Caddy's site ${l.site} forwards ${l.paths.join(', ')}${l.paths.length === 4 ? ' and more' : ''} to ${upstreamNames[l.upstream]} (${l.target}) from beyond loopback${l.upstream === 'litellm' ? ": LiteLLM's management API, whose auth has been bypassed before" : ', where no key is checked at all'}${l.unsure ? ' (a matcher on the way could not be evaluated, so it counts as letting them through)' : ''}.`,
      fix: `In ${file}, answer only the OpenAI routes and respond 404 to everything else, as the bundled compose/caddy/Caddyfile's (gateway) snippet does; hagw, the tray and the dashboard reach LiteLLM's admin API on 127.0.0.1.`,
    })),
    ...audit.hostPassThrough.map((h) => ({
      id: `door:${h.site}:host`,
      severity: 'warning' as const,
      service: 'caddy',
      message: `Caddy's site ${h.site} passes the client's Host header through to LiteLLM (${h.target}); a crafted Host reached LiteLLM's management routes in GHSA-4xpc-pv4p-pm3w (CVE-2026-49468).`,
      fix: `In ${file}, add "header_up Host {$HAGW_SITE_ADDRESS:gateway.home.arpa}" (and the same for X-Forwarded-Host) to that reverse_proxy block.`,
    })),
  ];
};

const tlsOff = (i: DoctorInput): DoctorFinding[] => {
  if (i.caddyfileText === null || i.lanOnlyHttp) return [];
  const out: DoctorFinding[] = [];
  const lines = resolveEnv(i.caddyfileText, caddyEnv(i))
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim());
  if (lines.some((l) => /^auto_https\s+off\b/.test(l)))
    out.push({
      id: 'tls-off:auto_https',
      severity: 'critical',
      service: 'caddy',
      message:
        'Caddy has automatic HTTPS switched off: keys and prompts cross the LAN in clear text.',
      fix: `Remove "auto_https off" from ${i.caddyFile ?? 'the Caddyfile'}.`,
    });
  if (lines.some((l) => /^tls\s+off\b/.test(l)))
    out.push({
      id: 'tls-off:tls',
      severity: 'critical',
      service: 'caddy',
      message: 'A Caddy site has TLS switched off ("tls off").',
      fix: `Replace "tls off" with "tls internal" in ${i.caddyFile ?? 'the Caddyfile'}.`,
    });
  // A plain-HTTP site on a port Caddy does not publish (the tunnels' door, :8080 on the private
  // edge network) never carries LAN traffic; one on a published port does.
  const published = new Set(
    (i.services.find((x) => x.name === 'caddy')?.ports ?? []).map((p) => p.target),
  );
  const httpPort = (l: string) => Number(/^http:\/\/[^\s/:]*(?::(\d+))?/.exec(l)?.[1] ?? 80);
  // Caddy bound to loopback alone (HAGW_CADDY_BIND): plain HTTP never leaves the machine.
  const bind = containerEnv(i, 'caddy', 'HAGW_CADDY_BIND');
  if (
    !(bind && isLoopback(bind)) &&
    lines.some(
      (l) =>
        /^http:\/\/\S+.*\{\s*$/.test(l) &&
        (published.size === 0 || published.has(String(httpPort(l)))),
    )
  )
    out.push({
      id: 'tls-off:http-site',
      severity: 'critical',
      service: 'caddy',
      message: 'A Caddy site address starts with http://: that site is served without TLS.',
      fix: `Drop the http:// prefix in ${i.caddyFile ?? 'the Caddyfile'} (Caddy then serves HTTPS), or choose plain HTTP for a LAN-only setup in the settings.`,
    });
  return out;
};

/** DNS-01 chosen in the .env: the token Caddy needs and a name a public CA can issue for. */
const publicTls = (i: DoctorInput): DoctorFinding[] => {
  const mode = tlsModeOf(i.env);
  const provider = Object.entries(dnsProviders).find(([, p]) => p.mode === mode);
  if (!provider) return [];
  const [name, p] = provider;
  const out: DoctorFinding[] = [];
  if (!containerEnv(i, 'caddy', p.token) && !i.env[p.token])
    out.push({
      id: 'tls:dns-token',
      severity: 'critical',
      service: 'caddy',
      message: `HAGW_TLS=${mode} but ${p.token} is empty: Caddy cannot prove the name, and compose refuses to start it.`,
      fix: `export ${p.token}=... (${p.howToGet}) and run "hagw setup --public-name ${i.env.HAGW_SITE_ADDRESS ?? 'NAME'} --dns ${name}".`,
    });
  const site = i.env.HAGW_SITE_ADDRESS ?? '';
  const checked = checkPublicName(site);
  if (!checked.ok)
    out.push({
      id: 'tls:dns-name',
      severity: 'warning',
      service: 'caddy',
      message: `HAGW_TLS=${mode} asks a public CA for "${site || 'gateway.home.arpa'}", which it will not issue for.`,
      fix: `Run "hagw setup --public-name <your name> --dns ${name}", or "hagw setup --dns internal" to go back to the LAN CA.`,
    });
  return out;
};

/** What compose gives the container: the service's interpolated environment, else the .env. */
const containerEnv = (i: DoctorInput, service: string, name: string): string | undefined | null => {
  const svc = i.services.find((s) => s.name === service);
  if (!svc) return null;
  return svc.environment[name] ?? i.env[name];
};

const secrets = (i: DoctorInput): DoctorFinding[] => {
  const out: DoctorFinding[] = [];
  const key = containerEnv(i, 'litellm', 'LITELLM_MASTER_KEY');
  // Only for the services this compose file defines: no LiteLLM, no LiteLLM findings.
  if (key !== null) out.push(...masterKeyFindings(i, key));
  const pg = containerEnv(i, 'postgres', 'POSTGRES_PASSWORD');
  if (pg !== null && (pg === undefined || defaultDbPasswords.has(pg))) {
    out.push({
      id: 'postgres:default-password',
      severity: 'critical',
      service: 'postgres',
      message: 'PostgreSQL uses a default or empty password.',
      fix: `Run "hagw setup" or set POSTGRES_PASSWORD in ${i.envFile} to a random value (before the database is first created).`,
    });
  }
  return out;
};

const masterKeyFindings = (i: DoctorInput, key: string | undefined): DoctorFinding[] => {
  const out: DoctorFinding[] = [];
  const fix = `Run "hagw setup" or set LITELLM_MASTER_KEY in ${i.envFile} to "sk-" plus 32 random bytes, then restart litellm.`;
  if (!key)
    out.push({
      id: 'master-key:missing',
      severity: 'critical',
      service: 'litellm',
      message: 'LiteLLM has no master key: its admin API and every model are open.',
      fix,
    });
  else if (wellKnownMasterKeys.has(key))
    out.push({
      id: 'master-key:default',
      severity: 'critical',
      service: 'litellm',
      message: 'The LiteLLM master key is a well-known default that anyone can guess.',
      fix,
    });
  else if (!key.startsWith('sk-'))
    out.push({
      id: 'master-key:prefix',
      severity: 'critical',
      service: 'litellm',
      message: 'The LiteLLM master key does not start with "sk-", which LiteLLM requires.',
      fix,
    });
  else if (key.length < 32)
    out.push({
      id: 'master-key:short',
      severity: 'critical',
      service: 'litellm',
      message: `The LiteLLM master key is ${key.length} characters long: short enough to guess.`,
      fix,
    });
  return out;
};

const gpuRuntime = (i: DoctorInput): DoctorFinding[] =>
  i.machine.gpuPresent &&
  !i.machine.nvidiaRuntime &&
  i.services.some((s) => s.name.startsWith('vllm'))
    ? [
        {
          id: 'gpu:no-runtime',
          severity: 'critical',
          service: 'vllm',
          message:
            'This machine has an NVIDIA GPU but Docker has no NVIDIA container runtime: vLLM cannot start.',
          fix: 'Install the NVIDIA Container Toolkit and run "sudo nvidia-ctk runtime configure --runtime=docker", then restart Docker.',
        },
      ]
    : [];

/**
 * One finding for every service that runs by tag, not one paragraph each (a fresh stack has a
 * dozen), with the one command that pins them all.
 */
const unpinned = (i: DoctorInput): DoctorFinding[] => {
  const byTag = i.services.filter(
    // A built service (Caddy with a DNS module) has no registry digest to pin; its Dockerfile names
    // the base images.
    (s) => s.image !== null && !s.built && parseImageRef(s.image).digest === null,
  );
  if (byTag.length === 0) return [];
  const one = byTag.length === 1 ? byTag[0]! : null;
  return [
    {
      id: 'unpinned',
      severity: 'warning',
      service: one?.name ?? null,
      message: `${one ? `${one.name} runs` : `${byTag.length} services run`} by tag (${byTag.map((s) => `${s.name}: ${s.image ?? ''}`).join(', ')}): the next pull may bring a different image.`,
      fix: `Run "hagw stack pin${one ? ` ${one.name}` : ''}" to pin ${one ? 'it' : 'them all'} to ${one ? 'its digest' : 'their digests'} in ${i.envFile}; "hagw stack update <service>" moves a pin later, checked by hagw compat.`,
    },
  ];
};

const promptLogging = (i: DoctorInput): DoctorFinding[] => {
  const general = (i.litellmConfig?.general_settings ?? {}) as Record<string, unknown>;
  const settings = (i.litellmConfig?.litellm_settings ?? {}) as Record<string, unknown>;
  const stores =
    general.store_prompts_in_spend_logs === true || settings.turn_off_message_logging === false;
  if (!i.litellmConfig || !stores) return [];
  return [
    {
      id: 'litellm:prompt-storage',
      severity: 'warning',
      service: 'litellm',
      message:
        "LiteLLM stores every prompt and answer in its spend logs: the audit trail then holds your projects' text for 30 days, about 10 KB a call (10K calls a day is 3 GB kept).",
      fix: `In ${i.litellmConfigFile ?? 'config.yaml'}, set general_settings.store_prompts_in_spend_logs: false and litellm_settings.turn_off_message_logging: true, unless you mean to keep the text.`,
    },
  ];
};

const durationUnits: Record<string, number> = {
  y: 365 * 24,
  w: 7 * 24,
  d: 24,
  h: 1,
  m: 1 / 60,
  s: 1 / 3600,
  ms: 1 / 3_600_000,
};

/** A Prometheus-style duration ("720h", "30d", "4w2d", "0s") in hours; null when it is not one. */
export const durationHours = (text: unknown): number | null => {
  if (typeof text !== 'string' || !/^(\d+(ms|y|w|d|h|m|s))+$/.test(text.trim())) return null;
  let hours = 0;
  for (const [, n, unit] of text.trim().matchAll(/(\d+)(ms|y|w|d|h|m|s)/g))
    hours += Number(n) * durationUnits[unit!]!;
  return hours;
};

/**
 * The logs profile keeps container logs 30 days, no more (they may hold key aliases, model names,
 * error bodies) and no less silently: Loki keeps everything unless the compactor's retention is on
 * and the period is set.
 */
const logRetention = (i: DoctorInput): DoctorFinding[] => {
  const profiles = (i.env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim());
  if (!profiles.includes('logs') || !i.services.some((s) => s.name === 'loki')) return [];
  const file = i.lokiConfigFile ?? 'loki/config.yaml';
  const limits = (i.lokiConfig?.limits_config ?? {}) as Record<string, unknown>;
  const compactor = (i.lokiConfig?.compactor ?? {}) as Record<string, unknown>;
  const hours = durationHours(limits.retention_period);
  const problems = [
    ...(compactor.retention_enabled === true ? [] : ['compactor.retention_enabled is not true']),
    ...(hours === null || hours === 0
      ? ['limits_config.retention_period is not set (0 keeps logs forever)']
      : hours > 720
        ? [`limits_config.retention_period is ${String(limits.retention_period)}, over 30 days`]
        : []),
  ];
  return problems.length === 0
    ? []
    : [
        {
          id: 'logs:retention',
          severity: 'warning',
          service: 'loki',
          message: `Loki does not prune the stack's logs after 30 days: ${problems.join('; ')}.`,
          fix: `In ${file}, set limits_config.retention_period: 720h and compactor.retention_enabled: true (with delete_request_store: filesystem), then "hagw stack restart loki".`,
        },
      ];
};

const spendLogGrowth = (i: DoctorInput): DoctorFinding[] => {
  const g = i.machine.spendLogs;
  if (!g) return [];
  const line = growthWarning(g);
  if (line)
    return [
      {
        id: 'postgres:spend-log-growth',
        severity: 'warning',
        service: 'postgres',
        message: line,
        fix: 'Keep prompts out of the spend logs and free disk space; hagw audit shows what is being called.',
      },
    ];
  // Within bounds: still say how big the audit trail is and where it is heading.
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  return [
    {
      id: 'postgres:spend-logs',
      severity: 'info',
      service: 'postgres',
      message: `Spend logs: ${g.rows} calls in ${mib(g.bytes)}, about ${Math.round(g.rowsPerDay)} calls/day; 30 days kept ≈ ${mib(g.projectedBytes)}.`,
      fix: 'Nothing to do; the app prunes calls older than 30 days daily.',
    },
  ];
};

const database = (i: DoctorInput): DoctorFinding[] => {
  const out: DoctorFinding[] = [];
  const size = i.machine.dbVolumeBytes;
  if (size !== null && size > 5 * gb)
    out.push({
      id: 'postgres:volume-size',
      severity: 'warning',
      service: 'postgres',
      message: `LiteLLM's database volume holds ${(size / gb).toFixed(1)} GB.`,
      fix: 'Keep the app running (its supervisor deletes spend logs older than 30 days daily) and keep prompts out of the spend logs.',
    });
  const growth = i.machine.dbGrowthBytesPerDay;
  if (growth !== null && growth > 100 * 1024 ** 2)
    out.push({
      id: 'postgres:volume-growth',
      severity: 'warning',
      service: 'postgres',
      message: `LiteLLM's database grows ${(growth / 1024 ** 2).toFixed(0)} MB a day.`,
      fix: `Stop storing prompts (store_prompts_in_spend_logs: false in ${i.litellmConfigFile ?? 'config.yaml'}); spend logs older than 30 days are deleted daily by the app.`,
    });
  return out;
};

const logRotation = (i: DoctorInput): DoctorFinding[] =>
  i.machine.daemonLogMaxSize !== null
    ? []
    : i.services
        .filter(
          (s) =>
            (s.logging.driver === null || s.logging.driver === 'json-file') &&
            s.logging.maxSize === null,
        )
        .map((s) => ({
          id: `logs:no-rotation:${s.name}`,
          severity: 'warning' as const,
          service: s.name,
          message: `${s.name}'s container log is never rotated: it grows until the disk is full.`,
          fix: `In ${i.composeFile}, give ${s.name} "logging: {driver: json-file, options: {max-size: 10m, max-file: '3'}}".`,
        }));

const machine = (i: DoctorInput): DoctorFinding[] => {
  const out: DoctorFinding[] = [];
  if (i.machine.freeDiskBytes !== null && i.machine.freeDiskBytes < 60 * gb)
    out.push({
      id: 'disk:model-weights',
      severity: 'warning',
      service: null,
      message: `Only ${(i.machine.freeDiskBytes / gb).toFixed(0)} GB free where Docker keeps the model weights; a new model wants 15-60 GB.`,
      fix: "Free space on that disk or move Docker's data-root to a bigger one (/etc/docker/daemon.json).",
    });
  if (i.machine.dockerWithoutSudo === false)
    out.push({
      id: 'docker:needs-sudo',
      severity: 'warning',
      service: null,
      message: 'Docker needs sudo for this user, so the tray app cannot control the stack.',
      fix: 'Run "sudo usermod -aG docker $USER" and log in again.',
    });
  return out;
};

export const runDoctorRules = (i: DoctorInput): DoctorFinding[] => [
  ...(i.extra ?? []),
  ...exposed(i),
  ...door(i),
  ...tlsOff(i),
  ...publicTls(i),
  ...secrets(i),
  ...gpuRuntime(i),
  ...unpinned(i),
  ...tunnels(i),
  ...promptLogging(i),
  ...logRetention(i),
  ...spendLogGrowth(i),
  ...database(i),
  ...logRotation(i),
  ...machine(i),
];
