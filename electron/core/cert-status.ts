import type { CertLogEvent } from './caddy-log';

export type CertStatus = 'ok' | 'expiring' | 'renewal-failing' | 'expired' | 'unreachable';

export type CertProbe =
  | {
      ok: true;
      notBefore: number;
      notAfter: number;
      issuer: string;
      names: string[];
      fingerprint: string;
    }
  | { ok: false; error: string };

export interface SiteState {
  host: string;
  port: number;
  status: CertStatus;
  since: number;
  notAfter: number | null;
  issuer: string | null;
  fingerprint: string | null;
  lastError: string | null;
}

const day = 86_400_000;

/**
 * Caddy renews when a third of the lifetime is left. Slack and the "expiring" line scale with the
 * lifetime so that a 90-day certificate gets the documented 1 day / 7 days and a 90-second test
 * certificate gets 9 s: min(1 day, lifetime/10) and min(7 days, lifetime/10).
 */
export const renewalDeadline = (notBefore: number, notAfter: number): number => {
  const life = notAfter - notBefore;
  return notAfter - life / 3 + Math.min(day, life / 10);
};

export const expiringFrom = (notBefore: number, notAfter: number): number =>
  notAfter - Math.min(7 * day, (notAfter - notBefore) / 10);

/** Events about this host (a wildcard identifier covers its subdomains). */
const forHost = (events: readonly CertLogEvent[], host: string) =>
  events.filter(
    (e) =>
      e.identifiers.length === 0 ||
      e.identifiers.some(
        (id) => id === host || (id.startsWith('*.') && host.endsWith(id.slice(1))),
      ),
  );

export const evaluateSite = (
  prev: SiteState | null,
  host: string,
  port: number,
  probe: CertProbe,
  events: readonly CertLogEvent[],
  now: number,
): SiteState => {
  const keep = (status: CertStatus) => (prev && prev.status === status ? prev.since : now);
  if (!probe.ok) {
    return {
      host,
      port,
      status: 'unreachable',
      since: keep('unreachable'),
      notAfter: prev?.notAfter ?? null,
      issuer: prev?.issuer ?? null,
      fingerprint: prev?.fingerprint ?? null,
      lastError: probe.error,
    };
  }
  const mine = forHost(events, host).sort((a, b) => a.at - b.at);
  const lastFailure = mine.filter((e) => e.kind === 'failure').at(-1) ?? null;
  const lastRecovery = mine.filter((e) => e.kind === 'recovery').at(-1) ?? null;
  // A new certificate on the wire is a renewal: failures from before it are history.
  const certChanged =
    prev?.fingerprint !== undefined &&
    prev.fingerprint !== null &&
    prev.fingerprint !== probe.fingerprint;
  // Failing in the log: the latest failure is newer than the latest success (a renewal logs one).
  const failingInLog =
    lastFailure !== null && (lastRecovery === null || lastFailure.at > lastRecovery.at);
  const failingByLifetime = now > renewalDeadline(probe.notBefore, probe.notAfter);
  const status: CertStatus =
    now >= probe.notAfter
      ? 'expired'
      : now >= expiringFrom(probe.notBefore, probe.notAfter)
        ? 'expiring'
        : failingInLog || failingByLifetime
          ? 'renewal-failing'
          : 'ok';
  const lastError =
    status === 'ok'
      ? null
      : (lastFailure?.error ??
        (failingByLifetime
          ? `Caddy should have renewed this certificate by ${new Date(renewalDeadline(probe.notBefore, probe.notAfter)).toISOString()}; it did not.`
          : null));
  return {
    host,
    port,
    status,
    since: certChanged ? now : keep(status),
    notAfter: probe.notAfter,
    issuer: probe.issuer,
    fingerprint: probe.fingerprint,
    lastError,
  };
};
