import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { GatewayError } from '../core/gateway-error';
import { randomBytes } from 'node:crypto';
import { planSetup, type SecretKey } from '../core/setup-plan';
import type { ProcessRunner } from '../core/ports';
import type { SetupReport } from '../shared/setup';
import type { AppConfig } from '../node/platform/app-config';
import { readFileIfExists } from '../node/storage/atomic-file';
import { withFileMutex } from '../node/storage/file-mutex';
import { join } from 'node:path';
import { freeDiskAt } from '../node/docker/disk-space';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dotenvValues, duplicateKeys } from '../node/compose/dotenv-file';
import { queryGpuInventory } from '../node/gpu/nvidia-smi-inventory';
import { portInUse } from '../node/safety/port-probe';
import { updateStackEnv } from '../node/compose/stack-env-file';
import {
  checkDnsProvider,
  checkDnsToken,
  checkPublicName,
  dnsProviders,
  tlsModeOf,
} from '../core/tls-mode';

const bad = (message: string) => new GatewayError('BAD_INPUT', message);

/** LiteLLM wants "sk-" keys; 32 random bytes as hex. Passwords: 32 random bytes, URL-safe. */
export const generateSecrets = (): Record<SecretKey, string> => ({
  LITELLM_MASTER_KEY: `sk-${randomBytes(32).toString('hex')}`,
  LITELLM_SALT_KEY: `sk-${randomBytes(32).toString('hex')}`,
  POSTGRES_PASSWORD: randomBytes(32).toString('base64url'),
  GRAFANA_ADMIN_PASSWORD: randomBytes(24).toString('base64url'),
  HAGW_BATCH_SECRET: randomBytes(32).toString('base64url'),
});

/** The data directory holds secrets: readable by its owner alone, also when it already existed. */
const tightenDataDir = async (dir: string): Promise<string[]> => {
  const st = await stat(dir).catch(() => null);
  if (!st || (st.mode & 0o077) === 0) return [];
  await chmod(dir, 0o700);
  return [`${dir} was mode 0${(st.mode & 0o777).toString(8)}; now 0700 (it holds secrets)`];
};

export interface SetupDeps {
  config: AppConfig;
  runner: ProcessRunner;
  /** Where Docker keeps volumes (the model cache): from `docker info`, or null without an engine. */
  dockerRoot: () => Promise<string | null>;
  stackRunning: () => Promise<boolean>;
  /** The environment nvidia-smi runs in (the CLI's, not necessarily this process's). */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** This machine's interface addresses (os.networkInterfaces), for --lan-ip. */
  addresses?: () => string[];
}

const localAddresses = (): string[] =>
  Object.values(networkInterfaces())
    .flat()
    .map((a) => a?.address)
    .filter((a): a is string => typeof a === 'string');

/**
 * `--lan-ip ADDR`: Caddy's ports on that interface alone (a LAN-only host that also has a public
 * or VPN interface). It must be one of this machine's addresses, or compose fails at start.
 */
export const checkLanIp = (ip: string, addresses: readonly string[]): string => {
  if (isIP(ip) === 0)
    throw new GatewayError(
      'BAD_INPUT',
      `--lan-ip "${ip}" is not an IP address; e.g. 192.168.1.10.`,
    );
  if (!addresses.includes(ip))
    throw new GatewayError(
      'BAD_INPUT',
      `--lan-ip ${ip} is not an address of this machine; its addresses: ${addresses.filter((a) => !a.startsWith('fe80')).join(', ')}.`,
    );
  return ip;
};

export interface TlsChoice {
  /** `--public-name`: the site's public DNS name (DNS-01 only). */
  publicName?: string;
  /** `--dns`: a provider from dnsProviders, or "internal" (back to the LAN CA). */
  dns?: string;
}

/**
 * `--public-name NAME --dns cloudflare` / `--dns internal`: the .env values that select the
 * certificate source. The provider token comes from the shell (never argv, never echoed); without
 * one here or already in the .env nothing is written.
 */
export const planTls = (
  choice: TlsChoice,
  existing: Readonly<Record<string, string>>,
  shell: NodeJS.ProcessEnv,
): { write: Record<string, string>; changes: string[] } => {
  if (choice.dns === undefined && choice.publicName === undefined)
    return { write: {}, changes: [] };
  const was = tlsModeOf(existing);
  if (choice.dns === undefined)
    throw bad(
      `--public-name needs --dns (${Object.keys(dnsProviders).join(', ')}): a public certificate is proven through your DNS provider, with no port opened to the internet.`,
    );
  if (choice.dns === 'internal') {
    if (choice.publicName !== undefined)
      throw bad(
        '--public-name is for a public certificate (--dns cloudflare); with the LAN CA set HAGW_SITE_ADDRESS in the .env.',
      );
    return was === 'internal'
      ? { write: {}, changes: [] }
      : {
          write: { HAGW_TLS: 'internal' },
          changes: [`HAGW_TLS ${was} -> internal: Caddy's own CA again (the stock image)`],
        };
  }
  const provider = checkDnsProvider(choice.dns);
  if (!provider.ok) throw bad(provider.error);
  const p = dnsProviders[provider.value];
  const name = checkPublicName(choice.publicName ?? existing.HAGW_SITE_ADDRESS ?? '');
  if (!name.ok)
    throw bad(
      choice.publicName === undefined
        ? `--dns ${provider.value} needs --public-name NAME (the name clients will use); nothing was written.`
        : `${name.error} Nothing was written.`,
    );
  const write: Record<string, string> = { HAGW_SITE_ADDRESS: name.value, HAGW_TLS: p.mode };
  const fromShell = shell[p.token];
  if (fromShell) {
    const token = checkDnsToken(provider.value, fromShell);
    if (!token.ok) throw bad(`${token.error} Nothing was written.`);
    write[p.token] = token.value;
  } else if (!existing[p.token])
    throw bad(
      `Set ${p.token} in this shell (export ${p.token}=..., ${p.howToGet}) and run again; nothing was written.`,
    );
  const changes: string[] = [];
  if (existing.HAGW_SITE_ADDRESS !== name.value)
    changes.push(
      `HAGW_SITE_ADDRESS ${existing.HAGW_SITE_ADDRESS ?? 'gateway.home.arpa'} -> ${name.value}: point its DNS record at this machine (or reach it through a tunnel)`,
    );
  if (was !== p.mode)
    changes.push(
      `HAGW_TLS ${was} -> ${p.mode}: the next "hagw stack up" builds Caddy with the caddy-dns/${provider.value} module (${p.overlay}; needs the registry once) and gets the certificate through DNS-01`,
    );
  return { write, changes };
};

