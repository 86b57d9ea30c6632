import type { CertsReport } from '../shared/certs';
import type { UpdateOffer } from '../shared/images';
import type { DoctorReport } from '../shared/doctor';
import type { ServiceAdvisories } from '../shared/advisories';
import { compareVersions } from './osv-advisories';
import type { Observation } from './alert-engine';

/**
 * Certificate alerts carry the certificate's expiry in their id: a renewal serves a new
 * certificate, which clears them, and a new failure on it alerts again.
 */
export const certObservations = (r: CertsReport | null): Observation[] =>
  (r?.sites ?? []).flatMap((s): Observation[] => {
    const cert = s.notAfter ?? 'none';
    const site = `${s.host}:${s.port}`;
    switch (s.status) {
      case 'renewal-failing':
        return [
          {
            id: `certs:renewal-failing:${site}:${cert}`,
            severity: 'warning',
            source: 'certs',
            title: `Certificate for ${s.host} is not renewing`,
            message: `${s.lastError ?? 'Caddy has not renewed it in time.'} It expires ${s.notAfter ?? '?'}.`,
          },
        ];
      case 'expiring':
        return [
          {
            id: `certs:expiring:${site}:${cert}`,
            severity: 'critical',
            source: 'certs',
            title: `Certificate for ${s.host} expires soon`,
            message: `${s.daysLeft ?? '?'} days left and not renewed; clients will fail when it expires.`,
          },
        ];
      case 'expired':
        return [
          {
            id: `certs:expired:${site}:${cert}`,
            severity: 'critical',
            source: 'certs',
            title: `Certificate for ${s.host} has expired`,
            message: 'Clients are refusing the gateway now. See hagw certs for why renewal failed.',
          },
        ];
      default:
        return [];
    }
  });

/**
 * Every critical doctor finding is an alert: an exposed vLLM is not something to find by chance.
 * Advisories are the daily check's alert, one per service (advisoryObservations), not one each.
 */
export const doctorObservations = (r: DoctorReport | null): Observation[] =>
  (r?.findings ?? [])
    .filter((f) => f.severity === 'critical' && !f.id.startsWith('advisor'))
    .map((f) => ({
      id: `doctor:${f.id}`,
      severity: 'critical' as const,
      source: 'doctor' as const,
      title: f.service ? `Unsafe setting: ${f.service}` : 'Unsafe setting',
      message: `${f.message} Fix: ${f.fix}`,
    }));

/** The doctor's view of the certificate probe: every site that is not ok is a warning. */
export const certDoctorFindings = (r: CertsReport | null): DoctorReport['findings'] =>
  (r?.sites ?? [])
    .filter((s) => s.status !== 'ok')
    .map((s) => ({
      id: `certs:${s.status}:${s.host}`,
      severity: 'warning' as const,
      service: 'caddy',
      message: `The certificate for ${s.host}:${s.port} is ${s.status}${s.lastError ? `: ${s.lastError}` : ''}.`,
      fix:
        s.status === 'unreachable'
          ? 'Start the stack (hagw stack up) or check that Caddy listens on that port.'
          : 'See hagw certs and the caddy logs (hagw stack logs caddy); fix the ACME/DNS settings in the Caddyfile.',
    }));

/** One info alert naming every pinned image with a newer digest under its tag. */
export const updateObservations = (offers: readonly UpdateOffer[] | null): Observation[] =>
  offers && offers.length > 0
    ? [
        {
          id: 'updates:available',
          severity: 'info',
          source: 'updates',
          title: `Image updates available: ${offers.map((o) => o.service).join(', ')}`,
          message: `New digests under ${offers.map((o) => `${o.tag}${o.eligibleAt ? ` (eligible from ${o.eligibleAt.slice(0, 10)})` : ''}`).join(', ')}. hagw stack update takes a digest once it has been public for the wait, checks OpenAI compatibility before it pins it, and rolls back if a check breaks.`,
        },
      ]
    : [];

/**
 * One alert per service with critical or high advisories, naming the ids; its id carries them, so
 * a new advisory alerts again and an update that fixes them clears it.
 */
export const advisoryObservations = (
  services: readonly ServiceAdvisories[] | null,
): Observation[] =>
  (services ?? []).flatMap((s): Observation[] => {
    const serious = s.advisories.filter((a) => a.severity === 'critical' || a.severity === 'high');
    if (serious.length === 0) return [];
    const ids = serious.map((a) => a.id);
    const fixed = serious.map((a) => a.fixed).filter((f): f is string => f !== null);
    const highest = fixed.sort((a, b) => compareVersions(b, a))[0];
    return [
      {
        id: `advisories:${s.service}:${ids.join(',')}`,
        severity: serious.some((a) => a.severity === 'critical') ? 'critical' : 'warning',
        source: 'doctor',
        title: `${s.service} has known vulnerabilities`,
        message: `${s.package?.name ?? s.service} ${s.package?.version ?? ''}: ${serious.map((a) => `${a.id}${a.aliases[0] ? ` (${a.aliases[0]})` : ''}, ${a.severity}`).join('; ')}.${highest ? ` Fixed from ${highest}: point its tag there, then hagw stack update ${s.service}.` : ''}`,
      },
    ];
  });
