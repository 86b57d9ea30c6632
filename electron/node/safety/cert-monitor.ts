import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { parseCaddyLogLine } from '../../core/caddy-log';
import { caddyfileSites } from '../../core/caddyfile-sites';
import { evaluateSite, type SiteState } from '../../core/cert-status';
import type { CertsReport } from '../../shared/certs';
import type { AppConfig } from '../platform/app-config';
import { readFileIfExists, writeFileAtomic } from '../storage/atomic-file';
import { mountedFile } from '../compose/compose-mounts';
import { dotenvValues } from '../compose/dotenv-file';
import type { SettingsFile } from '../storage/settings-file';
import { readStateFile, stderrWarn, type Warn } from '../storage/state-file';
import { probeTls } from './tls-probe';
import { z } from 'zod';

export interface CertMonitorDeps {
  config: AppConfig;
  settings: SettingsFile;
  /** The caddy container's recent log lines (dockerode), when no log file is configured. */
  containerLog: () => Promise<string[]>;
  now?: () => number;
  warn?: Warn;
}

/** The Caddyfile the compose file mounts into caddy (./caddy/Caddyfile in the bundled stack). */
const caddyfilePath = async (composeFile: string): Promise<string | null> => {
  try {
    const doc = parse(await readFile(composeFile, 'utf8'), { merge: true }) as Record<
      string,
      unknown
    >;
    return mountedFile(doc, 'caddy', '/etc/caddy/Caddyfile', dirname(composeFile));
  } catch {
    return null;
  }
};

/**
 * Certificates per site: a TLS probe (with SNI, 5 s at most) and Caddy's own log, judged by
 * evaluateSite; the per-site state is kept in certs.json so "since" survives between runs.
 */
/** certs.json: per site, since when its status holds. */
const SiteStatesFile = z.array(
  z.looseObject({ host: z.string(), port: z.number(), status: z.string(), since: z.number() }),
);

export const checkCerts = async (
  d: CertMonitorDeps,
): Promise<CertsReport & { states: SiteState[] }> => {
  const now = d.now?.() ?? Date.now();
  const stateFile = join(d.config.dataDir, 'certs.json');
  const prev =
    ((await readStateFile(stateFile, SiteStatesFile, 'certificate state file', {
      warn: d.warn ?? stderrWarn,
      now: () => new Date(now),
    })) as SiteState[] | null) ?? [];
  const envText = await readFileIfExists(d.config.envFile);
  const env = { ...(envText === null ? {} : dotenvValues(envText)), ...process.env };
  const settings = (await d.settings.read()) as { certSites?: string[]; caddyLogFile?: string };
  const caddyfile = d.config.composeFiles[0] ? await caddyfilePath(d.config.composeFiles[0]) : null;
  const text = caddyfile ? await readFileIfExists(caddyfile) : null;
  const fromCaddy = text ? caddyfileSites(text, env) : [];
  const extra = [
    ...(settings.certSites ?? []),
    ...(d.config.gatewayUrl ? [d.config.gatewayUrl] : []),
  ].map((u) => {
    const url = new URL(u.includes('://') ? u : `https://${u}`);
    return { host: url.hostname, port: Number(url.port || 443), address: url.hostname };
  });
  const port = Number(env.HAGW_HTTPS_PORT ?? 443);
  const sites = [
    ...fromCaddy.map((host) => ({ host, port, address: '127.0.0.1' })),
    ...extra,
  ].filter((s, i, all) => all.findIndex((x) => x.host === s.host && x.port === s.port) === i);
  const logLines = settings.caddyLogFile
    ? ((await readFileIfExists(settings.caddyLogFile)) ?? '').split('\n')
    : await d.containerLog().catch(() => []);
  const events = logLines.map(parseCaddyLogLine).filter((e) => e !== null);
  const states = await Promise.all(
    sites.map(async (s) =>
      evaluateSite(
        prev.find((p) => p.host === s.host && p.port === s.port) ?? null,
        s.host,
        s.port,
        await probeTls(s.address, s.port, s.host),
        events,
        now,
      ),
    ),
  );
  await writeFileAtomic(stateFile, JSON.stringify(states), 0o600);
  return {
    sites: states.map((s) => ({
      host: s.host,
      port: s.port,
      status: s.status,
      notAfter: s.notAfter === null ? null : new Date(s.notAfter).toISOString(),
      daysLeft:
        s.notAfter === null ? null : Math.round(((s.notAfter - now) / 86_400_000) * 100) / 100,
      issuer: s.issuer,
      lastError: s.lastError,
      since: new Date(s.since).toISOString(),
    })),
    states,
  };
};