/**
 * `hagw setup`: gathers the facts, plans, and writes the stack's .env atomically at 0600, keeping a
 * backup of the previous file. Existing secrets are never overwritten.
 */
export const runSetup = async (
  deps: SetupDeps,
  options: { dryRun: boolean; lanIp?: string } & TlsChoice,
): Promise<SetupReport> => {
  if (options.dryRun) return setupOnce(deps, options);
  // Two setups at once would each generate secrets and the .env and its backup would disagree:
  // the data directory's setup lock makes the second wait, then keep the first one's secrets.
  // Made, not tightened, here: setup's own tightening reports the mode it found.
  await mkdir(deps.config.dataDir, { recursive: true, mode: 0o700 });
  return withFileMutex(join(deps.config.dataDir, '.setup.lock'), () => setupOnce(deps, options), {
    waitMs: 120_000,
    // A setup takes seconds (nvidia-smi, Docker, ports): only a lock this old is a crashed one.
    staleMs: 300_000,
  });
};

const setupOnce = async (
  deps: SetupDeps,
  options: { dryRun: boolean; lanIp?: string } & TlsChoice,
): Promise<SetupReport> => {
  const { config } = deps;
  const lanIp =
    options.lanIp === undefined
      ? undefined
      : checkLanIp(options.lanIp, (deps.addresses ?? localAddresses)());
  const before = await readFileIfExists(config.envFile);
  const changes: string[] = [];
  // A key that stands twice: compose takes the last line, which may be an empty one below a real
  // secret. Keep the last non-empty value (a secret is never discarded) on one line.
  const duplicates = before === null ? new Map<string, string[]>() : duplicateKeys(before);
  const merged: Record<string, string> = {};
  for (const [k, vs] of duplicates) {
    const kept = [...vs].reverse().find((v) => v !== '') ?? '';
    merged[k] = kept;
    changes.push(
      `${k} stood on ${vs.length} lines; kept ${kept === '' ? 'the empty value' : 'the last non-empty value'} on one line`,
    );
  }
  const existing = { ...(before === null ? {} : dotenvValues(before)), ...merged };
  // Checked before anything is touched: bad input writes nothing.
  const tls = planTls(options, existing, deps.env ?? process.env);
  if (!options.dryRun) changes.push(...(await tightenDataDir(config.dataDir)));
  const [inventory, dockerRoot, stackRunning] = await Promise.all([
    queryGpuInventory(deps.runner, config.nvidiaSmi ?? 'nvidia-smi', deps.env),
    deps.dockerRoot(),
    deps.stackRunning(),
  ]);
  const diskPath = dockerRoot ?? config.dataDir;
  const ports = await Promise.all([
    portInUse(80, '0.0.0.0').then((inUse) => ({ port: 80, inUse })),
    portInUse(443, '0.0.0.0').then((inUse) => ({ port: 443, inUse })),
    portInUse(4000, '127.0.0.1').then((inUse) => ({ port: 4000, inUse })),
  ]);
  const plan = planSetup(
    {
      existing,
      gpus: inventory.gpus,
      gpuError: inventory.error,
      freeDiskBytes: await freeDiskAt(diskPath),
      diskPath,
      ports,
      stackRunning,
    },
    generateSecrets(),
  );
  if (lanIp !== undefined && existing.HAGW_CADDY_BIND !== lanIp) {
    plan.write.HAGW_CADDY_BIND = lanIp;
    changes.push(
      `HAGW_CADDY_BIND ${existing.HAGW_CADDY_BIND ?? '0.0.0.0'} -> ${lanIp}: Caddy listens on that interface alone (hagw stack up recreates it)`,
    );
  }
  for (const [k, v] of Object.entries(tls.write)) if (existing[k] !== v) plan.write[k] = v;
  changes.push(...tls.changes);
  const written = Object.keys(plan.write);
  // Duplicates are rewritten even when nothing new is written.
  const toWrite = {
    ...Object.fromEntries(Object.entries(merged).filter(([k]) => !(k in plan.write))),
    ...plan.write,
  };
  let backup: string | null = null;
  if (!options.dryRun && Object.keys(toWrite).length > 0) {
    const header = '# Written by `hagw setup`. Secrets: never share this file (mode 0600).\n';
    ({ backup } = await updateStackEnv(
      config.envFile,
      toWrite,
      deps.now?.() ?? new Date(),
      header,
    ));
  }
  return {
    envFile: config.envFile,
    dryRun: options.dryRun,
    written,
    kept: plan.kept,
    backup,
    changes,
    profile: plan.profile,
    gpus: inventory.gpus ?? [],
    findings: plan.findings,
  };
};
